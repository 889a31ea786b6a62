import { fileComplaint, type Attach, type FilingDeps } from '../../domain/fileComplaint';
import { lookupComplaint } from '../../domain/lookupComplaint';
import { openParentWords } from '../../domain/parentWords';
import { publicView, type PublicView } from '../../domain/publicView';
import { chinaDate } from '../../domain/deadlines';
import type { ComplaintRecord, FilingAnswer } from '../../domain/complaint';
import { parseComplaintInput, type ComplaintInput, type FieldErrors } from '../../domain/complaintInput';
import type { Limit } from '../../domain/rateLimit';
import { whileStoreUp } from './outcome';
import type { Dispatcher } from '../dispatcher';
import { EVIDENCE_MESSAGES } from '../../domain/evidence';
import type { Client } from './client';
import type { ProofOfWork } from '../../ports/proofOfWork';
import type { FilingAlarm } from '../filingAlarm';
import type { WaitingRelease } from './waitingRelease';

/**
 * Outcomes shared by the JSON API and the HTML form (server/outcomes.ts
 * turns each kind into HTTP). Past validation they carry the checked answers,
 * which the report page shows again on its check page.
 */
export type IntakeResult =
  | { kind: 'filed'; answer: FilingAnswer }
  | { kind: 'invalid'; errors: FieldErrors }
  | { kind: 'invalid'; errors: { idempotencyKey: string }; input: ComplaintInput }
  | { kind: 'conflict'; errors: { evidence: string }; input: ComplaintInput }
  | { kind: 'limited'; retryAfterSeconds: number; input: ComplaintInput }
  | { kind: 'unavailable'; errors: { store: string }; input: ComplaintInput };

export type LookupResult =
  | { kind: 'ok'; view: PublicView }
  | { kind: 'not-found' | 'invalid'; errors: { receiptCode: string } }
  | { kind: 'limited'; retryAfterSeconds: number }
  | { kind: 'unavailable'; errors: { store: string } };

/** The same words for a malformed code and an unknown one: a lookup never tells whether a complaint exists. */
const NOT_FOUND = '没有找到与这个查询码对应的举报。请检查查询码是否抄写正确（共 20 位字母和数字）。';
/** A reference typed instead of the code: where the code was. */
const REFERENCE_TYPED = '这是举报编号（JB 开头），不是查询码。查询码是提交举报后确认页面上“您的查询码”下面的 20 位字母和数字，例如 7K3M9-Q2PXA-B4RTV-8HJ6N。';
/** A complaint that waited for other parents, too few came, and it was deleted as its parent chose. */
const WITHDRAWN = '这份举报在等待期内没有等到足够多的家长反映同一问题，已按您提交时的选择撤回并删除，没有转给教育局。如果问题仍然存在，您可以重新提交举报。';
const HOUR = 3600;

export type IntakeService = ReturnType<typeof intakeService>;

