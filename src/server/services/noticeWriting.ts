import { noticeKinds, type NoticeKind } from '../../catalogue/schemas/notices';
import { checkDraft } from '../../domain/notices/draft';
import { cleanText } from '../../domain/text';
import { countOf, draftInput, fieldOf, fieldsOf, reshape, type Fields } from '../../domain/notices/form';
import type { ItemForSchool } from '../../domain/rectification';
import type { NoticeAction } from '../../domain/notices/machine';
import { noticeDesk, kindsOf } from './noticeDesk';
import { actorOf, startDraft, takeStep, type StepDeps, type StepOutcome } from './noticeSteps';
import type { Refusal, SignedIn } from './workspaceAccess';
import type { OutcomeKind } from './outcome';

const refuse = (kind: OutcomeKind, message: string): Refusal => ({ ok: false, kind, message });

/** The form of a notice as a page shows it: its kind, the answers, the errors, and whether it corrects a published version. */
export interface NoticeForm {
  ok: true;
  kind: NoticeKind;
  id?: string;
  fields: Fields;
  errors: Record<string, string>;
  correcting: boolean;
}

/** Where a bureau's phone and address come from (content/bureaus.yaml), for the self-inspection's complaint channels. */
export type Contacts = ReadonlyMap<string, { name: string; phone: string; hours: string; address: string }>;

/**
 * Writing a notice in the workspace: the form of a new notice, of a draft or
 * returned copy, or of a correction; saving it (a draft, shown next as the
 * preview to submit from); and the steps taken on the notice page (submit,
 * approve, return, withdraw, a row's progress), all through takeStep.
 */
export function noticeWriting(
  deps: StepDeps & {
    contacts: Contacts;
    siteUrl: string;
    phases: string[];
    /** A rectification item of the signed-in school (rectificationDesk.ts), to add to the form as a row. */
    schoolItem?: (who: SignedIn, id: string) => Promise<ItemForSchool | undefined>;
  },
) {
  const desk = noticeDesk(deps);
  const channels = (who: SignedIn) => {
    const school = actorOf(who).body;
    const bureau = school.kind === 'school' ? deps.contacts.get(deps.directory.schools.get(school.school)?.bureau ?? '') : undefined;
    return [
      `本站在线举报：${deps.siteUrl}/report/`,
      ...(bureau ? [`${bureau.name}举报电话：${bureau.phone}（${bureau.hours}）；来信来访地址：${bureau.address}`] : []),
    ];
  };

  /** Reads a notice its owner may write: a draft, a returned copy, or (to correct it) a published one. */
  const own = async (who: SignedIn, id: string | undefined) => {
    const opened = await desk.open(who, id);
    if (!opened.ok) return opened;
    if (opened.role !== 'owner') return refuse('forbidden', '只有发布单位可以修改这份公示。');
    const { record } = opened;
    if (record.state === 'withdrawn' || record.state === 'submitted')
      return refuse('conflict', record.state === 'submitted' ? '这份公示正在等待审核，审核前不能修改。' : '这份公示已撤回，不能再修改。');
    return { ok: true as const, record };
  };

  const writing = {
    /** The form to start a notice of `kind`, or to edit or correct notice `id`; with `item`, the bureau's rectification item added as a row. */
    async form(who: SignedIn, query: { kind?: string | null; id?: string | null; item?: string | null }): Promise<NoticeForm | Refusal> {
      const shown = await writing.blank(who, query);
      const item = query.item && shown.ok && shown.kind === 'rectification' ? await deps.schoolItem?.(who, query.item) : undefined;
      return item && shown.ok ? { ...shown, fields: withItemRow(shown.fields, item, shown.correcting) } : shown;
    },

    /** The form as stored: a new notice's empty form, or the copy being edited or corrected. */
    async blank(who: SignedIn, query: { kind?: string | null; id?: string | null }): Promise<NoticeForm | Refusal> {
      if (query.id) {
        const found = await own(who, query.id);
        if (!found.ok) return found;
        const { record } = found;
        const copy = record.pending?.content ?? record.versions.at(-1)!.content;
        return {
          ok: true,
          kind: record.kind,
          id: record.id,
          fields: fieldsOf(record.kind, copy, deps.directory.aspects),
          errors: {},
          correcting: record.versions.length > 0,
        };
      }
      const kind = noticeKinds.find((k) => k === query.kind);
      if (!kind || !kindsOf(who).includes(kind)) return refuse('not-found', '请从公示列表中选择要写的公示种类。');
      return { ok: true, kind, fields: {}, errors: {}, correcting: false };
    },

    /** Saves the form: a button that adds or removes a row shows the form again, answers kept; otherwise the copy is checked and saved. */
    async save(who: SignedIn, posted: Fields): Promise<NoticeForm | Refusal | { ok: true; saved: string }> {
      // Answers kept on the form come back without control characters (text.ts): HTML cannot carry them.
      const fields = Object.fromEntries(Object.entries(posted).map(([k, v]) => [k, cleanText(v)]));
      const current = fields.id ? await own(who, fields.id) : undefined;
      if (current && !current.ok) return current;
      const record = current?.record;
      const kind = record?.kind ?? noticeKinds.find((k) => k === fields.kind);
      if (!kind || !kindsOf(who).includes(kind)) return refuse('not-found', '请从公示列表中选择要写的公示种类。');
      const correcting = (record?.versions.length ?? 0) > 0;
      const form = (f: Fields, errors: Record<string, string>): NoticeForm => ({
        ok: true,
        kind,
        ...(record ? { id: record.id } : {}),
        fields: f,
        errors,
        correcting,
      });
      const reshaped = reshape(fields, fields.intent ?? '');
      if (reshaped) return form(reshaped, {});
      const { input, errors } = draftInput(kind, fields, { aspects: deps.directory.aspects, channels: channels(who) });
      const checked = checkDraft(kind, input, deps.directory);
      if (!checked.ok) for (const [path, message] of Object.entries(checked.errors)) if (path !== 'phase') errors[fieldOf(path)] ??= message;
      const reason = (fields.reason ?? '').trim();
      if (correcting && !reason && !record?.pending?.correction) errors.reason = '请填写修订理由：公众会看到“修订于 …：理由”';
      if (!deps.phases.includes(fields.phase ?? '')) errors.phase = '请选择所属阶段';
      if (Object.keys(errors).length) return form(fields, inFormOrder(errors));
      let outcome: StepOutcome;
      if (!record) outcome = await startDraft(deps, who, kind, input);
      else if (record.state === 'published') outcome = await takeStep(deps, who, record.id, { type: 'correct', input, reason });
      else outcome = await takeStep(deps, who, record.id, { type: 'edit', input, ...(reason ? { reason } : {}) });
      if (outcome.kind === 'invalid') return form(fields, Object.fromEntries(Object.entries(outcome.errors).map(([p, m]) => [fieldOf(p), m])));
      if (outcome.kind === 'refused' || outcome.kind === 'conflict') return form(fields, { form: outcome.reason });
      if (outcome.kind === 'missing') return refuse('not-found', '找不到这份公示。');
      return { ok: true, saved: outcome.record.id };
    },

    /** A step from the notice page's buttons; the domain decides who may take it. */
    async act(who: SignedIn, fields: Fields): Promise<StepOutcome | Refusal> {
      // Read access first: a body that may not see the notice learns nothing of it.
      const opened = await desk.open(who, fields.id);
      if (!opened.ok) return opened;
      const action = actionOf(fields);
      if (!action) return { kind: 'refused', reason: '请选择要执行的操作' };
      return takeStep(deps, who, opened.record.id, action);
    },
  };
  return writing;
}

