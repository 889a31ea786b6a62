import { chinaDate } from '../../domain/deadlines';
import type { ComplaintPrivate, ComplaintRecord } from '../../domain/complaint';
import type { Directory } from '../../domain/directory';
import type { PublicView } from '../../domain/publicView';
import {
  checkItemInput,
  forSchool,
  itemState,
  raiseRefusal,
  type ItemForSchool,
  type ItemRow,
  type ItemState,
  type RectificationItem,
} from '../../domain/rectification';
import type { Clock } from '../../ports/clock';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { Keys } from '../../ports/keys';
import type { NoticeStore } from '../../ports/noticeStore';
import type { Random } from '../../ports/random';
import type { RectificationStore } from '../../ports/rectificationStore';
import { randomStableSuffix } from './noticeIds';
import { whileStoreUp, type OutcomeKind } from './outcome';
import { rowsOfSchool } from './rectificationRows';
import type { Refusal, SignedIn } from './workspaceAccess';
import { UNAVAILABLE } from './workspaceWords';

const refuse = (kind: OutcomeKind, message: string): Refusal => ({ ok: false, kind, message });
/** The same words for a complaint that is not there and one that is not this bureau's: a school or another bureau learns nothing. */
const NOT_YOURS = refuse('forbidden', '只有办理这件举报的教育局可以为它生成整改事项。');

/** The form that writes an item for a complaint, or links it to one the school already has. */
export interface RaiseForm {
  ok: true;
  reference: string;
  school: { id: string; name: string };
  /** The items already linked to this complaint. */
  linked: RectificationItem[];
  /** The bureau's other items for this school, to link to instead of writing the same problem twice. */
  others: RectificationItem[];
  fields: Record<string, string>;
  errors: Record<string, string>;
  /** Which of the page's two forms was posted (its answers are kept in that one). */
  intent?: 'new' | 'link';
  /** Whether the finding allows an item; when not, the page says why and shows no form. */
  refusal?: string;
}

/** One item on the bureau's list, with where it stands on the school's ledger. */
export interface BureauItem extends RectificationItem {
  schoolName: string;
  state: ItemState;
  row?: ItemRow;
}

/** An item as the parent follows it (PublicView.rectification). */
export type RectificationFollow = NonNullable<PublicView['rectification']>[number];

/** One item in the school's workspace: the bureau's words, and the row once published. Nothing about any complaint. */
export interface SchoolItem extends ItemForSchool {
  row?: ItemRow;
}

/**
 * The bureau writes rectification items from substantiated complaints and
 * follows them; the school reads them as rows to complete. Every read of a
 * school goes through `forSchool`, which keeps the complaints out.
 */
