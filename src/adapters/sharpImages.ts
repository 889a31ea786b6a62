import sharp from 'sharp';
import { EVIDENCE_LIMITS } from '../domain/evidence';
import { DEFAULT_IMAGE_LIMITS } from '../config/evidence';
import { sniffImage } from '../domain/imageType';
import type { ImageShapeLimits, Processing } from '../ports/images';

/** True when this build of libvips decodes HEIC (sharp's prebuilt one decodes only AVIF among HEIF files). */
export const heicDecodes = () => sharp.format.heif.input.fileSuffix?.includes('.heic') ?? false;

/** A re-encoded PNG larger than this (a photo saved as PNG, not a screenshot) is kept as JPEG. */
const PNG_KEPT_BYTES = 2 * 1024 * 1024;

// libvips' cache only holds memory here. One libvips thread per image: the
// number of images at once is bounded by the caller's queue
// (services/imageJobs.ts), so image work holds at most that many of libuv's
// threads and cores, and static files, compression and WebCrypto keep theirs.
sharp.cache(false);
sharp.concurrency(1);

/**
 * Decodes and re-encodes one uploaded image. sharp writes no metadata unless
 * asked (no EXIF with its GPS position, camera or owner, no XMP, IPTC, ICC
 * or PNG text chunks); `autoOrient` turns the pixels upright first, since
 * the orientation tag goes with the rest. Screenshots (PNG) stay PNG, so
 * that text stays sharp (unless that is over 2 MB); everything else becomes JPEG. Anything that cannot
 * be decoded whole is refused: nothing is ever kept as uploaded.
 */
export async function processImage(bytes: Uint8Array, limits: ImageShapeLimits = DEFAULT_IMAGE_LIMITS): Promise<Processing> {
  if (bytes.byteLength > EVIDENCE_LIMITS.fileBytes) return { ok: false, reason: 'too-large' };
  const sniffed = sniffImage(bytes);
  if (!sniffed) return { ok: false, reason: 'not-image' };
  if (sniffed === 'heif' && !heicDecodes()) return { ok: false, reason: 'heic-unsupported' };
  const options = { failOn: 'error', limitInputPixels: EVIDENCE_LIMITS.pixels, autoOrient: true } as const;
  try {
    // metadata() reads the header only: the sizes are refused here, before a pixel is decoded.
    const header = await sharp(bytes, options).metadata();
    // The decoder must agree with the signature: a PNG signature on a JPEG body is refused.
    if (header.format !== sniffed) return { ok: false, reason: 'not-image' };
    const [width, height] = [header.width ?? 0, header.height ?? 0];
    if (width * height > EVIDENCE_LIMITS.pixels) return { ok: false, reason: 'too-many-pixels' };
    // A strip (1 × 63,999,999 px) has few pixels but costs libvips a pass per row: refused by its shape.
    const [long, short] = [Math.max(width, height), Math.min(width, height)];
    if (long > limits.maxSide || short < 1 || long / short > limits.maxAspect) return { ok: false, reason: 'too-long' };
    const resized = sharp(bytes, options)
      .timeout({ seconds: limits.seconds })
      .resize({ width: EVIDENCE_LIMITS.longSide, height: EVIDENCE_LIMITS.longSide, fit: 'inside', withoutEnlargement: true });
    const jpeg = () => resized.clone().flatten({ background: '#ffffff' }).jpeg({ quality: 85 }).toBuffer({ resolveWithObject: true });
    if (sniffed === 'png') {
      const png = await resized.clone().png().toBuffer({ resolveWithObject: true });
      // A photo saved as PNG stays huge as PNG: past 2 MB it is kept as JPEG instead.
      if (png.data.byteLength <= PNG_KEPT_BYTES)
        return { ok: true, image: { bytes: new Uint8Array(png.data), type: 'image/png', width: png.info.width, height: png.info.height } };
    }
    const { data, info } = await jpeg();
    return { ok: true, image: { bytes: new Uint8Array(data), type: 'image/jpeg', width: info.width, height: info.height } };
  } catch (error) {
    const text = String((error as Error)?.message ?? '');
    if (/pixel limit/i.test(text)) return { ok: false, reason: 'too-many-pixels' };
    if (/timeout/i.test(text)) return { ok: false, reason: 'timeout' };
    return { ok: false, reason: 'broken' };
  }
}

/** A small preview for the parent's check page: 320 px on the long side, JPEG. */
export async function previewOf(image: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp(image)
      .resize({ width: 320, height: 320, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 70 })
      .toBuffer(),
  );
}
