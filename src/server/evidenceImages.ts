import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Config } from '../config/env';
import { folderBlobStore } from '../adapters/blob/folderBlobStore';
import { encryptedSpool } from '../adapters/encryptedSpool';
import { accessLog } from '../domain/audit';
import type { BlobStore } from '../ports/blobStore';
import type { Clock } from '../ports/clock';
import type { ComplaintStore } from '../ports/complaintStore';
import type { Keys } from '../ports/keys';
import type { Random } from '../ports/random';
import type { WorkspaceStore } from '../ports/workspaceStore';
import type { Log } from './log';
import { answerEvidenceService, type RecordRead } from './services/answerEvidence';
import { evidenceService } from './services/evidence';
import { jobLimiter } from './services/imageJobs';
import { uploadGate } from './services/uploads';
import { workspaceEvidenceService } from './services/workspaceEvidence';

/**
 * Evidence images, wired for the composition root (root.ts): the blob store
 * the configuration chooses, and the services that take, keep and serve
 * images on it. Every part is undefined when no blob store is configured
 * (serverless without a bucket): the forms then take no images.
 */
export async function evidenceImages(
  config: Config,
  deps: { keys: Keys; store: ComplaintStore; sessions: WorkspaceStore; clock: Clock; random: Random; log: Log; retentionDays: number },
) {
  const blobs = await openBlobStore(config);
  if (!blobs) return { blobs: undefined, evidence: undefined, uploads: undefined, answerEvidence: undefined, workspaceEvidence: undefined };
  const { keys, store, clock } = deps;
  const { limits, imagesPerHour } = config.evidence;
  const evidence = evidenceService({
    blobs,
    keys,
    store,
    clock,
    random: deps.random,
    log: deps.log,
    imagesPerHour,
    limits,
    imageJobs: jobLimiter(limits.jobs, limits.waitSeconds * 1000),
    images: () => import('../adapters/sharpImages'),
  });
  /** Adds a read (a download) to a complaint's access log, kept as long as complaints are. */
  const recordRead: RecordRead = (reference, entry) => {
    const at = clock.now();
    return deps.sessions.recordAccess(accessLog.complaint(reference), { at: at.toISOString(), ...entry }, at.getTime(), deps.retentionDays * 86_400_000);
  };
  return {
    blobs,
    evidence,
    /** The door of image uploads, asked before a body with images is read (server/reportBody.ts). */
    uploads: uploadGate({ store, keys, perHour: imagesPerHour, atOnce: limits.uploads, spool: encryptedSpool(spoolDir(config)) }),
    /** One image for the bureau behind its signed answer link. */
    answerEvidence: answerEvidenceService({ keys, store, clock, evidence, recordRead }),
    /** One image for the signed-in bureau in the workspace. */
    workspaceEvidence: workspaceEvidenceService({ evidence, byReference: (reference) => store.byReference(reference), recordRead }),
  };
}

/** Where evidence images go, or undefined when they are not taken here (config/evidence.ts). */
async function openBlobStore(config: Config): Promise<BlobStore | undefined> {
  const target = config.evidence.blobs;
  if (target.kind === 'off') return undefined;
  if (target.kind === 'folder') return folderBlobStore(target.dir);
  // Loaded only when chosen: the folder store never needs the AWS SDK.
  const { s3BlobStore } = await import('../adapters/blob/s3BlobStore');
  return s3BlobStore(target);
}

/**
 * Where uploads wait, encrypted, while the form is read: inside the blob
 * folder (a dot-folder its listing skips and its sweep cleans), else the
 * system's temporary folder (a bucket has no folder; on a serverless host
 * that is the one place that can be written).
 */
function spoolDir(config: Config): string {
  const target = config.evidence.blobs;
  return target.kind === 'folder' ? join(target.dir, '.uploads') : join(tmpdir(), 'schoolwatch-uploads');
}
