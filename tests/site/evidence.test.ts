// Evidence images through the built site, as a browser without JavaScript
// sends them (multipart/form-data): a parent attaches photos with location
// and owner metadata, a screenshot with text chunks, a WebP and a rotated
// photo; the bureau downloads them through its emailed link and finds no
// metadata, the right orientation and the same picture. Bad files are each
// refused in Chinese with nothing stored, and the limits hold.
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { once } from 'node:events';
import { join, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { startServer, type RunningServer } from '../support/server';
import { hiddenFields, postForm, sampleAspect, sampleSchool, textOf, titleOf } from '../support/intakeForms';
import { signInOverHttp } from '../support/workspace';
import { S3_CREDENTIALS, startS3 } from '../support/blobStores';
import { sniffImage } from '../../src/domain/imageType';
import { readContent } from '../support/content';
import {
  BLUE,
  RED,
  elevenMegabytes,
  htmlPage,
  metadataMarkers,
  near,
  phoneJpeg,
  pixelAt,
  pngBomb,
  pngWithText,
  rotatedJpeg,
  truncatedJpeg,
  webpWithExif,
} from '../support/evidenceImages';

let server: RunningServer;
const CRON_SECRET = 'cron-secret-for-the-evidence-sweep';

beforeAll(async () => {
  server = await startServer({ INTAKE_RATE_LIMIT: '1000', LOOKUP_RATE_LIMIT: '1000', EVIDENCE_RATE_LIMIT: '1000', CRON_SECRET });
});
afterAll(async () => {
  if (server && server.process.exitCode !== null) console.error(`server exited:\n${server.output()}`);
  await server?.stop();
});

const ANSWERS = {
  school: sampleSchool.id,
  aspect: sampleAspect.id,
  description: '班级群里通知周六到校补课，每人收费两百元，截图在附件里。',
  anonymous: 'true',
};
type File = { name: string; bytes: Uint8Array; type?: string };

/** The report form as a browser sends it: multipart, the chosen files in `evidence`, an empty part when none. */
function postReport(url: string, fields: Record<string, string>, files: File[] = []) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (files.length === 0) form.append('evidence', new Blob([]), '');
  for (const file of files) form.append('evidence', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type ?? 'image/jpeg' }), file.name);
  return fetch(`${url}/report/`, { method: 'POST', body: form, headers: { Origin: url } });
}

