// Images made in the tests (no binary fixtures): photos with the metadata a
// phone writes, a screenshot with PNG text chunks, a WebP, a rotated JPEG,
// and the bad files a parent or an attacker might send. Plus what a test
// needs to read a download: its metadata, by sharp and by scanning bytes.
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/** Words written into the metadata: none may survive processing. */
export const OWNER = 'Zhang Wei (owner)';
export const CAMERA = 'PhoneMaker X9 Pro';
export const SECRET_TEXT = 'family-address-marker';

/** Left half red, right half blue: enough to tell the picture and its orientation after re-encoding. */
async function halves(width: number, height: number) {
  const half = Math.floor(width / 2);
  const red = await sharp({ create: { width: half, height, channels: 3, background: { r: 220, g: 30, b: 30 } } })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: { r: 30, g: 60, b: 220 } } }).composite([{ input: red, left: 0, top: 0 }]);
}

/** A JPEG with GPS position, camera, owner and an XMP packet, as a phone writes them. */
export async function phoneJpeg(width = 900, height = 600): Promise<Buffer> {
  const raw = await (await halves(width, height)).jpeg({ quality: 92 }).toBuffer();
  return sharp(raw)
    .withExif({
      IFD0: { Make: 'PhoneMaker', Model: CAMERA, Artist: OWNER, Copyright: OWNER, Software: SECRET_TEXT },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 50/1 4512/100', GPSLongitudeRef: 'E', GPSLongitude: '115/1 46/1 3011/100' },
    })
    .withXmp(
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${OWNER}</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>`,
    )
    .jpeg({ quality: 92 })
    .toBuffer();
}

/** A PNG chunk: length, type, data, CRC. */
const chunk = (type: string, data: Buffer) => {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
};

/** A screenshot-like PNG with tEXt and zTXt chunks after its header. */
export async function pngWithText(width = 720, height = 1280): Promise<Buffer> {
  const png = await (await halves(width, height)).png().toBuffer();
  const texts = Buffer.concat([
    chunk('tEXt', Buffer.from(`Author\0${OWNER}`, 'latin1')),
    chunk('zTXt', Buffer.concat([Buffer.from('Comment\0\0', 'latin1'), deflateSync(SECRET_TEXT)])),
  ]);
  return Buffer.concat([png.subarray(0, 33), texts, png.subarray(33)]); // 8 signature + 25 IHDR
}

export async function webpWithExif(width = 640, height = 480): Promise<Buffer> {
  return (await halves(width, height))
    .webp({ quality: 90 })
    .withExif({ IFD0: { Artist: OWNER, Model: CAMERA } })
    .toBuffer();
}

/** Stored 300 × 120 (red left, blue right) with EXIF orientation 6: shown upright it is 120 × 300, red on top. */
export async function rotatedJpeg(): Promise<Buffer> {
  const raw = await (await halves(300, 120)).jpeg({ quality: 92 }).toBuffer();
  return sharp(raw).withMetadata({ orientation: 6 }).jpeg({ quality: 92 }).toBuffer();
}

export const htmlPage = () => Buffer.from('<!doctype html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>');

/** The first half of a detailed JPEG. */
export async function truncatedJpeg(): Promise<Buffer> {
  const noise = Buffer.alloc(600 * 600 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  const jpeg = await sharp(noise, { raw: { width: 600, height: 600, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
  return jpeg.subarray(0, Math.floor(jpeg.length / 2));
}

/** A real 20,000 × 20,000 PNG (black, 1 bit a pixel) of about 50 KB: it would decode to 400 million pixels. */
export function pngBomb(side = 20_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, filter 0, no interlace
  const rows = Buffer.alloc((Math.ceil(side / 8) + 1) * side); // each row: filter byte 0, then zeros
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A genuine JPEG padded to 11 MB (decoders ignore what follows its end). */
export async function elevenMegabytes(): Promise<Buffer> {
  const jpeg = await phoneJpeg(300, 200);
  return Buffer.concat([jpeg, Buffer.alloc(11 * 1024 * 1024 - jpeg.length)]);
}

/** Metadata markers found by scanning the bytes: EXIF, XMP, IPTC (Photoshop APP13), ICC, PNG text chunks, and the words written in. */
export function metadataMarkers(bytes: Uint8Array): string[] {
  const text = Buffer.from(bytes).toString('latin1');
  const markers: Record<string, string> = {
    exif: 'Exif\0\0',
    xmp: 'http://ns.adobe.com/xap/1.0/',
    xmpmeta: 'x:xmpmeta',
    iptc: 'Photoshop 3.0',
    icc: 'ICC_PROFILE',
    tEXt: 'tEXt',
    zTXt: 'zTXt',
    iTXt: 'iTXt',
    eXIf: 'eXIf',
    owner: OWNER,
    camera: CAMERA,
    secret: SECRET_TEXT,
  };
  return Object.entries(markers)
    .filter(([, marker]) => text.includes(marker))
    .map(([name]) => name);
}

/** The colour at a point, as 0–255 RGB. */
export async function pixelAt(bytes: Uint8Array, x: number, y: number): Promise<[number, number, number]> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (y * info.width + x) * info.channels;
  return [data[at]!, data[at + 1]!, data[at + 2]!];
}

/** True when two colours are within what JPEG re-encoding changes. */
export const near = (a: number[], b: number[], tolerance = 40) => a.every((v, i) => Math.abs(v - b[i]!) <= tolerance);
export const RED = [220, 30, 30];
export const BLUE = [30, 60, 220];

/** A PNG of width × height whose rows are all zeros: a few KB that would decode to a strip of millions of pixels. */
export function tallPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale
  const row = Math.ceil(width / 8) + 1;
  const rows = Buffer.alloc(row * Math.min(height, 4_000_000)); // the first rows: enough to be a PNG a decoder starts on
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
