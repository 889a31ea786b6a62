import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';

// Raw sockets: requests no well-behaved client would send. Each must get a
// clean 4xx or a closed connection, never a crash, and the server must still
// answer the next valid request.
let server: RunningServer;
let host: string;
let port: number;

beforeAll(async () => {
  server = await startServer();
  const url = new URL(server.url);
  host = url.hostname;
  port = Number(url.port);
});
afterAll(() => server?.stop());

/** Sends raw bytes (optionally in slow pieces) and returns the status line, or 'closed'. */
function raw(chunks: Array<string | Buffer>, options: { gapMs?: number; endAfter?: boolean; waitMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    let reply = '';
    const finish = () => resolve(reply ? (reply.split('\r\n')[0] ?? reply) : 'closed');
    const timer = setTimeout(() => {
      socket.destroy();
      finish();
    }, options.waitMs ?? 5000);
    socket.on('data', (d) => (reply += d.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      finish();
    });
    socket.on('error', () => undefined);
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) break;
        socket.write(chunk);
        if (options.gapMs) await new Promise((r) => setTimeout(r, options.gapMs));
      }
      if (options.endAfter) socket.end();
    });
  });
}

const validBody = JSON.stringify({ receiptCode: 'AAAAA-BBBBB-CCCCC-DDDDD' });
const statusRequest = (headers: string, body: string | Buffer) => [
  `POST /api/complaints/status HTTP/1.1\r\nHost: ${'127.0.0.1'}\r\nConnection: close\r\n${headers}\r\n`,
  body,
];

async function stillServes() {
  expect(server.process.exitCode).toBeNull();
  const res = await fetch(`${server.url}/api/complaints/status`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: validBody });
  expect(res.status).toBe(404);
}

describe('malformed requests at the HTTP level', () => {
  it('a body shorter than its Content-Length, then the client hangs up', async () => {
    const status = await raw(statusRequest('Content-Type: application/json\r\nContent-Length: 500\r\n', '{"receiptCode":'), { endAfter: true, waitMs: 3000 });
    expect(status === 'closed' || /^HTTP\/1\.1 4\d\d/.test(status)).toBe(true);
    await stillServes();
  });

  it('a body longer than its Content-Length', async () => {
    const status = await raw(statusRequest('Content-Type: application/json\r\nContent-Length: 5\r\n', validBody), { endAfter: true });
    expect(status).toMatch(/^HTTP\/1\.1 4\d\d/);
    await stillServes();
  });

  it('a Content-Length that is not a number', async () => {
    const status = await raw(statusRequest('Content-Type: application/json\r\nContent-Length: lots\r\n', validBody), { endAfter: true });
    expect(status).toMatch(/^HTTP\/1\.1 400/);
    await stillServes();
  });

  it('invalid UTF-8 in a JSON body', async () => {
    const body = Buffer.concat([Buffer.from('{"receiptCode":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    const status = await raw(statusRequest(`Content-Type: application/json\r\nContent-Length: ${body.length}\r\n`, body));
    expect(status).toMatch(/^HTTP\/1\.1 400/);
    await stillServes();
  });

  it('invalid UTF-8 in a complaint form', async () => {
    const body = Buffer.concat([Buffer.from('school='), Buffer.from([0xc0, 0xaf]), Buffer.from('&description=%FF%FE')]);
    const status = await raw([
      `POST /api/complaints HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nOrigin: ${server.url}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
    ]);
    expect(status).toMatch(/^HTTP\/1\.1 4\d\d/);
    await stillServes();
  });

  it('huge headers', async () => {
    const status = await raw(
      statusRequest(`Content-Type: application/json\r\nX-Padding: ${'a'.repeat(64 * 1024)}\r\nContent-Length: ${validBody.length}\r\n`, validBody),
    );
    expect(status === 'closed' || /^HTTP\/1\.1 431/.test(status)).toBe(true);
    await stillServes();
  });

  it('a broken chunked encoding', async () => {
    const status = await raw(statusRequest('Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n', 'zz\r\n{"receiptCode"\r\n0\r\n\r\n'), {
      endAfter: true,
    });
    expect(status === 'closed' || /^HTTP\/1\.1 4\d\d/.test(status)).toBe(true);
    await stillServes();
  });

  it('a huge declared body is refused before it is sent', async () => {
    const status = await raw(statusRequest('Content-Type: application/json\r\nContent-Length: 100000000\r\n', '{'), { waitMs: 5000 });
    expect(status).toMatch(/^HTTP\/1\.1 413/);
    await stillServes();
  });

  it('slow senders do not block anyone else', async () => {
    // Ten clients dribble headers one byte every 200 ms while others are served.
    const slow = Array.from({ length: 10 }, () =>
      raw(
        [...`POST /api/complaints HTTP/1.1\r\nHost: 127.0.0.1\r\n`].map((c) => c),
        { gapMs: 200, waitMs: 4000 },
      ),
    );
    await new Promise((r) => setTimeout(r, 500));
    const started = Date.now();
    await stillServes();
    expect(Date.now() - started).toBeLessThan(2000);
    await Promise.all(slow);
    await stillServes();
  });
});
