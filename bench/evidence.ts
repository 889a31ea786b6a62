// Evidence images through the report form (POST /report/, multipart, step "check"), as a browser sends them,
// on a fresh server (the memory figure is its peak resident set since it started):
//   processing  one 12 MP phone photo at a time: the answer's time, next to sharp decoding the same file alone
//   memory      peak RSS of the server while 10 clients upload 30 MB each at once (3 images of 10 MB)
//   stall       p99 of a static page and of /api/health while 4 images of 1 × 12,000,000 px are processed,
//               next to the same p99 with nothing processed
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { fmt, load, peakRss, quick, rss, report, startFloor, startSite, type Load } from './lib/harness';

const ANSWERS = {
  step: 'check',
  school: 'city-lanxi-school',
  aspect: 'catchment-enrolment',
  description: '班级群里通知周六到校补课，每人收费两百元，截图在附件里。',
  anonymous: 'true',
};

function postReport(url: string, files: Array<{ name: string; bytes: Uint8Array }>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(ANSWERS)) form.append(name, value);
  for (const file of files) form.append('evidence', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), file.name);
  return fetch(`${url}/report/`, { method: 'POST', body: form, headers: { origin: url } }).then(async (res) => (await res.arrayBuffer(), res.status));
}

/** Noise with some structure, so that the encoder works as hard as on a real photo. */
async function photo(width: number, height: number) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = ((i % (width * 3)) / 12 + ((i * 2654435761) >>> 27)) & 0xff;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** A PNG of `width` × `height` black pixels, 1 bit each: a few KB that decode to many pixels. */
function tallPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(data.length + 12);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), data.length + 8);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8);
  const rows = Buffer.alloc((Math.ceil(width / 8) + 1) * height);
  return Buffer.concat([
    Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function evidence() {
  const resend = await startFloor('resend');
  const site = await startSite(resend.url, { EVIDENCE_RATE_LIMIT: '100000' });

  // Memory: 10 clients, 3 images of 10 MB each (a small JPEG padded: decoders ignore what follows its end).
  const small = await photo(640, 480);
  const padded = Buffer.concat([small, Buffer.alloc(10 * 1024 * 1024 - 4096 - small.length)]);
  const before = rss(site.pid);
  const statuses = await Promise.all(
    Array.from({ length: 10 }, () =>
      postReport(
        site.url,
        [1, 2, 3].map((n) => ({ name: `${n}.jpg`, bytes: padded })),
      ),
    ),
  );
  const peak = peakRss(site.pid);
  report({
    what: '10 concurrent uploads of 30 MB (3 × 10 MB) to the report form',
    figure: `peak RSS ${fmt.mb(peak)} (answers ${[...new Set(statuses)].join(', ')})`,
    floor: `the server before: ${fmt.mb(before)}`,
    ratio: peak / before,
    target: '≤ 400 MB',
    met: peak <= 400 * 1048576,
  });

  const jpeg = await photo(4032, 3024);
  const runs = quick ? 3 : 10;
  const served: number[] = [];
  const decoded: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    const status = await postReport(site.url, [{ name: 'photo.jpg', bytes: jpeg }]);
    if (status !== 200) throw new Error(`the report form answered ${status}`);
    served.push(performance.now() - t0);
    t0 = performance.now();
    await sharp(jpeg).raw().toBuffer();
    decoded.push(performance.now() - t0);
  }
  report({
    what: 'a 12 MP photo through the report form (check step)',
    figure: `median ${fmt.ms(median(served))}`,
    floor: `sharp decoding it alone: ${fmt.ms(median(decoded))}`,
    ratio: median(decoded) / median(served),
  });

  // Stall: the p99 of a page and of health with nothing running, then while 4 tall PNGs are processed.
  const page = (duration: number) => load(`${site.url}/schools/city-lanxi-school/`, { connections: 2, duration, headers: { 'accept-encoding': 'br, gzip' } });
  const health = (duration: number) => load(`${site.url}/api/health`, { connections: 2, duration });
  const [idlePage, idleHealth] = await Promise.all([page(3), health(3)]);
  const tall = tallPng(1, 12_000_000);
  const t0 = performance.now();
  let done = false;
  const images = Promise.all(Array.from({ length: 4 }, (_, i) => postReport(site.url, [{ name: `tall-${i}.png`, bytes: tall }]))).finally(() => (done = true));
  const busy: Array<[Load, Load]> = [];
  do busy.push(await Promise.all([page(1), health(1)]));
  while (!done);
  const imageStatuses = [...new Set(await images)].join(', ');
  const worst = (i: 0 | 1) => busy.reduce((a, b) => (b[i].p99 > a[i].p99 ? b : a))[i];
  const [busyPage, busyHealth] = [worst(0), worst(1)];
  report({
    what: `a static page while 4 PNGs of 1 × 12,000,000 px are processed (${fmt.ms(performance.now() - t0)}, answers ${imageStatuses})`,
    figure: `p99 ${busyPage.p99} ms${busyPage.bad ? `, ${busyPage.bad} failed` : ''}`,
    floor: `the same page, nothing processed: p99 ${idlePage.p99} ms`,
    ratio: busyPage.p99 / Math.max(1, idlePage.p99),
    target: 'p99 < 1 s',
    met: busyPage.p99 < 1000 && busyPage.bad === 0,
  });
  report({
    what: '`/api/health` meanwhile',
    figure: `p99 ${busyHealth.p99} ms${busyHealth.bad ? `, ${busyHealth.bad} failed` : ''}`,
    floor: `nothing processed: p99 ${idleHealth.p99} ms`,
    ratio: busyHealth.p99 / Math.max(1, idleHealth.p99),
    target: 'p99 < 1 s',
    met: busyHealth.p99 < 1000 && busyHealth.bad === 0,
  });
}