/**
 * The form with one more ledger row: the bureau's item, source 举报, for the
 * school to complete (measure, responsible office, deadline). The row carries
 * the item's id, so that it keeps it through every version and the bureau and
 * the parent find it. An item already on the form is not added twice.
 */
function withItemRow(fields: Fields, item: ItemForSchool, correcting: boolean): Fields {
  const n = fields.rows ? countOf(fields, 'rows', 1) : 0;
  if (Array.from({ length: n }, (_, i) => fields[`ledger-${i}-item`]).includes(item.id)) return fields;
  return {
    ...fields,
    rows: String(n + 1),
    [`ledger-${n}-item`]: item.id,
    [`ledger-${n}-problem`]: item.problem,
    [`ledger-${n}-source`]: '举报',
    [`ledger-${n}-aspect`]: item.aspect,
    [`ledger-${n}-status`]: '未启动',
    ...(correcting && !fields.reason ? { reason: '增加主管教育局交办的整改事项' } : {}),
  };
}

/** The fields in the order the form asks them, so that the error summary reads top to bottom (GOV.UK). */
const ORDER = ['form', 'reason', 'title', 'summary', 'phase', 'method', 'check-', 'note-', 'selfScore', 'arrangements', 'body', 'ledger', 'finding'];
const rank = (key: string) => ORDER.findIndex((prefix) => key === prefix || key.startsWith(prefix));
function inFormOrder(errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).sort(([a], [b]) => rank(a) - rank(b)));
}

/** The action a notice page's form asks for. */
function actionOf(fields: Fields): NoticeAction | undefined {
  switch (fields.action) {
    case 'submit':
    case 'approve':
      return { type: fields.action };
    case 'return':
    case 'withdraw':
      return { type: fields.action, reason: fields.reason ?? '' };
    case 'progress':
      return { type: 'progress', row: fields.row ?? '', on: (fields.on ?? '').trim(), status: fields.status ?? '', note: fields.note ?? '' };
    default:
      return undefined;
  }
}

export type NoticeWriting = ReturnType<typeof noticeWriting>;
