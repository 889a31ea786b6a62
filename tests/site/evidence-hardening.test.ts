// Issue 20 through the built site, as an attacker would try it: replayed
// submits must not fill the disk, a tall PNG must be refused from its header,
// a store that stops answering during the image step must answer 503 with the
// answers kept, and an over-limit client gets its 429 before its body is read.
import { readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { freePort } from '../support/project';
import { testSecret } from '../support/intakeRedis';
import { startOwnRedis } from '../support/ownRedis';
import { hiddenFields, postForm, sampleAspect, sampleSchool, titleOf } from '../support/intakeForms';
import { phoneJpeg, tallPng } from '../support/evidenceImages';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ INTAKE_RATE_LIMIT: '1000', LOOKUP_RATE_LIMIT: '1000', EVIDENCE_RATE_LIMIT: '1000' });
});
afterAll(async () => {
  await server?.stop();
});

const ANSWERS = {
  school: sampleSchool.id,
  aspect: sampleAspect.id,
  description: '班级群里通知周六到校补课，每人收费两百元，截图在附件里。',
  anonymous: 'true',
};
type File = { name: string; bytes: Uint8Array };
/** 40 KB that is no image: makes a body an upload (over 32 KB) without costing any decoding. */
const NOISE = randomBytes(40_000);

/** Writes into a folder until its disk is full. */
function fillDisk(dir: string) {
  try {
    for (let i = 0; ; i++) writeFileSync(join(dir, `filler-${i}`), Buffer.alloc(4096));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
}

function postReport(url: string, fields: Record<string, string>, files: File[] = []) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (files.length === 0) form.append('evidence', new Blob([]), '');
  for (const file of files) form.append('evidence', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }), file.name);
  return fetch(`${url}/report/`, { method: 'POST', body: form, headers: { Origin: url } });
}
const errorOf = (html: string) => /<p class="error-message" id="evidence-error">(?:<span[^>]*>[^<]*<\/span>)?([^<]*)<\/p>/.exec(html)?.[1];
const descriptionShown = (html: string) => html.includes(ANSWERS.description);

/** Every file under the evidence folder (temporary ones included) and their bytes. */
function evidenceOnDisk(dataDir: string) {
  const dir = join(dataDir, 'evidence');
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(join(dir, f)).isFile());
  return {
    files,
    bytes: files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0),
    complaints: new Set(files.filter((f) => f.startsWith('complaints')).map((f) => f.split('/')[1])).size,
  };
}

describe('one check-page submit replayed 40 times (a new formKey each time, the same images)', () => {
  it('files one complaint with its images and writes no more bytes after the first', async () => {
    const images = await Promise.all([phoneJpeg(800, 600), phoneJpeg(600, 800), phoneJpeg(640, 480)]);
    const check = await postReport(
      server.url,
      { step: 'check', ...ANSWERS },
      images.map((bytes, i) => ({ name: `p${i}.jpg`, bytes })),
    );
    expect(check.status).toBe(200);
    const fields = { ...hiddenFields(await check.text()), step: 'submit' };
    const first = await postForm(`${server.url}/report/`, fields);
    expect(titleOf(await first.text())).toMatch(/^举报已提交/);
    const afterFirst = evidenceOnDisk(server.dataDir);
    expect(afterFirst.complaints).toBe(1);
    const statuses = new Set<number>();
    for (let i = 0; i < 39; i++) {
      const res = await postForm(`${server.url}/report/`, { ...fields, formKey: `replay${String(i).padStart(10, '0')}` });
      statuses.add(res.status);
      await res.text();
    }
    expect([...statuses]).toEqual([409]);
    const after = evidenceOnDisk(server.dataDir);
    expect(after.complaints).toBe(1);
    expect(after.bytes).toBe(afterFirst.bytes);
    expect(after.files.length).toBe(afterFirst.files.length);
  });
});

describe('an image refused from its header, before any decoding', () => {
  it('a PNG of 1 × 63,999,999 px is refused as too long, the answers kept', async () => {
    const res = await postReport(server.url, { step: 'check', ...ANSWERS }, [{ name: 'strip.png', bytes: tallPng(1, 63_999_999) }]);
    const html = await res.text();
    expect(res.status).toBe(422);
    expect(errorOf(html)).toBe('“strip.png”的长宽比例太悬殊或边长太长（最长一边不超过 20000 像素，长边不超过短边的 30 倍），无法处理。请截屏后上传截图。');
    expect(descriptionShown(html)).toBe(true);
  });
});

describe('a client over its upload limit', () => {
  it('gets 429 before its body is read: a body that never ends still gets its answer', async () => {
    const limited = await startServer({ EVIDENCE_RATE_LIMIT: '1' });
    try {
      // A body with images over 32 KB is an upload: the first of the hour is read (its noise refused as not an image).
      const first = await postReport(limited.url, { step: 'check', ...ANSWERS }, [{ name: 'noise.jpg', bytes: NOISE }]);
      expect(first.status).toBe(422);
      await first.text();
      const { port } = new URL(limited.url);
      const socket = net.connect(Number(port), '127.0.0.1');
      await once(socket, 'connect');
      socket.write(
        `POST /report/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${limited.url}\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 20000000\r\n\r\n--xyz\r\n`,
      );
      let answer = '';
      socket.on('data', (d) => (answer += d));
      while (!answer.includes('\r\n\r\n')) await once(socket, 'data');
      socket.destroy();
      expect(answer).toMatch(/^HTTP\/1\.1 429 /);
    } finally {
      await limited.stop();
    }
  });
});

