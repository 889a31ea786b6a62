import { transfersOf, verifyAnswerToken } from '../../domain/answerLink';
import type { Clock } from '../../ports/clock';
import type { Keys } from '../../ports/keys';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { EvidenceService } from './evidence';
import type { AccessEntry } from '../../domain/audit';
import { whileStoreUp } from './outcome';

/** Adds a read to a complaint's access log, at the service's clock (wired in server/root.ts). */
export type RecordRead = (reference: string, entry: Omit<AccessEntry, 'at'>) => Promise<void>;

/** An image to send, or why not: in words for whoever opens the image's address alone. */
export type EvidenceDownload =
  { kind: 'ok'; bytes: Uint8Array; type: string; fileName: string } | { kind: 'forbidden' | 'not-found' | 'unavailable'; message: string };

/**
 * The `e` of an image's address: absent for the complaint's own images, the
 * history step of a parent's reply for its images (thread.ts); null when it
 * is not a step number.
 */
export function replyStep(value: string | null | undefined): number | undefined | null {
  if (value === null || value === undefined || value === '') return undefined;
  return /^[1-9]\d{0,3}$/.test(value) ? Number(value) : null;
}

/** An image's address when the store or the blob store does not answer. */
export const IMAGE_UNAVAILABLE = { kind: 'unavailable', message: '系统暂时无法读取，请稍后再试。' } as const satisfies EvidenceDownload;

/**
 * One evidence image for the bureau, behind the same signed link as its
 * answer page: the token must be ours, unexpired, and still fit the
 * complaint (same bureau, no transfer since), exactly as the page checks.
 */
export function answerEvidenceService(deps: { keys: Keys; store: ComplaintStore; clock: Clock; evidence: EvidenceService; recordRead: RecordRead }) {
  return async (request: { token: string | null; index: string | null; step?: string | null; download?: boolean }): Promise<EvidenceDownload> => {
    const check = await verifyAnswerToken(deps.keys, request.token, deps.clock.now());
    if (!check.ok) return { kind: 'forbidden', message: '这个链接无效或已过期。' };
    return whileStoreUp(async (): Promise<EvidenceDownload> => {
      const record = await deps.store.byReference(check.reference);
      if (!record) return { kind: 'not-found', message: '找不到这件举报。' };
      if (record.bureau !== check.bureau || transfersOf(record) !== check.transfers)
        return { kind: 'forbidden', message: '这件举报已转交其他单位办理，这个链接不再有效。' };
      const index = /^[1-9]$/.test(request.index ?? '') ? Number(request.index) : 0;
      const step = replyStep(request.step);
      const image = index > 0 && step !== null ? await deps.evidence.evidenceImage({ reference: record.reference, index, step }) : null;
      if (!image) return { kind: 'not-found', message: '找不到这张图片。' };
      if (request.download)
        await deps.recordRead(record.reference, { body: record.bureau, what: 'download', via: 'link', image: index, ...(step ? { step } : {}) });
      return { kind: 'ok', ...image };
    }, IMAGE_UNAVAILABLE);
  };
}
