/**
 * Evidence images: the rules a parent meets on the form and what a
 * complaint records of them. The bytes themselves live, encrypted, in the
 * blob store (ports/blobStore.ts); the record keeps only their names.
 */

/** Limits a parent sees on the form. */
export const EVIDENCE_LIMITS = {
  /** Images per complaint. */
  perComplaint: 3,
  /** Bytes of one file as uploaded, before processing. */
  fileBytes: 10 * 1024 * 1024,
  /** Pixels (width × height) of one image as it decodes: refuses a small file that would decode to a huge one. */
  pixels: 64_000_000,
  /** The long side of the image kept, in pixels. */
  longSide: 2048,
} as const;

/** The kinds of image kept after processing. */
export type EvidenceType = 'image/jpeg' | 'image/png';

/** One image of a filed complaint, as its record keeps it. */
export interface EvidenceItem {
  /** Random id; the blob is `complaints/<reference>/<id>`. */
  id: string;
  type: EvidenceType;
  width: number;
  height: number;
  /** Size of the processed image, before encryption. */
  bytes: number;
}

/** The blob name of a filed complaint's image. */
export const filedBlobName = (reference: string, id: string) => `complaints/${reference.toLowerCase()}/${id}`;
/** The blob name of an image uploaded with a form that is not filed yet. */
export const pendingBlobName = (id: string) => `pending/${id}`;

/** The file name the bureau's download gets: the reference and the image's number, nothing the parent typed. */
export const downloadName = (reference: string, index: number, type: EvidenceType) => `${reference}-${index}.${type === 'image/png' ? 'png' : 'jpg'}`;

/** The same for an image of a parent's reply (thread.ts): the step it came with, then its number. */
export const replyDownloadName = (reference: string, step: number, index: number, type: EvidenceType) =>
  `${reference}-reply${step}-${index}.${type === 'image/png' ? 'png' : 'jpg'}`;

/** A pending image left this long without a complaint is deleted by the sweep. */
export const PENDING_HOURS = 24;
/** A filed image whose complaint is not there (a filing that failed after the copy; retention) is deleted after this grace. */
export const ORPHAN_GRACE_MINUTES = 60;

/** What the parent reads when an image is refused: one message per reason (the adapter's reasons by their names), in plain words. */
export const EVIDENCE_MESSAGES = {
  'not-image': '不是 JPEG、PNG、WebP 或 HEIC 图片，无法上传。请上传手机拍的照片或截图。',
  'heic-unsupported':
    '是 HEIC 格式（苹果手机默认的照片格式），本站暂时无法读取。请截屏后上传截图，或在 iPhone 的“设置 → 相机 → 格式”中选“兼容性最佳”后重新拍照。',
  'too-large': `太大了：每张图片不能超过 ${EVIDENCE_LIMITS.fileBytes / 1024 / 1024} MB。请截屏后上传截图，或在相册里裁剪后再上传。`,
  'too-many-pixels': `尺寸太大（超过 ${EVIDENCE_LIMITS.pixels / 10_000} 万像素），无法处理。请截屏后上传截图。`,
  broken: '已损坏或不完整，无法读取。请重新保存这张图片，或截屏后再上传。',
  tooMany: `最多只能附 ${EVIDENCE_LIMITS.perComplaint} 张图片。请少选几张，或先删除已添加的图片。`,
  rate: '上传图片太频繁，请过一段时间再试。您填写的其他内容还在。',
  unavailable: '图片暂时无法保存，请稍后再试。您填写的其他内容还在。',
  lost: '之前添加的图片已过期（超过 24 小时未提交），请重新添加。',
  busy: '现在处理的图片太多，这次的图片没有收到。请稍后再试。您填写的其他内容还在。',
  taken: '这些图片已经随一份举报提交过了，不能再提交一次。如需再次举报，请重新添加图片。您填写的其他内容还在。',
} as const;
