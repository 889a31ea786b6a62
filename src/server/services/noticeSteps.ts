import { randomStableSuffix } from './noticeIds';
import type { Directory } from '../../domain/directory';
import { applyNoticeAction, startNotice, type NoticeAction, type NoticeOutcome } from '../../domain/notices/machine';
import type { NoticeActor, NoticeOwner, NoticeRecord } from '../../domain/notices/model';
import type { NoticeSettings } from '../../domain/notices/access';
import type { NoticeKind } from '../../catalogue/schemas/notices';
import type { Clock } from '../../ports/clock';
import type { NoticeStore } from '../../ports/noticeStore';
import type { Random } from '../../ports/random';
import type { NoticeMail } from './noticeMail';
import type { SignedIn } from './workspaceAccess';

/** What a notice step became: the domain's outcome, or that the notice is not there, or that someone else acted first. */
export type StepOutcome = NoticeOutcome | { kind: 'missing' } | { kind: 'conflict'; reason: string };

/** The body a session acts for, in the notices' terms, and the address that acts. */
export function actorOf(who: SignedIn): NoticeActor {
  const body: NoticeOwner =
    who.body.kind === 'office'
      ? { kind: 'office' }
      : who.body.kind === 'school'
        ? { kind: 'school', school: who.body.id.slice('school:'.length) }
        : { kind: 'bureau', bureau: who.body.id };
  return { body, address: who.person.email };
}

export interface StepDeps {
  notices: NoticeStore;
  clock: Clock;
  random: Random;
  directory: Pick<Directory, 'schools' | 'aspects' | 'bureaus'>;
  settings: NoticeSettings;
  mail: NoticeMail;
  /** After a notice is published or a row's progress recorded: parents of linked complaints hear of 已整改 (rectificationRows.ts). */
  afterPublished?: (record: NoticeRecord) => Promise<void>;
}

/**
 * Every write to a notice, one way: read → the domain's step → save over the
 * revision read → tell whom the step concerns. When another step was saved
 * in between, a progress entry is applied again (it only appends); anything
 * else is answered "已由他人处理" for the person to look again.
 */
export async function takeStep(deps: StepDeps, who: SignedIn, id: string, action: NoticeAction): Promise<StepOutcome> {
  const actor = actorOf(who);
  for (let attempt = 0; attempt < 3; attempt++) {
    const record = await deps.notices.find(id);
    if (!record) return { kind: 'missing' };
    const outcome = applyNoticeAction(record, action, actor, { directory: deps.directory, settings: deps.settings, at: deps.clock.now().toISOString() });
    if (outcome.kind === 'refused' || outcome.kind === 'invalid') return outcome;
    if (await deps.notices.save(outcome.record, record.revision, outcome.audit)) {
      await tell(deps, outcome);
      return outcome;
    }
    if (action.type !== 'progress') break;
  }
  return { kind: 'conflict', reason: '这份公示刚刚已由他人处理，请查看最新情况后再操作。' };
}

/** A new draft of the session's own body. */
export async function startDraft(deps: StepDeps, who: SignedIn, kind: NoticeKind, input: unknown): Promise<StepOutcome> {
  const actor = actorOf(who);
  const at = deps.clock.now();
  const id = `${kind}-${at.toISOString().slice(0, 10).replaceAll('-', '')}-${randomStableSuffix(deps.random)}`;
  const outcome = startNotice({ id, kind, owner: actor.body, input }, actor, { directory: deps.directory, settings: deps.settings, at: at.toISOString() });
  if (outcome.kind !== 'saved') return outcome;
  return (await deps.notices.create(outcome.record, outcome.audit)) ? outcome : { kind: 'conflict', reason: '保存没有成功，请再试一次。' };
}

/** The school hears when its notice is returned or published; the bureau when a school records progress. */
async function tell(deps: StepDeps, outcome: Extract<NoticeOutcome, { record: unknown }>) {
  const { record, audit } = outcome;
  if (outcome.kind === 'published' || outcome.kind === 'recorded') await deps.afterPublished?.(record);
  const kind = outcome.kind === 'returned' ? 'returned' : outcome.kind === 'published' ? 'published' : outcome.kind === 'recorded' ? 'progress' : undefined;
  if (!kind || record.owner.kind !== 'school') return;
  await deps.mail(kind, record, audit, await deps.notices.auditOf(record.id));
}
