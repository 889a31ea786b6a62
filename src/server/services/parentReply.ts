import type { ComplaintRecord } from '../../domain/complaint';
import { EVIDENCE_MESSAGES } from '../../domain/evidence';
import type { ActOnComplaint } from './actions';
import type { Client } from './client';
import type { EvidenceService } from './evidence';
import type { Upload } from './evidenceUpload';
import { whileStoreUp, type OutcomeKind } from './outcome';
import { gatherImages } from './reportPage';

/** The reply as posted: its words, the images kept so far (`evidenceKept`, `removeEvidence…`) and this round's files. */
export interface PostedReply {
  fields: Record<string, string>;
  files?: Upload[];
  /** The files were drained unread (too many uploads at once, or the store could not admit them): server/reportBody.ts. */
  filesDropped?: 'busy' | 'unavailable';
}

/** Sent (`ok`, the record as saved), or why not, with what the form shows again so that nothing the parent wrote is lost. */
export type ReplyOutcome =
  { kind: 'ok'; record: ComplaintRecord } | { kind: Exclude<OutcomeKind, 'ok'>; errors: Record<string, string>; text: string; evidence: string[] };

const TAKEN = '这些图片已经随一次回复提交过了，不能再提交一次。如需补充图片，请重新添加。您填写的文字还在。';

/**
 * The parent's reply to the bureau's question, from the status page: its
 * images first, through the report form's pipeline (processed, stripped,
 * sealed, pending under a signed token: services/evidence.ts), then the reply
 * through the status machine, then the images copied under the complaint.
 * The claim key is the question answered, so a resent form finds its own
 * images and the machine refuses a second reply to the same question.
 */
export function parentReplyService(deps: { act: ActOnComplaint; evidence?: EvidenceService | undefined }) {
  return async (reference: string, questionStep: number, posted: PostedReply, client: Client): Promise<ReplyOutcome> => {
    const values = { ...posted.fields };
    const text = values.reply ?? '';
    const files = posted.filesDropped ? [] : (posted.files ?? []);
    let images = deps.evidence ? await gatherImages(deps.evidence, values, files, client) : undefined;
    if (images && posted.filesDropped && (posted.files ?? []).some((f) => f.name !== ''))
      images = { ...images, error: EVIDENCE_MESSAGES[posted.filesDropped], unavailable: true };
    const tokens = images?.tokens ?? [];
    const again = (kind: Exclude<OutcomeKind, 'ok'>, errors: Record<string, string>, kept = tokens): ReplyOutcome => ({ kind, errors, text, evidence: kept });
    if (images?.error) return again(images.unavailable ? 'unavailable' : 'invalid', { evidence: images.error });

    const formKey = `reply|${reference}|${questionStep}`;
    const evidence = deps.evidence;
    const planned = evidence && tokens.length > 0 ? await whileStoreUp(() => evidence.plan(values.evidenceKept, formKey), 'down' as const) : [];
    if (planned === 'down') return again('unavailable', { evidence: EVIDENCE_MESSAGES.unavailable });
    if (planned === 'taken') return again('conflict', { evidence: TAKEN }, []);
    const acted = await deps.act(reference, { type: 'reply', text, evidence: planned }, { kind: 'parent' }, client);
    if (acted.kind !== 'ok') return again(acted.kind, { reply: acted.error });
    // Logged, never the parent's problem: a download or the sweep copies an image left pending (evidence.ts).
    if (evidence && planned.length > 0) await evidence.settle(reference, planned, formKey);
    return { kind: 'ok', record: acted.record };
  };
}

export type ParentReply = ReturnType<typeof parentReplyService>;
