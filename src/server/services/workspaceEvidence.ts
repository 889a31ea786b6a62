import type { EvidenceService } from './evidence';
import type { SignedIn } from './workspaceAccess';
import { IMAGE_UNAVAILABLE, replyStep, type EvidenceDownload, type RecordRead } from './answerEvidence';
import { whileStoreUp } from './outcome';

const REFERENCE = /^JB-\d{8}-[0-9A-Z]{8}$/;

/**
 * One evidence image in the bureau workspace: for the bureau that handles
 * the complaint now, as its signed link allows. The supervision office reads
 * neither the description nor the contact, so not the images either: a
 * photo can show who took it.
 */
export function workspaceEvidenceService(deps: {
  evidence: EvidenceService;
  byReference: (reference: string) => Promise<{ bureau: string } | null>;
  recordRead: RecordRead;
}) {
  return (who: SignedIn, request: { reference: string | null; index: string | null; step?: string | null; download?: boolean }): Promise<EvidenceDownload> =>
    whileStoreUp(async (): Promise<EvidenceDownload> => {
      if (who.body.kind !== 'bureau') return { kind: 'forbidden', message: '图片只给办理这件举报的教育局查看。' };
      const reference = request.reference ?? '';
      const record = REFERENCE.test(reference) ? await deps.byReference(reference) : null;
      if (!record) return { kind: 'not-found', message: '找不到这件举报。' };
      if (record.bureau !== who.body.id) return { kind: 'forbidden', message: '这件举报不由贵单位办理，无法查看。' };
      const index = /^[1-9]$/.test(request.index ?? '') ? Number(request.index) : 0;
      const step = replyStep(request.step);
      const image = index > 0 && step !== null ? await deps.evidence.evidenceImage({ reference, index, step }) : null;
      if (!image) return { kind: 'not-found', message: '找不到这张图片。' };
      // A download leaves the site: the complaint's trail says who took which image.
      if (request.download)
        await deps.recordRead(reference, {
          body: who.body.id,
          what: 'download',
          via: 'workspace',
          session: who.label,
          ...(who.who ? { who: who.who } : {}),
          image: index,
          ...(step ? { step } : {}),
        });
      return { kind: 'ok', ...image };
    }, IMAGE_UNAVAILABLE);
}
