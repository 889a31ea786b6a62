import { transfersOf, verifyAnswerToken } from '../../domain/answerLink';
import type { Clock } from '../../ports/clock';
import type { Keys } from '../../ports/keys';
import type { ComplaintStore } from '../../ports/complaintStore';
import type { EvidenceService } from './evidence';
import type { AccessEntry } from '../../domain/audit';

/** Adds a read to a complaint's access log, at the service's clock (wired in server/root.ts). */
export type RecordRead = (reference: string, entry: Omit<AccessEntry, 'at'>) => Promise<void>;

export type EvidenceDownload = { status: 200; bytes: Uint8Array; type: string; fileName: string } | { status: 403 | 404; message: string };

/**
 * One evidence image for the bureau, behind the same signed link as its
 * answer page: the token must be ours, unexpired, and still fit the
 * complaint (same bureau, no transfer since), exactly as the page checks.
 */
export function answerEvidenceService(deps: { keys: Keys; store: ComplaintStore; clock: Clock; evidence: EvidenceService; recordRead: RecordRead }) {
  return async (request: { token: string | null; index: string | null; download?: boolean }): Promise<EvidenceDownload> => {
    const check = await verifyAnswerToken(deps.keys, request.token, deps.clock.now());
    if (!check.ok) return { status: 403, message: '这个链接无效或已过期。' };
    const record = await deps.store.byReference(check.reference);
    if (!record) return { status: 404, message: '找不到这件举报。' };
    if (record.bureau !== check.bureau || transfersOf(record) !== check.transfers) return { status: 403, message: '这件举报已转交其他单位办理，这个链接不再有效。' };
    const index = /^[1-9]$/.test(request.index ?? '') ? Number(request.index) : 0;
    const image = index > 0 ? await deps.evidence.evidenceImage({ reference: record.reference, index }) : null;
    if (!image) return { status: 404, message: '找不到这张图片。' };
    if (request.download) await deps.recordRead(record.reference, { body: record.bureau, what: 'download', via: 'link', image: index });
    return { status: 200, ...image };
  };
}
