import type { NoticeKind } from '../../catalogue/schemas/notices';
import { stableId } from '../../catalogue/schemas/primitives';
import { DRAFT_PLACEHOLDERS } from '../bulletinDraft';
import type { Directory } from '../directory';
import { cleanText, textLength } from '../text';
import { kindRefusal, needsApproval, noticeBureau, roleOn, type NoticeRole, type NoticeSettings } from './access';
import { parseBody } from './body';
import { checkDraft } from './draft';
import { ownerKey, type NoticeActionType, type NoticeActor, type NoticeAudit, type NoticeOwner, type NoticeRecord, type NoticeState } from './model';
import { progressEntry } from './progress';

/** What a body can do to a notice. */
export type NoticeAction =
  | { type: 'edit'; input: unknown; reason?: string }
  | { type: 'submit' }
  | { type: 'approve' }
  | { type: 'return'; reason: string }
  | { type: 'correct'; input: unknown; reason: string }
  | { type: 'withdraw'; reason: string }
  | { type: 'progress'; row: string; on: string; status: string; note?: string };

/** `review`: submitted when approval is needed, published at once when not (access.ts needsApproval). */
type Target = NoticeState | 'review';

/**
 * The review machine: which role may take which action in which state, and
 * where it leads. Everything not listed is refused. While a correction is
 * under way (draft, submitted, returned with versions already published), the
 * public still sees the last version, and rows' progress and withdrawal stay
 * open; those two need a published version (checked in applyNoticeAction).
 */
export const NOTICE_TRANSITIONS: Record<NoticeState, Partial<Record<NoticeActionType, { by: NoticeRole; to: Target }>>> = {
  draft: {
    edit: { by: 'owner', to: 'draft' },
    submit: { by: 'owner', to: 'review' },
    withdraw: { by: 'owner', to: 'withdrawn' },
    progress: { by: 'owner', to: 'draft' },
  },
  submitted: {
    approve: { by: 'reviewer', to: 'published' },
    return: { by: 'reviewer', to: 'returned' },
    withdraw: { by: 'owner', to: 'withdrawn' },
    progress: { by: 'owner', to: 'submitted' },
  },
  returned: { edit: { by: 'owner', to: 'draft' }, withdraw: { by: 'owner', to: 'withdrawn' }, progress: { by: 'owner', to: 'returned' } },
  published: { correct: { by: 'owner', to: 'review' }, withdraw: { by: 'owner', to: 'withdrawn' }, progress: { by: 'owner', to: 'published' } },
  withdrawn: {},
};

/** What became of a step: the record to save and its audit line, or why not. */
export type NoticeOutcome =
  | { kind: 'saved' | 'submitted' | 'published' | 'returned' | 'withdrawn' | 'recorded'; record: NoticeRecord; audit: NoticeAudit }
  | { kind: 'refused'; reason: string }
  | { kind: 'invalid'; errors: Record<string, string> };

export interface NoticeContext {
  directory: Pick<Directory, 'schools' | 'aspects' | 'bureaus'>;
  settings: NoticeSettings;
  /** When the step happens (ISO), from the caller's clock. */
  at: string;
}

const REASON_MAX = 500;

/** A reason a person must give: present, one short paragraph at most. */
function reasonOf(value: string | undefined, what: string): { text: string } | { refused: string } {
  const text = cleanText(value ?? '');
  if (text === '') return { refused: `请填写${what}` };
  if (textLength(text) > REASON_MAX) return { refused: `${what}最多 ${REASON_MAX} 个字` };
  return { text };
}

const audit = (record: NoticeRecord, action: NoticeAudit['action'], actor: NoticeActor, at: string, reason?: string, row?: string): NoticeAudit => ({
  at,
  notice: record.id,
  action,
  body: ownerKey(actor.body),
  ...(actor.address ? { address: actor.address } : {}),
  revision: record.revision,
  ...(reason ? { reason } : {}),
  ...(row ? { row } : {}),
});

/**
 * Every row id the public has seen, so that a new row never reuses one (a
 * complaint about row-2 must never land on another promise). Ids of a draft
 * never published are free again: the form carries the ids it keeps.
 */
const knownRows = (record: NoticeRecord) => record.versions.flatMap((v) => v.content.ledger ?? []).map((row) => row.item);

/** A new notice, as a draft of `owner`, written by `actor` (who must be that owner). */
export function startNotice(
  start: { id: string; kind: NoticeKind; owner: NoticeOwner; input: unknown },
  actor: NoticeActor,
  context: NoticeContext,
): NoticeOutcome {
  // The id becomes part of store keys and URLs: the caller draws it in the stable-id form.
  if (!stableId.safeParse(start.id).success) throw new Error(`a notice id must be a stable id, not ${JSON.stringify(start.id)}`);
  if (ownerKey(actor.body) !== ownerKey(start.owner)) return { kind: 'refused', reason: '只能为本单位起草公示' };
  const refusal = kindRefusal(start.owner, start.kind, context.directory);
  if (refusal) return { kind: 'refused', reason: refusal };
  const checked = checkDraft(start.kind, start.input, context.directory);
  if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
  const bureau = noticeBureau(start.owner, context.directory);
  const record: NoticeRecord = {
    id: start.id,
    kind: start.kind,
    owner: start.owner,
    ...(bureau ? { bureau } : {}),
    state: 'draft',
    revision: 1,
    createdAt: context.at,
    pending: { content: checked.content },
    versions: [],
    progress: {},
  };
  return { kind: 'saved', record, audit: audit(record, 'start', actor, context.at) };
}

