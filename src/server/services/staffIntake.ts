import { channelLabel, earliestReceivedOn, type StaffChannel } from '../../domain/channels';
import { newFormKey } from '../../domain/codes';
import type { FilingAnswer } from '../../domain/complaint';
import { chinaDate } from '../../domain/deadlines';
import { fileComplaint, type FilingDeps } from '../../domain/fileComplaint';
import type { Limit } from '../../domain/rateLimit';
import { parseStaffInput } from '../../domain/staffInput';
import type { Dispatcher } from '../dispatcher';
import type { WaitingRelease } from './waitingRelease';
import type { FormBody } from '../http';
import type { Client } from './client';
import { whileStoreUp, type OutcomeKind } from './outcome';
import type { Refusal, SignedIn } from './workspaceAccess';

/** Complaints one bureau may record in an hour: a busy phone line, not a script. */
export const RECORDS_PER_HOUR = 60;
const HOUR = 3600;

/** The recording page: the form (again with the answers and what is wrong), or what to tell the parent. */
export interface RecordPage {
  ok: true;
  kind: OutcomeKind;
  view: 'form' | 'done';
  values: Record<string, string>;
  errors: Record<string, string>;
  /** The form's limits on the received day. */
  today: string;
  earliest: string;
  formKey: string;
  retryAfterSeconds?: number;
  /** Filed: the code and reference to read out or post, and where the complaint went. */
  done?: { answer: FilingAnswer; channel: StaffChannel; channelLabel: string; receivedOn: string; ownBureau: boolean };
}

const refuse = (kind: OutcomeKind, message: string): Refusal => ({ ok: false, kind, message });
/**
 * Only a bureau records complaints. A school never reaches a complaint. The
 * office is refused too: it holds bureaus to their clocks, and complaints it
 * entered itself would be figures in the statistics it checks; a parent who
 * calls the office is passed to the bureau of the school (DOMAIN.md: 属地管理).
 */
const SCHOOL_REFUSED = refuse('forbidden', '学校账号不能登记或查看举报。');
const OFFICE_REFUSED = refuse('forbidden', '督导机构不登记举报：请把来电来信转给学校所属的教育局登记办理。');

/**
 * Recording a complaint that came by phone, letter, visit or a 12345
 * transfer, for the signed-in bureau officer: checked like the web form,
 * routed like it (to the bureau that supervises the school, which may be
 * another), its clocks counted from the day it was received, its contact
 * sealed, and its audit naming the officer.
 */
export function staffIntakeService(deps: FilingDeps & { dispatcher: Dispatcher; waiting?: WaitingRelease }) {
  const limit: Limit = { max: RECORDS_PER_HOUR, windowSeconds: HOUR };
  return async (who: SignedIn, request: { body?: FormBody; client: Client }): Promise<RecordPage | Refusal> => {
    if (who.body.kind === 'school') return SCHOOL_REFUSED;
    if (who.body.kind !== 'bureau') return OFFICE_REFUSED;
    const bureau = who.body.id;
    const today = chinaDate(deps.clock.now());
    const page = {
      ok: true as const,
      kind: 'ok' as OutcomeKind,
      view: 'form' as const,
      values: { receivedOn: today } as Record<string, string>,
      errors: {} as Record<string, string>,
      today,
      earliest: earliestReceivedOn(today, deps.directory.deadlines.acceptDays),
      formKey: newFormKey(deps.random),
    };
    const { body } = request;
    if (!body) return page;
    if (!body.ok) return { ...page, kind: body.kind, errors: body.errors };
    const values = body.fields;
    const formKey = /^form-[0-9A-Z]{26}$/.test(values.formKey ?? '') ? values.formKey! : page.formKey;
    const parsed = parseStaffInput(values, deps.directory, today);
    if (!parsed.ok) return { ...page, kind: 'invalid', values, formKey, errors: parsed.errors as Record<string, string> };
    const { input, channel, receivedOn } = parsed.value;
    const down = {
      ...page,
      kind: 'unavailable' as const,
      values,
      formKey,
      errors: { store: '系统暂时无法保存，这件举报没有登记。请稍后再试，填写的内容还在下面。' },
    };
    return whileStoreUp(async (): Promise<RecordPage> => {
      const outcome = await fileComplaint(input, deps, {
        // The limit counts per bureau: its officers share one phone line's pace, wherever they sit.
        address: `staff:${bureau}`,
        idempotencyKey: formKey,
        limit,
        recorded: { channel, receivedOn, body: bureau, source: { via: 'workspace', session: who.label, who: who.who } },
      });
      switch (outcome.kind) {
        case 'filed':
        case 'replayed': {
          if (outcome.kind === 'filed') {
            // A recorded complaint counts toward a group of waiting ones, and may complete it: they go first.
            await deps.waiting?.afterFiling(input.school, input.aspect, outcome.othersWaiting);
            // The bureau's email goes out now, without making the officer wait for it.
            const sending = deps.dispatcher.kick();
            request.client.waitUntil?.(sending);
          }
          const { answer } = outcome;
          return {
            ...page,
            view: 'done',
            values: {},
            done: { answer, channel, channelLabel: channelLabel[channel], receivedOn, ownBureau: answer.bureau.id === bureau },
          };
        }
        case 'limited':
          return {
            ...page,
            kind: 'limited',
            values,
            formKey,
            retryAfterSeconds: outcome.retryAfterSeconds,
            errors: { rate: '本单位这一小时登记的举报已达上限，请过一段时间再试。填写的内容还在下面。' },
          };
        case 'key-reused':
          // The same page posted again with changed answers: a new key, so that the next press records them as a new complaint.
          return {
            ...page,
            kind: 'invalid',
            values,
            errors: { formKey: '这一页刚才已经登记过一件内容不同的举报。请核对下面的内容，确认是另一件举报后再提交。' },
          };
        case 'evidence-taken':
          return down;
      }
    }, down);
  };
}

export type StaffIntake = ReturnType<typeof staffIntakeService>;
