import { EVIDENCE_MESSAGES } from '../../domain/evidence';
import type { ImageRefusal } from '../../ports/images';
import type { ImageLimits } from '../../config/evidence';

// What the report form's images come in as, and the parent's words about those refused (services/evidence.ts).

/**
 * A file as the form sent it: its name is shown back to the parent in a
 * message, never stored. Its bytes are read only when it is processed (the
 * reader spools them encrypted, server/reportBody.ts), so that only the
 * images being processed are in memory, not every upload under way.
 */
export interface Upload {
  name: string;
  /** Bytes sent (0 for an empty file field). */
  size: number;
  read(): Promise<Uint8Array>;
  /** Past the per-file cap: the reader kept none of it. */
  tooLarge?: boolean;
}

/** An upload already in memory (a small body, or a caller with the bytes at hand). */
export const uploadOf = (name: string, bytes: Uint8Array, tooLarge?: boolean): Upload => ({
  name,
  size: bytes.byteLength,
  read: async () => bytes,
  ...(tooLarge ? { tooLarge } : {}),
});

/** What the form carries between rounds: the pending images' tokens, and at most one problem. */
export interface Gathered {
  tokens: string[];
  error?: string;
  /** The problem is ours (too many images being processed), not the file's: the page answers 503. */
  unavailable?: boolean;
}

/** The parent's words for each reason the adapter refuses an image. */
export function refusalMessage(reason: ImageRefusal, limits: ImageLimits): string {
  if (reason === 'too-long')
    return `的长宽比例太悬殊或边长太长（最长一边不超过 ${limits.maxSide} 像素，长边不超过短边的 ${limits.maxAspect} 倍），无法处理。请截屏后上传截图。`;
  if (reason === 'timeout') return '处理时间太长，无法处理。请截屏后上传截图。';
  return EVIDENCE_MESSAGES[reason];
}

/** A file's name as a message quotes it: at most 40 characters. */
export const shortName = (name: string) => (name.length > 40 ? `${name.slice(0, 37)}…` : name) || '图片';
