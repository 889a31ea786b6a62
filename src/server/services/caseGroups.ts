import { canAnswer, groupKey, openGroups, type CaseGroup } from '../../domain/caseGroups';
import { chinaDate } from '../../domain/deadlines';
import { UNSURE_ASPECT, type Directory } from '../../domain/directory';
import { answerProblem, statusLabel, type ComplaintAction } from '../../domain/status';
import type { Clock } from '../../ports/clock';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { FormBody } from '../http';
import { postedAnswer, type ActOnComplaint } from './actions';
import type { Client } from './client';
import { whileStoreUp, type OutcomeKind } from './outcome';
import type { Refusal, SignedIn } from './workspaceAccess';
import { UNAVAILABLE } from './workspaceWords';

/** What one complaint of a group answer came to: answered, or why not. */
export interface GroupResult {
  reference: string;
  answered: boolean;
  message: string;
}

export interface GroupPage {
  ok: true;
  /** `ok`, or why the answer was refused as a whole (no text, no finding) or for every complaint. */
  kind: OutcomeKind;
  readOnly: boolean;
  bureau: { id: string; name: string };
  /** The group as it is now: its open complaints (answered ones have left it). */
  group: CaseGroup;
  /** How many of them can take an answer now (accepted, or disputed and waiting for review). */
  answerable: number;
  /** After a group answer: each complaint's own outcome. */
  results?: GroupResult[];
  problem?: string;
  posted?: { answer?: string; finding?: string };
}

const refuse = (kind: OutcomeKind, message: string): Refusal => ({ ok: false, kind, message });

/**
 * Answering a group of complaints (one school, one problem) with one answer
 * and one finding. The answer goes to each complaint on its own, through the
 * same action service as a single answer: its own lock, status check,
 * history entry, audit entry, notification and transaction. A complaint that
 * cannot take it (not yet accepted, or gone from the group since the page was
 * shown) is reported and the others are still answered.
 */
export function caseGroupService(deps: { store: ComplaintStore; clock: Clock; directory: Directory; act: ActOnComplaint }) {
  const bureauName = (id: string) => deps.directory.bureaus.get(id)?.name ?? id;

  async function group(who: SignedIn, request: { query: URLSearchParams; body?: FormBody; client: Client }): Promise<GroupPage | Refusal> {
    const { body } = request;
    if (who.body.kind === 'school') return refuse('forbidden', '学校账号只能填写和查看本校的公示，不能查看举报。');
    if (body && !body.ok) return refuse(body.kind, Object.values(body.errors)[0] ?? '提交的内容无法读取。');
    const fields = body ? body.fields : Object.fromEntries(request.query);
    const office = who.body.kind === 'office';
    if (office && body) return refuse('forbidden', '督导机构只能查看，不能代替教育局办理。');
    const bureau = office ? fields.bureau : who.body.id;
    if (!bureau || !deps.directory.bureaus.has(bureau)) return refuse('not-found', '请从督导总览中选择一个教育局。');
    const key = groupKey(fields.school ?? '', fields.aspect ?? '');
    const find = async () =>
      openGroups(await deps.store.bureauRecords(bureau), deps.directory, chinaDate(deps.clock.now()), 1).find(
        (g) => groupKey(g.school.id, g.aspect.id) === key,
      );
    let found = await find();
    let results: GroupResult[] | undefined;
    let problem: string | undefined;
    let kind: OutcomeKind = 'ok';
    if (body) {
      const action: ComplaintAction = { type: 'resolve', answer: fields.answer ?? '', ...(fields.finding !== undefined ? { finding: fields.finding } : {}) };
      const refs = (fields.refs ?? '').split(',').filter(Boolean);
      problem = fields.action !== 'resolve' ? '请选择要执行的操作' : refs.length === 0 ? '这一组没有要答复的举报。' : answerProblem(action);
      if (problem) kind = 'invalid';
      else {
        results = [];
        for (const reference of refs) results.push(await answerOne(who, reference, fields, action, request.client));
        if (results.every((r) => !r.answered)) kind = 'invalid';
        found = await find();
      }
    }
    if (!found && !results) return refuse('not-found', '这一组已没有未办结的举报。');
    // Every complaint answered: the group is empty now, and the page shows what became of each.
    const shown: CaseGroup = found ?? { school: schoolOf(fields.school ?? ''), aspect: aspectOf(fields.aspect ?? ''), rows: [], viaLink: 0 };
    return {
      ok: true,
      kind,
      readOnly: office,
      bureau: { id: bureau, name: bureauName(bureau) },
      group: shown,
      answerable: shown.rows.filter((r) => canAnswer(r)).length,
      ...(results ? { results } : {}),
      ...(problem ? { problem, posted: postedAnswer(fields) ?? {} } : {}),
    };
  }

  /** One complaint of the group: checked to still be this bureau's and this group's, then answered on its own. */
  async function answerOne(who: SignedIn, reference: string, fields: Record<string, string>, action: ComplaintAction, client: Client): Promise<GroupResult> {
    const record = await deps.store.byReference(reference);
    if (!record || record.bureau !== who.body.id || record.school !== fields.school || record.aspect !== fields.aspect)
      return { reference, answered: false, message: '已不属于本单位的这一组，未答复。' };
    if (!canAnswer(record))
      return { reference, answered: false, message: `${statusLabel[record.status]}，不能答复${record.status === 'submitted' ? '（请先受理）' : ''}。` };
    const result = await deps.act(reference, action, { kind: 'bureau', bureau: who.body.id }, client, { via: 'workspace', session: who.label, who: who.who });
    return result.kind === 'ok' ? { reference, answered: true, message: '已答复。' } : { reference, answered: false, message: result.error };
  }

  const schoolOf = (id: string) => ({ id, name: deps.directory.schools.get(id)?.name ?? id });
  const aspectOf = (id: string) => ({ id, name: id === UNSURE_ASPECT ? '不确定属于哪一类' : (deps.directory.aspects.get(id)?.name ?? id) });

  return { group: (who: SignedIn, request: Parameters<typeof group>[1]) => whileStoreUp(() => group(who, request), UNAVAILABLE) };
}

export type CaseGroupService = ReturnType<typeof caseGroupService>;
