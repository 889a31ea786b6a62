// A state-changing request that another site's page made is refused on every
// page, JSON included: Astro's own check covers only form encodings, so a JSON
// action with a foreign Origin and the officer's cookie used to run.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { textOf } from '../support/intakeForms';
import { outboxOf, rootBeside, signInOverHttp } from '../support/workspace';
import type { Root } from '../../src/server/root';

const REFUSED = '这个请求来自其他网站，已被拒绝。请直接在本网站的页面上操作。';
const FOREIGN = 'https://evil.example';
let server: RunningServer;
let beside: Root;
let county: string;

beforeAll(async () => {
  server = await startServer();
  beside = await rootBeside(server);
  county = await signInOverHttp(server, 'qiaocheng');
});
afterAll(async () => {
  await beside?.close();
  await server?.stop();
});

async function fileOne(): Promise<string> {
  const result = await beside.services.submitComplaint(
    { school: 'qc-xinghe-primary', aspect: 'catchment-enrolment', description: '学校周六组织全班补课，每人收费两百元。', anonymous: true },
    { address: '192.0.2.10' },
  );
  if (result.kind !== 'filed') throw new Error(`filing answered ${result.kind}`);
  return result.answer.reference;
}

const act = (reference: string, headers: Record<string, string>) =>
  fetch(`${server.url}/bureau/complaint/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Cookie: county, ...headers },
    body: JSON.stringify({ ref: reference, action: 'accept' }),
    redirect: 'manual',
  });
const statusOf = async (reference: string) =>
  textOf(await (await fetch(`${server.url}/bureau/complaint/?ref=${reference}`, { headers: { Cookie: county } })).text(), 'data-status');

describe('a JSON action in the workspace', () => {
  it('with a foreign Origin and a valid session is refused with 403 and changes nothing', async () => {
    const reference = await fileOne();
    const res = await act(reference, { Origin: FOREIGN });
    expect(res.status).toBe(403);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ errors: { origin: REFUSED } });
    expect(await statusOf(reference)).toBe('待受理');
  });

  it.each([
    ['Origin: null (a sandboxed frame)', { Origin: 'null' }],
    ['the same host on another port', { Origin: 'http://127.0.0.1:1' }],
    ['no Origin, but Sec-Fetch-Site says another site made it', { 'Sec-Fetch-Site': 'cross-site' }],
  ])('is refused with %s', async (_name, headers) => {
    const reference = await fileOne();
    expect((await act(reference, headers)).status).toBe(403);
    expect(await statusOf(reference)).toBe('待受理');
  });

  it.each([
    ['from the site’s own origin', () => ({ Origin: server.url })],
    ['with no Origin (no browser sent it)', () => ({})],
    ['with no Origin and Sec-Fetch-Site: same-origin', () => ({ 'Sec-Fetch-Site': 'same-origin' })],
  ])('runs %s', async (_name, headers) => {
    const reference = await fileOne();
    expect((await act(reference, headers())).status).toBe(200);
    expect(await statusOf(reference)).toBe('办理中');
  });

  it('a foreign post of another encoding is refused too (Astro’s own check answers first for form encodings)', async () => {
    const reference = await fileOne();
    const res = await fetch(`${server.url}/bureau/complaint/`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Origin: FOREIGN, Cookie: county },
      body: `ref=${reference}&action=accept`,
    });
    expect(res.status).toBe(403);
    expect(await statusOf(reference)).toBe('待受理');
  });
});

describe('the signed link’s actions', () => {
  it('refuse JSON with a foreign Origin and run it from the site', async () => {
    const reference = await fileOne();
    const file = join(outboxOf(server), `complaint.filed_${reference}.json`);
    for (let i = 0; i < 100 && !existsSync(file); i++) await new Promise((r) => setTimeout(r, 100));
    const mail = JSON.parse(readFileSync(file, 'utf8')) as { text: string };
    const t = new URL(/http\S+\/answer\/\?t=\S+/.exec(mail.text)![0]).searchParams.get('t')!;
    const post = (origin: string) =>
      fetch(`${server.url}/answer/`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: origin },
        body: JSON.stringify({ t, action: 'accept' }),
        redirect: 'manual',
      });
    const refused = await post(FOREIGN);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ errors: { origin: REFUSED } });
    expect(await statusOf(reference)).toBe('待受理');
    expect((await post(server.url)).status).toBe(200);
    expect(await statusOf(reference)).toBe('办理中');
  });
});