/** Applies one step taken by `actor`. Pure: the caller saves the record over the revision it read. */
export function applyNoticeAction(record: NoticeRecord, action: NoticeAction, actor: NoticeActor, context: NoticeContext): NoticeOutcome {
  const rule = NOTICE_TRANSITIONS[record.state][action.type];
  const role = roleOn(record, actor);
  if (!role) return { kind: 'refused', reason: record.owner.kind === 'school' ? '只能处理本校或所辖学校的公示' : '只能处理本单位的公示' };
  if (!rule) return { kind: 'refused', reason: '这份公示当前状态下不能执行此操作' };
  if (rule.by !== role) return { kind: 'refused', reason: rule.by === 'reviewer' ? '只有主管教育局可以审核这份公示' : '只有发布单位可以执行此操作' };
  const published = record.versions.length > 0;
  if ((action.type === 'withdraw' || action.type === 'progress') && !published) {
    return { kind: 'refused', reason: action.type === 'withdraw' ? '尚未发布的公示不需要撤回' : '整改台账发布后才能更新进展' };
  }
  const { at } = context;
  const next: NoticeRecord = { ...record, revision: record.revision + 1 };
  const done = (kind: Exclude<NoticeOutcome['kind'], 'refused' | 'invalid'>, reason?: string): NoticeOutcome => {
    if (rule.to !== 'review') next.state = rule.to;
    return { kind, record: next, audit: audit(next, action.type, actor, at, reason, action.type === 'progress' ? action.row : undefined) };
  };

  switch (action.type) {
    case 'edit': {
      const checked = checkDraft(record.kind, action.input, context.directory, knownRows(record));
      if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
      const correction = record.pending?.correction;
      const reason = correction !== undefined && action.reason !== undefined ? reasonOf(action.reason, '修订理由') : undefined;
      if (reason && 'refused' in reason) return { kind: 'refused', reason: reason.refused };
      next.pending = { content: checked.content, ...(correction !== undefined ? { correction: reason?.text ?? correction } : {}) };
      delete next.returnedReason;
      return done('saved');
    }
    case 'correct': {
      const reason = reasonOf(action.reason, '修订理由');
      if ('refused' in reason) return { kind: 'refused', reason: reason.refused };
      const checked = checkDraft(record.kind, action.input, context.directory, knownRows(record));
      if (!checked.ok) return { kind: 'invalid', errors: checked.errors };
      next.pending = { content: checked.content, correction: reason.text };
      return submitted(next, actor, context, action.type, reason.text);
    }
    case 'submit':
      return submitted(next, actor, context, action.type);
    case 'approve':
      return publish(next, actor, context, 'approve');
    case 'return': {
      const reason = reasonOf(action.reason, '退回理由');
      if ('refused' in reason) return { kind: 'refused', reason: reason.refused };
      next.returnedReason = reason.text;
      delete next.submittedAt;
      return done('returned', reason.text);
    }
    case 'withdraw': {
      const reason = reasonOf(action.reason, '撤回理由');
      if ('refused' in reason) return { kind: 'refused', reason: reason.refused };
      // What was pending goes with it: a withdrawn notice is not corrected.
      delete next.pending;
      delete next.submittedAt;
      delete next.returnedReason;
      next.withdrawal = { at, reason: reason.text, by: ownerKey(actor.body) };
      return done('withdrawn', reason.text);
    }
    case 'progress': {
      const entry = progressEntry(record, action, actor, at);
      if ('errors' in entry) return { kind: 'invalid', errors: entry.errors };
      next.progress = { ...record.progress, [action.row]: [...(record.progress[action.row] ?? []), entry.entry] };
      return done('recorded');
    }
  }
}

/** Sends the pending copy to review, or publishes it at once where no approval is needed. */
function submitted(next: NoticeRecord, actor: NoticeActor, context: NoticeContext, action: 'submit' | 'correct', reason?: string): NoticeOutcome {
  const bureau = noticeBureau(next.owner, context.directory);
  if (next.owner.kind === 'school' && !bureau) return { kind: 'refused', reason: '找不到这所学校的主管教育局' };
  // A drafted bulletin published as drafted would show the public its 请填写 lines.
  if (DRAFT_PLACEHOLDERS.some((line) => next.pending?.content.body?.includes(line)))
    return { kind: 'refused', reason: '这份稿件还有系统起草时留下的括号提示（如“（请填写。）”）：请点“修改”，核对、补充后删去这些提示，再发布' };
  if (bureau) next.bureau = bureau;
  if (!needsApproval(next.owner, context.settings)) return publish(next, actor, context, action, reason);
  next.state = 'submitted';
  next.submittedAt = context.at;
  return { kind: 'submitted', record: next, audit: audit(next, action, actor, context.at, reason) };
}

/** Adds the pending copy as the next version; nothing earlier is touched. */
function publish(next: NoticeRecord, actor: NoticeActor, context: NoticeContext, action: 'submit' | 'correct' | 'approve', reason?: string): NoticeOutcome {
  const { content, correction } = next.pending!;
  const number = next.versions.length + 1;
  next.versions = [
    ...next.versions,
    { number, content, blocks: parseBody(content.body), publishedAt: context.at, approvedBy: ownerKey(actor.body), ...(correction ? { correction } : {}) },
  ];
  next.state = 'published';
  delete next.pending;
  delete next.submittedAt;
  delete next.returnedReason;
  return { kind: 'published', record: next, audit: audit(next, action, actor, context.at, reason) };
}
