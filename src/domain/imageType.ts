type Sniffed = 'jpeg' | 'png' | 'webp' | 'heif';

/**
 * The real type, from the first bytes (never the name or the declared type).
 * Four fixed signatures, so a few lines rather than a library that knows
 * hundreds: whatever is not one of these never reaches a decoder (libvips
 * would also open SVG, TIFF, GIF or PDF).
 */
export function sniffImage(bytes: Uint8Array): Sniffed | undefined {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  // ISO-BMFF: a box `ftyp` whose brand is one of HEIF's (iPhones write heic; some Android phones mif1).
  if (ascii(4, 8) === 'ftyp' && /^(heic|heix|heim|heis|hevc|hevx|hevm|hevs|mif1|msf1)$/.test(ascii(8, 12))) return 'heif';
  return undefined;
}
