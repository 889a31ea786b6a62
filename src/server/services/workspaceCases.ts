import { accessLog, type AccessEntry, type AuditEntry, type ExportEntry } from '../../domain/audit';
import { caseloadCsv } from '../../domain/caseExport';
import { caseRow, matchesFilter, pageOf, parseCaseFilter, type CaseFilter, type CaseRow } from '../../domain/caseload';
import type { ComplaintPrivate, ComplaintRecord } from '../../domain/complaint';
import { chinaDate } from '../../domain/deadlines';
import { UNSURE_ASPECT, type Directory } from '../../domain/directory';
import { openGroups, type CaseGroup } from '../../domain/caseGroups';
import { openParentWords } from '../../domain/parentWords';
import { publicView, type PublicView } from '../../domain/publicView';
import type { Clock } from '../../ports/clock';
import type { Keys } from '../../ports/keys';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { WorkspaceStore } from '../../ports/workspaceStore';
import type { FormBody } from '../http';
import { postBureauAction, type ActOnComplaint, type Posted } from './actions';
import { officeOverview } from './officeOverview';
import type { Client } from './client';
import type { Refusal, SignedIn } from './workspaceAccess';
import { whileStoreUp, type OutcomeKind } from './outcome';
import { UNAVAILABLE } from './workspaceWords';

const REFERENCE = /^JB-\d{8}-[0-9A-Z]{8}$/;
const refuse = (kind: OutcomeKind, message: string): Refusal => ({ ok: false, kind, message });
/** A school's account writes its own notices and reads nothing of complaints: not one, not their count. */
const SCHOOL_REFUSED = refuse('forbidden', '学校账号只能填写和查看本校的公示，不能查看举报。');

export interface Caseload {
  ok: true;
  bureau: { id: string; name: string };
  /** The office looking at a bureau's list: no actions, no export. */
  readOnly: boolean;
  filter: CaseFilter;
  page: { items: CaseRow[]; currentPage: number; lastPage: number };
  total: number;
  matching: number;
  choices: { schools: Array<{ id: string; name: string }>; aspects: Array<{ id: string; name: string }> };
  /** The bureau's latest sign-ins (newest first, at most 20): the bureau and the office see who came in. */
  signIns: AccessEntry[];
  /** Open complaints about one school and one problem, two or more, the largest first (caseGroups.ts). */
  groups: CaseGroup[];
}

export interface WorkspaceComplaint {
  ok: true;
  readOnly: boolean;
  /** `ok`, or why the action posted was refused (the complaint is shown either way). */
  kind: OutcomeKind;
  record: ComplaintRecord;
  view: PublicView;
  /** Opened for the bureau only; the office never reads the description or the contact. */
  hidden?: ComplaintPrivate;
  audit: AuditEntry[];
  exports: ExportEntry[];
  /** Views and downloads of this complaint, newest first. */
  reads: AccessEntry[];
  done?: string;
  problem?: string;
  /** A refused answer's text and finding, shown again in its form. */
  posted?: Posted;
  /** No longer this bureau's (transferred by this very action): no more actions. */
  transferred: boolean;
  /** Complaints this bureau holds about the same school and problem (this one included), and how many came through "我也遇到了". */
  sameProblem: { count: number; viaLink: number };
}

/**
 * The caseload, a complaint opened from it, the office's overview
 * (officeOverview.ts) and the export. Every function takes the signed-in
 * body: a bureau sees and acts on its own complaints only; the office reads
 * every bureau's and acts on none.
 */