const previewsOf = (html: string) => [...html.matchAll(/<img src="\/report\/evidence\?p=([^"]+)"/g)].map((m) => m[1]!);
const errorOf = (html: string) => /<p class="error-message" id="evidence-error">(?:<span[^>]*>[^<]*<\/span>)?([^<]*)<\/p>/.exec(html)?.[1];
const storedFiles = () => {
  try {
    return readdirSync(join(server.dataDir, 'evidence'), { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length;
  } catch {
    return 0;
  }
};

/** Files a complaint with these images through form → check → submit; the check page and the confirmation. */
async function fileWith(files: File[]) {
  const check = await postReport(server.url, { step: 'check', ...ANSWERS }, files);
  const checkHtml = await check.text();
  expect(check.status, errorOf(checkHtml)).toBe(200);
  const done = await postForm(`${server.url}/report/`, { ...hiddenFields(checkHtml), step: 'submit' });
  const doneHtml = await done.text();
  expect(titleOf(doneHtml)).toMatch(/^举报已提交/);
  return { checkHtml, reference: textOf(doneHtml, 'data-reference')!, receiptCode: textOf(doneHtml, 'data-receipt-code')! };
}

/** The bureau's email for a complaint, from the outbox. */
async function bureauMail(reference: string): Promise<{ text: string; html: string }> {
  const path = join(server.dataDir, 'outbox', `complaint.filed_${reference}.json`);
  for (let tries = 0; tries < 100; tries++) {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as { text: string; html: string };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`no email for ${reference}`);
}

const answerLinkOf = (mail: { text: string }) => /http:\/\/\S+\/answer\/\?t=\S+/.exec(mail.text)![0];
const imageLinksOf = (html: string) => [
  ...new Set([...html.matchAll(/href="(\/answer\/evidence\?t=[^"&]+&amp;n=\d)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'))),
];

describe('photos with metadata, filed and opened by the bureau', () => {
  let reference: string;
  let receiptCode: string;
  let answerUrl: string;
  let downloads: Array<{ response: Response; bytes: Uint8Array }>;

  beforeAll(async () => {
    const filed = await fileWith([
      { name: '微信截图.png', bytes: await pngWithText(), type: 'image/png' },
      { name: 'IMG_0001.jpg', bytes: await phoneJpeg() },
      { name: 'notice.webp', bytes: await webpWithExif(), type: 'image/webp' },
    ]);
    ({ reference, receiptCode } = filed);
    expect(previewsOf(filed.checkHtml)).toHaveLength(3);
    answerUrl = answerLinkOf(await bureauMail(reference));
    const page = await (await fetch(answerUrl)).text();
    const links = imageLinksOf(page);
    expect(links).toHaveLength(3);
    downloads = await Promise.all(
      links.map(async (link) => {
        const response = await fetch(`${server.url}${link}`);
        return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
      }),
    );
  });

  it('are served decrypted, never cached, named by the reference, under a policy that allows nothing but the image', () => {
    expect(downloads.map((d) => d.response.status)).toEqual([200, 200, 200]);
    expect(downloads.map((d) => d.response.headers.get('content-type'))).toEqual(['image/png', 'image/jpeg', 'image/jpeg']);
    expect(downloads.map((d) => d.response.headers.get('content-disposition'))).toEqual([
      `inline; filename="${reference}-1.png"`,
      `inline; filename="${reference}-2.jpg"`,
      `inline; filename="${reference}-3.jpg"`,
    ]);
    for (const { response } of downloads) {
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'none'; img-src 'self'; sandbox; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('carry no EXIF, XMP, IPTC or PNG text, and are the same pictures', async () => {
    const expected = [
      { format: 'png', width: 720, height: 1280 },
      { format: 'jpeg', width: 900, height: 600 },
      { format: 'jpeg', width: 640, height: 480 },
    ];
    for (const [i, { bytes }] of downloads.entries()) {
      expect(metadataMarkers(bytes), `image ${i + 1}`).toEqual([]);
      const meta = await sharp(bytes).metadata();
      expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual(expected[i]);
      expect([meta.exif, meta.xmp, meta.iptc, meta.comments, meta.icc]).toEqual([undefined, undefined, undefined, undefined, undefined]);
      expect(near(await pixelAt(bytes, 5, 5), RED), `image ${i + 1} left`).toBe(true);
      expect(near(await pixelAt(bytes, meta.width! - 5, meta.height! - 5), BLUE), `image ${i + 1} right`).toBe(true);
    }
  });

  it('the bureau’s email gives the count and the link, nothing of the images', async () => {
    const mail = await bureauMail(reference);
    expect(mail.text).toContain('图片：3 张，请通过下面的链接查看');
    expect(mail.text).not.toContain('/answer/evidence');
    expect(mail.html).not.toContain('/answer/evidence');
    expect(mail.html).not.toMatch(/<img|data:image/);
  });

  it('the parent’s status page says only how many were submitted', async () => {
    const html = await (await postForm(`${server.url}/report/status/`, { receiptCode })).text();
    expect(textOf(html, 'data-evidence-count')).toBe('3 张图片已提交');
    expect(html).not.toContain('/answer/evidence');
    expect(html).not.toContain('/report/evidence');
  });

  it('a link that is not the bureau’s, or an image that is not there, gets nothing', async () => {
    const token = new URL(answerUrl).searchParams.get('t')!;
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await fetch(`${server.url}/answer/evidence?t=${encodeURIComponent(tampered)}&n=1`)).status).toBe(403);
    expect((await fetch(`${server.url}/answer/evidence?n=1`)).status).toBe(403);
    expect((await fetch(`${server.url}/answer/evidence?t=${encodeURIComponent(token)}&n=4`)).status).toBe(404);
    expect((await fetch(`${server.url}/answer/evidence?t=${encodeURIComponent(token)}&n=0`)).status).toBe(404);
  });

  it('in the workspace, the bureau that handles it sees them; another bureau and the supervision office do not', async () => {
    const other = readContent().bureaus.find((b) => b.id !== sampleSchool.bureau)!.id;
    const [own, another, office] = [
      await signInOverHttp(server, sampleSchool.bureau),
      await signInOverHttp(server, other),
      await signInOverHttp(server, '@office'),
    ];
    const page = await (await fetch(`${server.url}/bureau/complaint/?ref=${reference}`, { headers: { Cookie: own } })).text();
    const links = [...new Set([...page.matchAll(/href="(\/bureau\/evidence\?ref=[^"&]+&amp;n=\d)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&')))];
    expect(links).toEqual([1, 2, 3].map((n) => `/bureau/evidence?ref=${reference}&n=${n}`));
    const image = await fetch(`${server.url}${links[1]}`, { headers: { Cookie: own } });
    expect(image.status).toBe(200);
    expect(image.headers.get('cache-control')).toBe('no-store');
    expect(image.headers.get('content-disposition')).toBe(`inline; filename="${reference}-2.jpg"`);
    expect(metadataMarkers(new Uint8Array(await image.arrayBuffer()))).toEqual([]);
    expect((await fetch(`${server.url}${links[1]}&download=1`, { headers: { Cookie: own } })).headers.get('content-disposition')).toBe(
      `attachment; filename="${reference}-2.jpg"`,
    );
    expect((await fetch(`${server.url}${links[1]}`, { headers: { Cookie: another } })).status).toBe(403);
    expect((await fetch(`${server.url}${links[1]}`, { headers: { Cookie: office } })).status).toBe(403);
    expect((await fetch(`${server.url}${links[1]}`)).status).toBe(403);
    const officePage = await (await fetch(`${server.url}/bureau/complaint/?ref=${reference}`, { headers: { Cookie: office } })).text();
    expect(officePage).not.toContain('/bureau/evidence');
  });

  it('the link of another complaint opens only that complaint’s images', async () => {
    const other = await fileWith([{ name: 'rotated.jpg', bytes: await rotatedJpeg() }]);
    const otherLink = answerLinkOf(await bureauMail(other.reference));
    const token = new URL(otherLink).searchParams.get('t')!;
    const first = await fetch(`${server.url}/answer/evidence?t=${encodeURIComponent(token)}&n=1`);
    expect(first.headers.get('content-disposition')).toBe(`inline; filename="${other.reference}-1.jpg"`);
    expect((await fetch(`${server.url}/answer/evidence?t=${encodeURIComponent(token)}&n=2`)).status).toBe(404);
    // And the rotated photo arrives upright: 120 × 300, red on top, blue below.
    const bytes = new Uint8Array(await first.arrayBuffer());
    expect(await sharp(bytes).metadata()).toMatchObject({ width: 120, height: 300 });
    expect(near(await pixelAt(bytes, 115, 5), RED)).toBe(true);
    expect(near(await pixelAt(bytes, 5, 295), BLUE)).toBe(true);
    expect(metadataMarkers(bytes)).toEqual([]);
  });
});

describe('on the way to filing', () => {
  it('a repeated submit (a double tap, a resend after a lost answer) shows the same receipt code and files once', async () => {
    const check = await postReport(server.url, { step: 'check', ...ANSWERS }, [{ name: 'twice.jpg', bytes: await phoneJpeg(300, 200) }]);
    const fields = { ...hiddenFields(await check.text()), step: 'submit' };
    const first = await (await postForm(`${server.url}/report/`, fields)).text();
    const again = await (await postForm(`${server.url}/report/`, fields)).text();
    expect(titleOf(again)).toMatch(/^举报已提交/);
    expect(textOf(again, 'data-reference')).toBe(textOf(first, 'data-reference'));
    expect(textOf(again, 'data-receipt-code')).toBe(textOf(first, 'data-receipt-code'));
  });

  it('an image survives an error round: the form comes back with its preview and keeps it', async () => {
    const first = await postReport(server.url, { step: 'check', ...ANSWERS, description: '' }, [{ name: 'a.jpg', bytes: await phoneJpeg(300, 200) }]);
    const html = await first.text();
    expect(first.status).toBe(422);
    expect(previewsOf(html)).toHaveLength(1);
    expect(hiddenFields(html).evidenceKept).toBe(previewsOf(html)[0]);
    const fixed = await postReport(server.url, { ...hiddenFields(html), step: 'check', ...ANSWERS });
    const checkHtml = await fixed.text();
    expect(titleOf(checkHtml)).toMatch(/^检查填写内容/);
    expect(previewsOf(checkHtml)).toEqual(previewsOf(html));
    expect(checkHtml).toContain('1 张（见下面的预览）');
  });

  it('a preview is a small JPEG for the page it was uploaded from; a forged or changed token gets nothing', async () => {
    const html = await (await postReport(server.url, { step: 'check', ...ANSWERS }, [{ name: 'b.png', bytes: await pngWithText(), type: 'image/png' }])).text();
    const [token] = previewsOf(html);
    const preview = await fetch(`${server.url}/report/evidence?p=${token}`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('cache-control')).toBe('no-store');
    const meta = await sharp(new Uint8Array(await preview.arrayBuffer())).metadata();
    expect({ format: meta.format, width: meta.width, height: meta.height }).toEqual({ format: 'jpeg', width: 180, height: 320 });
    const [id, signature] = token!.split('.');
    const otherId = `${id!.slice(0, -1)}${id!.endsWith('0') ? '1' : '0'}`;
    for (const forged of [`${otherId}.${signature}`, `${id}.${signature!.slice(0, 10)}${signature![10] === 'A' ? 'B' : 'A'}${signature!.slice(11)}`, id!, '']) {
      expect((await fetch(`${server.url}/report/evidence?p=${forged}`)).status, forged).toBe(404);
    }
  });

  it('removing an image on the check page shows the page again without it, and deletes it', async () => {
    const html = await (
      await postReport(server.url, { step: 'check', ...ANSWERS }, [
        { name: 'c.jpg', bytes: await phoneJpeg(300, 200) },
        { name: 'd.jpg', bytes: await phoneJpeg(300, 200) },
      ])
    ).text();
    const [keep, remove] = previewsOf(html);
    const again = await (await postForm(`${server.url}/report/`, { ...hiddenFields(html), removeEvidence: remove! })).text();
    expect(titleOf(again)).toMatch(/^检查填写内容/);
    expect(previewsOf(again)).toEqual([keep]);
    expect((await fetch(`${server.url}/report/evidence?p=${remove}`)).status).toBe(404);
  });
});

describe('bad files, each refused in Chinese with nothing stored', () => {
  const cases: Array<[string, () => Promise<File[]>, string]> = [
    [
      'an HTML page named .jpg',
      async () => [{ name: 'photo.jpg', bytes: htmlPage() }],
      '“photo.jpg”不是 JPEG、PNG、WebP 或 HEIC 图片，无法上传。请上传手机拍的照片或截图。',
    ],
    // sharp's own build of libvips decodes no HEIC (only AVIF among HEIF files): the parent is told what to do instead.
    [
      'an iPhone HEIC photo',
      async () => [
        {
          name: 'IMG_0002.HEIC',
          bytes: Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(2000, 7)]),
          type: 'image/heic',
        },
      ],
      '“IMG_0002.HEIC”是 HEIC 格式（苹果手机默认的照片格式），本站暂时无法读取。请截屏后上传截图，或在 iPhone 的“设置 → 相机 → 格式”中选“兼容性最佳”后重新拍照。',
    ],
    [
      'a truncated JPEG',
      async () => [{ name: 'half.jpg', bytes: await truncatedJpeg() }],
      '“half.jpg”已损坏或不完整，无法读取。请重新保存这张图片，或截屏后再上传。',
    ],
    [
      'a 20,000 × 20,000 PNG of 50 KB',
      async () => [{ name: 'bomb.png', bytes: pngBomb(), type: 'image/png' }],
      '“bomb.png”尺寸太大（超过 6400 万像素），无法处理。请截屏后上传截图。',
    ],
    [
      'four images',
      async () => Promise.all([1, 2, 3, 4].map(async (n) => ({ name: `${n}.jpg`, bytes: await phoneJpeg(200, 100) }))),
      '最多只能附 3 张图片。请少选几张，或先删除已添加的图片。',
    ],
    [
      'an 11 MB image',
      async () => [{ name: 'big.jpg', bytes: await elevenMegabytes() }],
      '“big.jpg”太大了：每张图片不能超过 10 MB。请截屏后上传截图，或在相册里裁剪后再上传。',
    ],
  ];

  it.each(cases)('%s', async (_name, make, message) => {
    const before = storedFiles();
    const files = await make();
    if (files.length === 1 && files[0]!.name === 'bomb.png') expect(files[0]!.bytes.byteLength).toBeLessThan(100 * 1024);
    const res = await postReport(server.url, { step: 'check', ...ANSWERS }, files);
    const html = await res.text();
    expect(res.status).toBe(422);
    expect(titleOf(html)).toMatch(/^错误：/);
    expect(errorOf(html)).toBe(message);
    expect(html).toContain(`<a href="#evidence">${message}</a>`);
    expect(previewsOf(html)).toEqual([]);
    // The other answers are kept.
    expect(html).toContain(ANSWERS.description);
    expect(storedFiles()).toBe(before);
  });
});

describe('limits', () => {
  it('the larger body cap is only for the forms with images (the report, the reply on the status page): other forms and the API keep theirs', async () => {
    const big = new Uint8Array(40 * 1024);
    const form = new FormData();
    form.append('receiptCode', 'x');
    form.append('t', 'x');
    form.append('evidence', new Blob([big]), 'x.jpg');
    expect((await fetch(`${server.url}/answer/`, { method: 'POST', body: form, headers: { Origin: server.url } })).status).toBe(415);
    // The status page reads it (its reply may carry images), and answers the unknown code.
    expect((await fetch(`${server.url}/report/status/`, { method: 'POST', body: form, headers: { Origin: server.url } })).status).toBe(404);
    const report = await fetch(`${server.url}/report/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: `description=${'x'.repeat(40 * 1024)}`,
    });
    expect(report.status).toBe(413);
  });

  it('a multipart body declared over three full images is refused with 413 and a message in Chinese, unread', async () => {
    // A raw socket: the answer comes before the body is sent, as it would to a phone that declared 32 MB.
    const socket = net.connect(Number(new URL(server.url).port), '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (d) => (answer += d.toString('utf8')));
    socket.write(
      `POST /report/ HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\nOrigin: ${server.url}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: ${32 * 1024 * 1024}\r\nConnection: close\r\n\r\n--x\r\n`,
    );
    for (let tries = 0; tries < 100 && !answer.includes('</html>'); tries++) await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toContain('图片加起来太大');
  });

  it('images per client per hour: past EVIDENCE_RATE_LIMIT the next is refused, the answers kept', async () => {
    const limited = await startServer({ EVIDENCE_RATE_LIMIT: '2' });
    try {
      const image = { name: 'e.jpg', bytes: await phoneJpeg(200, 100) };
      const first = await (await postReport(limited.url, { step: 'check', ...ANSWERS }, [image, image])).text();
      expect(previewsOf(first)).toHaveLength(2);
      const res = await postReport(limited.url, { ...hiddenFields(first), step: 'check', ...ANSWERS }, [image]);
      const html = await res.text();
      expect(res.status).toBe(422);
      expect(errorOf(html)).toBe('上传图片太频繁，请过一段时间再试。您填写的其他内容还在。');
      expect(previewsOf(html)).toHaveLength(2);
      // Previews too: 20 an hour per image the client may upload (2 here), so 40, then 429.
      const preview = `${limited.url}/report/evidence?p=${previewsOf(html)[0]}`;
      const statuses: number[] = [];
      for (let i = 0; i < 41; i++) statuses.push((await fetch(preview)).status);
      expect(statuses).toEqual([...Array(40).fill(200), 429]);
    } finally {
      await limited.stop();
    }
  });
});

describe('the sweep as a scheduled job', () => {
  it('runs only for the cron secret, and deletes nothing a complaint or a form still needs', async () => {
    expect((await fetch(`${server.url}/api/cron/evidence`)).status).toBe(401);
    const before = storedFiles();
    const res = await fetch(`${server.url}/api/cron/evidence`, { headers: { Authorization: `Bearer ${CRON_SECRET}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ pending: 0, orphans: 0 });
    expect(storedFiles()).toBe(before);
  });
});

describe('with an S3-compatible bucket (s3rver) instead of the folder', () => {
  it('files and serves through the bucket, keeps nothing on the server’s disk, and a bucket that stops answering files nothing', async () => {
    const s3 = await startS3('bozhou-evidence');
    const onS3 = await startServer({
      S3_BUCKET: 'bozhou-evidence',
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: '1',
      S3_ACCESS_KEY_ID: S3_CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: S3_CREDENTIALS.secretAccessKey,
    });
    try {
      const check = await (await postReport(onS3.url, { step: 'check', ...ANSWERS }, [{ name: 'IMG_0003.jpg', bytes: await phoneJpeg() }])).text();
      expect(previewsOf(check)).toHaveLength(1);
      const done = await (await postForm(`${onS3.url}/report/`, { ...hiddenFields(check), step: 'submit' })).text();
      const reference = textOf(done, 'data-reference')!;
      let mail: { text: string } | undefined;
      for (let tries = 0; !mail && tries < 100; tries++) {
        try {
          mail = JSON.parse(readFileSync(join(onS3.dataDir, 'outbox', `complaint.filed_${reference}.json`), 'utf8')) as { text: string };
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const token = new URL(answerLinkOf(mail!)).searchParams.get('t')!;
      const image = await fetch(`${onS3.url}/answer/evidence?t=${encodeURIComponent(token)}&n=1`);
      expect(image.status).toBe(200);
      const bytes = new Uint8Array(await image.arrayBuffer());
      expect(await sharp(bytes).metadata()).toMatchObject({ format: 'jpeg', width: 900, height: 600 });
      expect(metadataMarkers(bytes)).toEqual([]);
      // In the bucket: the filed image and its pending copy (kept until the sweep, so
      // that a repeated submit replays), both encrypted; on the server's own disk: nothing.
      const objects = readdirSync(s3.dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile() && d.name.endsWith('._S3rver_object'));
      expect(objects.map((o) => join(o.parentPath, o.name).includes(`${sep}pending${sep}`)).sort()).toEqual([false, true]);
      for (const object of objects) expect(sniffImage(readFileSync(join(object.parentPath, object.name)))).toBeUndefined();
      expect(readdirSync(onS3.dataDir)).not.toContain('evidence');

      const kept = await (await postReport(onS3.url, { step: 'check', ...ANSWERS }, [{ name: 'IMG_0004.jpg', bytes: await phoneJpeg(300, 200) }])).text();
      await s3.close();
      const refused = await postReport(onS3.url, { step: 'check', ...ANSWERS }, [{ name: 'IMG_0005.jpg', bytes: await phoneJpeg(300, 200) }]);
      expect(refused.status).toBe(503);
      expect(errorOf(await refused.text())).toBe('图片暂时无法保存，请稍后再试。您填写的其他内容还在。');
      const submitted = await postForm(`${onS3.url}/report/`, { ...hiddenFields(kept), step: 'submit' });
      const html = await submitted.text();
      expect(submitted.status).toBe(503);
      expect(titleOf(html)).toMatch(/^错误：检查填写内容/);
      expect(html).toContain('图片暂时无法保存，请稍后再试。您填写的其他内容还在。');
      expect(readdirSync(join(onS3.dataDir, 'outbox')).filter((name) => name.startsWith('complaint.filed') && name.endsWith('.json'))).toHaveLength(1);
    } finally {
      await onS3.stop();
      await s3.close().catch(() => undefined);
    }
  });
});