/** Filing and looking up complaints, for the API and the report and status pages alike. */
export function intakeService(
  deps: FilingDeps & {
    dispatcher: Dispatcher;
    limits: { intakePerHour: number; lookupsPerHour: number; intakeWithProofPerHour?: number };
    proof?: ProofOfWork;
    alarm?: FilingAlarm;
    /** Complaints waiting for other parents (services/waitingRelease.ts). */
    waiting?: WaitingRelease;
  },
) {
  const intakeLimit: Limit = { max: deps.limits.intakePerHour, windowSeconds: HOUR };
  // One bucket per address either way: a proof raises the ceiling of the same count.
  const proofLimit: Limit = { max: deps.limits.intakeWithProofPerHour ?? deps.limits.intakePerHour, windowSeconds: HOUR };
  /**
   * The limit a filing is held to: the plain one, or the higher one when its
   * `proof` field solves a fresh challenge that nobody spent before. A proof
   * is spent once (a limit of one hit for as long as its challenge lives),
   * so a solved challenge cannot be replayed for a second filing.
   */
  const limitFor = async (fields: unknown): Promise<Limit> => {
    const proof = fields && typeof fields === 'object' ? (fields as { proof?: unknown }).proof : undefined;
    if (!deps.proof || proof === undefined || proof === '') return intakeLimit;
    const id = await deps.proof.check(proof);
    if (!id) return intakeLimit;
    const spent = await deps.store.hit({ bucket: `proof:${await deps.keys.clientHash(id)}`, max: 1, windowSeconds: deps.proof.ttlSeconds });
    return spent.kind === 'allowed' ? proofLimit : intakeLimit;
  };
  const lookupLimit: Limit = { max: deps.limits.lookupsPerHour, windowSeconds: HOUR };
  // The receipt code opens the parent's own words (a dispute's reason) and nothing else personal.
  const view = async (record: ComplaintRecord) => {
    const shown = publicView(await openParentWords(deps.keys, record), deps.directory, chinaDate(deps.clock.now()));
    const standing = await deps.waiting?.standing(record);
    return standing ? { ...shown, waiting: standing } : shown;
  };
  return {
    /** What the parent may see of a complaint today: their own words opened, nothing else personal. */
    view,

    /** Files a complaint for a client, within its rate limit. */
    async submit(fields: unknown, client: Client & { idempotencyKey?: string | undefined; attach?: Attach }): Promise<IntakeResult> {
      const parsed = parseComplaintInput(fields, deps.directory, chinaDate(deps.clock.now()));
      if (!parsed.ok) return { kind: 'invalid', errors: parsed.errors };
      const input = parsed.value;
      const down = { kind: 'unavailable' as const, input, errors: { store: '系统暂时无法保存，您的举报没有提交。请稍后再试。' } };
      return whileStoreUp(async (): Promise<IntakeResult> => {
        const limit = await limitFor(fields);
        const outcome = await fileComplaint(input, deps, {
          address: client.address,
          idempotencyKey: client.idempotencyKey,
          limit,
          ...(client.attach ? { attach: client.attach } : {}),
          ...(deps.alarm ? { site: deps.alarm.site } : {}),
        });
        switch (outcome.kind) {
          case 'key-reused':
            return {
              kind: 'invalid',
              input,
              errors: { idempotencyKey: '这个 Idempotency-Key 已用于另一份内容不同的举报。重新提交同一份举报请用原来的 Key，提交新的举报请换一个新的 Key。' },
            };
          case 'limited':
            return { kind: 'limited', input, retryAfterSeconds: outcome.retryAfterSeconds };
          case 'evidence-taken':
            return { kind: 'conflict', input, errors: { evidence: EVIDENCE_MESSAGES.taken } };
          case 'filed':
            // The bureau's email goes out now, without making the parent wait for it.
            {
              // A filing may complete a group of waiting complaints (the store said whether any wait): they go before the email is kicked.
              await deps.waiting?.afterFiling(input.school, input.aspect, outcome.othersWaiting);
              const sending = deps.dispatcher.kick();
              client.waitUntil?.(sending);
              deps.alarm?.noted(outcome.siteOver);
            }
            return { kind: 'filed', answer: outcome.answer };
          case 'replayed':
            return { kind: 'filed', answer: outcome.answer };
        }
      }, down);
    },

    /** Looks a complaint up by its receipt code, within the limit that slows guessing. */
    async lookup(receiptCode: unknown, client: Client): Promise<LookupResult> {
      const down = { kind: 'unavailable' as const, errors: { store: '系统暂时无法查询，请稍后再试。' } };
      return whileStoreUp(async (): Promise<LookupResult> => {
        const outcome = await lookupComplaint(receiptCode, deps, { address: client.address, limit: lookupLimit });
        switch (outcome.kind) {
          case 'empty':
            return { kind: 'invalid', errors: { receiptCode: '请输入查询码' } };
          case 'missing':
            return { kind: 'not-found', errors: { receiptCode: NOT_FOUND } };
          case 'withdrawn':
            return { kind: 'not-found', errors: { receiptCode: WITHDRAWN } };
          case 'reference':
            return { kind: 'invalid', errors: { receiptCode: REFERENCE_TYPED } };
          case 'limited':
            return { kind: 'limited', retryAfterSeconds: outcome.retryAfterSeconds };
          case 'found':
            return { kind: 'ok', view: await view(outcome.record) };
        }
      }, down);
    },
  };
}