describe('uploads at once past EVIDENCE_UPLOADS', () => {
  it('the next upload’s files are dropped unread: 503 in Chinese, the answers kept', async () => {
    const gated = await startServer({ EVIDENCE_UPLOADS: '1' });
    const { port } = new URL(gated.url);
    const holder = net.connect(Number(port), '127.0.0.1');
    try {
      await once(holder, 'connect');
      // An upload still arriving holds the only place.
      holder.write(
        `POST /report/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${gated.url}\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 20000000\r\n\r\n--xyz\r\n`,
      );
      await new Promise((r) => setTimeout(r, 500));
      const res = await postReport(gated.url, { step: 'check', ...ANSWERS }, [
        { name: 'a.jpg', bytes: await phoneJpeg(200, 100) },
        { name: 'noise.jpg', bytes: NOISE },
      ]);
      const html = await res.text();
      expect(res.status).toBe(503);
      expect(errorOf(html)).toBe('现在处理的图片太多，这次的图片没有收到。请稍后再试。您填写的其他内容还在。');
      expect(descriptionShown(html)).toBe(true);
    } finally {
      holder.destroy();
      await gated.stop();
    }
  });
});

describe('a full disk under the evidence folder (a 64 KB tmpfs)', () => {
  it('the check page answers 503 with the answers kept, and /api/health says the evidence store cannot write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'schoolwatch-fulldisk-'));
    // Needs root, as this machine's tests run: a real full disk rather than a stand-in.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]);
    const full = await startServer({ EVIDENCE_DIR: dir });
    try {
      fillDisk(dir);
      const res = await postReport(full.url, { step: 'check', ...ANSWERS }, [
        { name: 'a.jpg', bytes: await phoneJpeg(900, 600) },
        { name: 'b.jpg', bytes: await phoneJpeg(900, 600) },
      ]);
      const html = await res.text();
      expect(res.status).toBe(503);
      expect(errorOf(html)).toBe('图片暂时无法保存，请稍后再试。您填写的其他内容还在。');
      expect(descriptionShown(html)).toBe(true);
      // Whatever the failed filing let go of (its temporary files) is taken again: the disk is still full.
      fillDisk(dir);
      const health = await fetch(`${full.url}/api/health`);
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ store: 'up', evidence: 'cannot write' });
      expect((readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await full.stop();
      execFileSync('umount', [dir]);
    }
  });
});

describe('Redis paused while the check page stores its images', () => {
  let redis: ChildProcess;
  let redisServer: RunningServer;
  beforeAll(async () => {
    const port = await freePort();
    redis = await startOwnRedis(port, ['--dir', mkdtempSync(join(tmpdir(), 'schoolwatch-pause-'))]);
    redisServer = await startServer({ REDIS_URL: `redis://127.0.0.1:${port}`, SITE_SECRET: testSecret(), REDIS_KEY_PREFIX: 'pause' });
  });
  afterAll(async () => {
    await redisServer?.stop();
    redis?.kill('SIGKILL');
  });
  it('answers 503 in Chinese with the answers on the page, and works again once Redis is back', async () => {
    const image = { name: 'a.jpg', bytes: await phoneJpeg(200, 100) };
    redis.kill('SIGSTOP');
    try {
      const res = await postReport(redisServer.url, { step: 'check', ...ANSWERS }, [image]);
      const html = await res.text();
      expect(res.status).toBe(503);
      expect(errorOf(html)).toBe('图片暂时无法保存，请稍后再试。您填写的其他内容还在。');
      expect(descriptionShown(html)).toBe(true);
    } finally {
      redis.kill('SIGCONT');
    }
    expect((await postReport(redisServer.url, { step: 'check', ...ANSWERS }, [image])).status).toBe(200);
  });

  it('keeps the answers too when the store cannot admit an upload (a body over 32 KB is admitted before it is read)', async () => {
    redis.kill('SIGSTOP');
    try {
      const res = await postReport(redisServer.url, { step: 'check', ...ANSWERS }, [
        { name: 'a.jpg', bytes: await phoneJpeg(200, 100) },
        { name: 'noise.jpg', bytes: NOISE },
      ]);
      const html = await res.text();
      expect(res.status).toBe(503);
      expect(errorOf(html)).toBe('图片暂时无法保存，请稍后再试。您填写的其他内容还在。');
      expect(descriptionShown(html)).toBe(true);
    } finally {
      redis.kill('SIGCONT');
    }
  });
});

describe('an upload cut short', () => {
  /** Sends `head` and `body` on a raw socket, then either ends it or destroys it mid-body; the answer's status line, if any. */
  async function send(head: string, body: string, cut: 'end' | 'destroy') {
    const { port } = new URL(server.url);
    const socket = net.connect(Number(port), '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (d) => (answer += d));
    socket.on('error', () => undefined);
    socket.write(head + body);
    if (cut === 'destroy') {
      await new Promise((r) => setTimeout(r, 300));
      socket.destroy();
      return '';
    }
    await once(socket, 'close');
    return answer.split('\r\n', 1)[0];
  }
  const part = `--xyz\r\nContent-Disposition: form-data; name="step"\r\n\r\ncheck\r\n--xyz\r\nContent-Disposition: form-data; name="evidence"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n${'x'.repeat(50_000)}`;

  it('a file part without its closing boundary is a 400, and the server stays up', async () => {
    const { port } = new URL(server.url);
    const head = `POST /report/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${server.url}\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: ${part.length}\r\nConnection: close\r\n\r\n`;
    expect(await send(head, part, 'end')).toMatch(/^HTTP\/1\.1 400 /);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('a phone losing signal halfway through an upload leaves the server up', async () => {
    const { port } = new URL(server.url);
    const head = `POST /report/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: ${server.url}\r\nContent-Type: multipart/form-data; boundary=xyz\r\nContent-Length: 200000\r\n\r\n`;
    await send(head, part, 'destroy');
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
