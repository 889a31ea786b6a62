import type { EvidenceType } from '../domain/evidence';

/** An image after processing: decoded, turned upright, at most 2,048 px, re-encoded without any metadata. */
export interface ProcessedImage {
  bytes: Uint8Array;
  type: EvidenceType;
  width: number;
  height: number;
}

/** Why an image is refused: the service words each for the parent (services/evidence.ts); the adapter holds no words. */
export type ImageRefusal = 'too-large' | 'not-image' | 'heic-unsupported' | 'too-many-pixels' | 'too-long' | 'broken' | 'timeout';

export type Processing = { ok: true; image: ProcessedImage } | { ok: false; reason: ImageRefusal };

/** The shape limits one image is held to (config/evidence.ts, `ImageLimits`). */
export interface ImageShapeLimits {
  /** The longest side an image may declare in its header, in pixels. */
  maxSide: number;
  /** How many times the short side the long side may be. */
  maxAspect: number;
  /** Seconds of processing one image may take. */
  seconds: number;
}

/** Decoding and re-encoding of uploaded images (adapters/sharpImages.ts). */
export interface Images {
  processImage(bytes: Uint8Array, limits: ImageShapeLimits): Promise<Processing>;
  /** A small preview for the parent's check page. */
  previewOf(image: Uint8Array): Promise<Uint8Array>;
}