export function workspaceCases(deps: { store: ComplaintStore; sessions: WorkspaceStore; keys: Keys; clock: Clock; directory: Directory; act: ActOnComplaint }) {
  const today = () => chinaDate(deps.clock.now());
  const recordsOf = (bureau: string) => deps.store.bureauRecords(bureau);
  const bureauName = (id: string) => deps.directory.bureaus.get(id)?.name ?? id;

  /** Which bureau's list a request may see: its own, or any for the office. */
  const whichBureau = (who: SignedIn, asked: string | null | undefined): { id: string; readOnly: boolean } | Refusal => {
    if (who.body.kind === 'bureau')
      return !asked || asked === who.body.id ? { id: who.body.id, readOnly: false } : refuse('forbidden', '只能查看本单位办理的举报。');
    if (asked && deps.directory.bureaus.has(asked)) return { id: asked, readOnly: true };
    return refuse('not-found', '请从督导总览中选择一个教育局。');
  };

  const rowsOf = async (bureau: string, query: URLSearchParams) => {
    const records = await recordsOf(bureau);
    const day = today();
    const rows = records.map((r) => ({ record: r, row: caseRow(r, deps.directory, day) }));
    const schools = new Map([...deps.directory.schools].filter(([, s]) => s.bureau === bureau).map(([id, s]) => [id, s.name]));
    for (const { row } of rows) schools.set(row.school.id, row.school.name);
    const aspects = new Map([...[...deps.directory.aspects].map(([id, a]) => [id, a.name] as const), [UNSURE_ASPECT, '不确定属于哪一类'] as const]);
    const filter = parseCaseFilter(query, { schools: new Set(schools.keys()), aspects: new Set(aspects.keys()) });
    const matching = rows.filter(({ row }) => matchesFilter(row, filter));
    const list = (m: Map<string, string>) => [...m].map(([id, name]) => ({ id, name }));
    return { rows, matching, filter, choices: { schools: list(schools), aspects: list(aspects) } };
  };

  const cases = {
    async caseload(who: SignedIn, query: URLSearchParams): Promise<Caseload | Refusal> {
      if (who.body.kind === 'school') return SCHOOL_REFUSED;
      const which = whichBureau(who, query.get('bureau'));
      if ('ok' in which) return which;
      const { rows, matching, filter, choices } = await rowsOf(which.id, query);
      const page = pageOf(
        matching.map((m) => m.row),
        Number(query.get('page') ?? '1'),
      );
      const signIns = (await deps.sessions.accessOf(accessLog.signIns(which.id), deps.clock.now().getTime())).slice(0, 20);
      return {
        ok: true,
        bureau: { id: which.id, name: bureauName(which.id) },
        readOnly: which.readOnly,
        filter,
        page,
        total: rows.length,
        matching: matching.length,
        choices,
        signIns,
        groups: openGroups(
          rows.map((r) => r.record),
          deps.directory,
          today(),
        ),
      };
    },

    /** One complaint, and on POST the action taken on it, through the same service as the emailed link. */
    async complaint(who: SignedIn, request: { query: URLSearchParams; body?: FormBody; client: Client }): Promise<WorkspaceComplaint | Refusal> {
      const { body } = request;
      if (who.body.kind === 'school') return SCHOOL_REFUSED;
      if (body && !body.ok) return refuse(body.kind, Object.values(body.errors)[0] ?? '提交的内容无法读取。');
      const reference = body ? body.fields.ref : request.query.get('ref');
      if (!reference || !REFERENCE.test(reference)) return refuse('not-found', '找不到这件举报：编号不完整或有误。');
      const found = await deps.store.byReference(reference);
      const office = who.body.kind === 'office';
      if (!found) return refuse('not-found', '找不到这件举报，它可能已过保存期限。');
      if (!office && found.bureau !== who.body.id) return refuse('forbidden', '这件举报不由贵单位办理，无法查看。');
      if (office && body) return refuse('forbidden', '督导机构只能查看，不能代替教育局办理。');
      const { record, ...said } = body
        ? await postBureauAction(deps.act, found, {
            fields: body.fields,
            bureau: who.body.id,
            client: request.client,
            source: { via: 'workspace', session: who.label, who: who.who },
            transferred: '已转办，接收单位会收到邮件通知。这件举报已不在本单位的清单中。',
          })
        : { record: found, kind: 'ok' as const };
      // Opening a complaint is a read the body and the office see in its trail (an action's own answer is not a second read).
      const at = deps.clock.now();
      if (!body)
        await deps.sessions.recordAccess(
          accessLog.complaint(reference),
          { at: at.toISOString(), body: who.body.id, what: 'view', via: 'workspace', session: who.label, ...(who.who ? { who: who.who } : {}) },
          at.getTime(),
          deps.directory.retentionDays * 86_400_000,
        );
      const reads = await deps.sessions.accessOf(accessLog.complaint(reference), at.getTime());
      const exports = (
        await Promise.all(
          [...new Set([record.bureau, ...record.history.map((e) => e.bureau)])].map((b) => deps.sessions.exportsOf(b, deps.clock.now().getTime())),
        )
      )
        .flat()
        .filter((e) => e.references.includes(reference));
      const view = publicView(office ? record : await openParentWords(deps.keys, record), deps.directory, today());
      const alike = (await deps.store.bureauRecords(record.bureau)).filter((r) => r.school === record.school && r.aspect === record.aspect);
      const hidden = office ? undefined : (JSON.parse(await deps.keys.open(record.sealed)) as ComplaintPrivate);
      return {
        ok: true,
        readOnly: office,
        record,
        view,
        ...(hidden ? { hidden } : {}),
        audit: record.audit ?? [],
        exports,
        reads,
        ...said,
        transferred: !office && record.bureau !== who.body.id,
        sameProblem: { count: Math.max(1, alike.length), viaLink: alike.filter((r) => r.sameLink).length },
      };
    },

    /** The bureau's own caseload (as filtered) as CSV; the export is recorded. */
    async exportCsv(who: SignedIn, fields: Record<string, string>): Promise<{ ok: true; filename: string; csv: string } | Refusal> {
      if (who.body.kind !== 'bureau') return refuse('forbidden', '只有教育局可以导出本单位的举报清单。');
      const { matching } = await rowsOf(who.body.id, new URLSearchParams(fields));
      const opened = await Promise.all(
        matching.map(async ({ record }) => ({ record, hidden: JSON.parse(await deps.keys.open(record.sealed)) as ComplaintPrivate })),
      );
      const now = deps.clock.now();
      const csv = caseloadCsv(opened, deps.directory, today());
      await deps.sessions.recordExport(
        {
          at: now.toISOString(),
          body: who.body.id,
          session: who.label,
          ...(who.who ? { who: who.who } : {}),
          references: matching.map((m) => m.record.reference),
        },
        now.getTime(),
        deps.directory.retentionDays * 86_400_000,
      );
      return { ok: true, filename: `caseload-${who.body.id}-${today()}.csv`, csv };
    },
  };
  // Every page here reads the store: its outage is the workspace's one "unavailable" page, decided once.
  const guarded =
    <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
    (...args: A) =>
      whileStoreUp(() => read(...args), UNAVAILABLE);
  return { caseload: guarded(cases.caseload), complaint: guarded(cases.complaint), office: guarded(officeOverview(deps)), exportCsv: guarded(cases.exportCsv) };
}

export type WorkspaceCases = ReturnType<typeof workspaceCases>;