export function rectificationDesk(deps: {
  items: RectificationStore;
  notices: NoticeStore;
  complaints: ComplaintStore;
  keys: Keys;
  clock: Clock;
  random: Random;
  directory: Pick<Directory, 'schools' | 'aspects'>;
  /** A complaint linked to an item already done: its parent is told at once (rectificationRows.ts). */
  afterLink?: (item: RectificationItem) => Promise<void>;
}) {
  const schoolName = (id: string) => deps.directory.schools.get(id)?.name ?? id;
  /** The complaint, if it is this bureau's: the office and schools never write items. */
  const complaintOf = async (who: SignedIn, reference: string | null | undefined): Promise<ComplaintRecord | Refusal> => {
    if (who.body.kind !== 'bureau') return NOT_YOURS;
    const record = reference && /^JB-\d{8}-[0-9A-Z]{8}$/.test(reference) ? await deps.complaints.byReference(reference) : null;
    return record && record.bureau === who.body.id ? record : NOT_YOURS;
  };
  const formOf = async (who: SignedIn, record: ComplaintRecord, fields: Record<string, string>, errors: Record<string, string>): Promise<RaiseForm> => {
    const linked = await deps.items.ofComplaint(record.reference);
    const others = (await deps.items.ofSchool(record.school)).filter((i) => i.bureau === who.body.id && !linked.some((l) => l.id === i.id));
    const refusal = raiseRefusal(record, who.body.id);
    return {
      ok: true,
      reference: record.reference,
      school: { id: record.school, name: schoolName(record.school) },
      linked,
      others,
      fields: { aspect: record.aspect, ...fields },
      errors,
      ...(fields.intent === 'link' || fields.intent === 'new' ? { intent: fields.intent } : {}),
      ...(refusal ? { refusal } : {}),
    };
  };

  const desk = {
    async form(who: SignedIn, reference: string | null): Promise<RaiseForm | Refusal> {
      const record = await complaintOf(who, reference);
      return 'ok' in record ? record : formOf(who, record, {}, {});
    },

    /** Writes a new item (`intent=new`) or links the complaint to one of the bureau's items for the school (`intent=link`). */
    async raise(who: SignedIn, fields: Record<string, string>): Promise<RaiseForm | Refusal | { ok: true; done: string; reference: string }> {
      const record = await complaintOf(who, fields.ref);
      if ('ok' in record) return record;
      const refusal = raiseRefusal(record, who.body.id);
      if (refusal) return formOf(who, record, fields, { form: refusal });
      if (fields.intent === 'link') {
        const item = fields.item ? await deps.items.find(fields.item) : null;
        if (!item || item.school !== record.school || item.bureau !== who.body.id)
          return formOf(who, record, fields, { item: '请从列表中选择这所学校的一个整改事项' });
        const linked = await deps.items.link(item.id, record.reference);
        if (linked) await deps.afterLink?.(linked);
        return { ok: true, done: item.id, reference: record.reference };
      }
      const words = (JSON.parse(await deps.keys.open(record.sealed)) as ComplaintPrivate).description;
      const checked = checkItemInput(fields, deps.directory, words);
      if (!checked.ok) return formOf(who, record, fields, checked.errors);
      const item: RectificationItem = {
        id: `zg-${randomStableSuffix(deps.random)}`,
        school: record.school,
        bureau: who.body.id,
        aspect: checked.aspect,
        problem: checked.problem,
        createdAt: deps.clock.now().toISOString(),
        createdBy: who.person.email,
        complaints: [record.reference],
      };
      if (!(await deps.items.create(item))) return formOf(who, record, fields, { form: '保存没有成功，请再试一次。' });
      return { ok: true, done: item.id, reference: record.reference };
    },

    /** The bureau's items, newest first, each with where it stands: not yet published by the school, published, or overdue. */
    async bureauList(who: SignedIn): Promise<{ ok: true; items: BureauItem[] } | Refusal> {
      if (who.body.kind !== 'bureau') return refuse('forbidden', '整改事项清单只给教育局查看。');
      const items = await deps.items.ofBureau(who.body.id);
      const today = chinaDate(deps.clock.now());
      const rows = new Map<string, Map<string, ItemRow>>();
      for (const school of new Set(items.map((i) => i.school))) rows.set(school, await rowsOfSchool(deps.notices, school));
      return {
        ok: true,
        items: items.map((item) => {
          const row = rows.get(item.school)?.get(item.id);
          return { ...item, schoolName: schoolName(item.school), state: itemState(row, today), ...(row ? { row } : {}) };
        }),
      };
    },

    /** What a school's session reads: its items in the bureau's words, and each row once published. */
    async schoolList(who: SignedIn): Promise<{ ok: true; items: SchoolItem[] } | Refusal> {
      if (who.body.kind !== 'school') return refuse('forbidden', '只有学校有待填写的整改事项。');
      const school = who.body.id.slice('school:'.length);
      const rows = await rowsOfSchool(deps.notices, school);
      return {
        ok: true,
        items: (await deps.items.ofSchool(school)).map((item) => {
          const row = rows.get(item.id);
          return { ...forSchool(item), ...(row ? { row } : {}) };
        }),
      };
    },

    /**
     * What the parent's status page shows of the items their complaint is
     * linked to: the bureau's sentence and, once the school published it, the
     * row's anchor and its current progress. A store outage shows none.
     */
    async follow(reference: string): Promise<RectificationFollow[]> {
      return whileStoreUp(async () => {
        const items = await deps.items.ofComplaint(reference);
        const rows = new Map<string, Map<string, ItemRow>>();
        for (const school of new Set(items.map((i) => i.school))) rows.set(school, await rowsOfSchool(deps.notices, school));
        return items.map((item) => {
          const row = rows.get(item.school)?.get(item.id);
          return {
            id: item.id,
            problem: item.problem,
            aspect: deps.directory.aspects.get(item.aspect)?.name ?? item.aspect,
            ...(row ? { row: { href: `/notices/${row.notice}/#${item.id}`, status: row.status, deadline: row.deadline } } : {}),
          };
        });
      }, []);
    },

    /** The parent's view with the items its complaint became, when it became any. */
    async withItems(view: PublicView): Promise<PublicView> {
      const items = await desk.follow(view.reference);
      return items.length ? { ...view, rectification: items } : view;
    },

    /** One of the school's own items (the notice form adds it as a row), or undefined. */
    async schoolItem(who: SignedIn, id: string): Promise<ItemForSchool | undefined> {
      if (who.body.kind !== 'school') return undefined;
      const item = await deps.items.find(id);
      return item && `school:${item.school}` === who.body.id ? forSchool(item) : undefined;
    },
  };
  const guarded =
    <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
    (...args: A) =>
      whileStoreUp(() => read(...args), UNAVAILABLE);
  return {
    form: guarded(desk.form),
    raise: guarded(desk.raise),
    bureauList: guarded(desk.bureauList),
    schoolList: guarded(desk.schoolList),
    schoolItem: desk.schoolItem,
    follow: desk.follow,
    withItems: desk.withItems,
  };
}

export type RectificationDesk = ReturnType<typeof rectificationDesk>;
