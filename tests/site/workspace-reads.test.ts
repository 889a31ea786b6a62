// The audit trail records reads, not only actions: a complaint opened in the
// workspace, an evidence image downloaded (in the workspace and through the
// emailed link), and each sign-in. The bureau and the supervision office
// see them; no page shows a session's technical id.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { hiddenFields, postForm, sampleAspect, sampleSchool, textOf, titleOf } from '../support/intakeForms';
import { outboxOf, rootBeside, signInOverHttp } from '../support/workspace';
import { phoneJpeg } from '../support/evidenceImages';
import { readContent } from '../support/content';
import type { Root } from '../../src/server/root';

const BUREAU = sampleSchool.bureau;
/** “工作台，12月7日 10:32 登录（单位公务邮箱，jubao@…）”: the sign-in in words, China time, and the registered person who signed in. */
const SIGNED_IN = '工作台，\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2} 登录（[^，）]+，[^）]+@[^）]+）';
let server: RunningServer;
let beside: Root;
let bureau: string;
let office: string;
let reference: string;
let token: string;

beforeAll(async () => {
  server = await startServer();
  beside = await rootBeside(server);
  // A complaint with one photo, through the form as a browser sends it.
  const form = new FormData();
  for (const [name, value] of Object.entries({
    step: 'check',
    school: sampleSchool.id,
    aspect: sampleAspect.id,
    description: '班级群里通知周六到校补课，每人收费两百元，截图在附件里。',
    anonymous: 'true',
  }))
    form.append(name, value);
  form.append('evidence', new Blob([new Uint8Array(await phoneJpeg())], { type: 'image/jpeg' }), 'photo.jpg');
  const check = await fetch(`${server.url}/report/`, { method: 'POST', body: form, headers: { Origin: server.url } });
  const done = await (await postForm(`${server.url}/report/`, { ...hiddenFields(await check.text()), step: 'submit' })).text();
  expect(titleOf(done)).toMatch(/^举报已提交/);
  reference = textOf(done, 'data-reference')!;
  const mailFile = join(outboxOf(server), `complaint.filed_${reference}.json`);
  for (let i = 0; i < 100; i++) {
    try {
      readFileSync(mailFile);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const mail = JSON.parse(readFileSync(mailFile, 'utf8')) as { text: string };
  token = new URL(/http\S+\/answer\/\?t=\S+/.exec(mail.text)![0]).searchParams.get('t')!;
  bureau = await signInOverHttp(server, BUREAU);
  office = await signInOverHttp(server, '@office');
});
afterAll(async () => {
  await beside?.close();
  await server?.stop();
});

const get = (path: string, cookie?: string) => fetch(`${server.url}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
/** The audit trail's lines as text: “what · when · body · via”. */
const trailOf = (html: string) =>
  [...(/<ol class="list" data-audit>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '').matchAll(/<strong>([^<]+)<\/strong>\s*<p class="meta">([^<]+)<\/p>/g)].map(
    (m) => `${m[1]} · ${m[2]}`,
  );

describe('the audit trail', () => {
  it('shows each view, each download (workspace and signed link) and no technical session id', async () => {
    expect((await get(`/bureau/complaint/?ref=${reference}`, bureau)).status).toBe(200);
    const inWorkspace = await get(`/bureau/evidence?ref=${reference}&n=1&download=1`, bureau);
    expect(inWorkspace.status).toBe(200);
    expect(inWorkspace.headers.get('content-disposition')).toBe(`attachment; filename="${reference}-1.jpg"`);
    // Shown inline on the page: part of the view, not a download.
    expect((await get(`/bureau/evidence?ref=${reference}&n=1`, bureau)).status).toBe(200);
    expect((await get(`/answer/evidence?t=${encodeURIComponent(token)}&n=1&download=1`)).status).toBe(200);

    const page = await (await get(`/bureau/complaint/?ref=${reference}`, bureau)).text();
    const bureauName = /<p class="meta">[^<]+ · ([^<·]+) · 工作台/.exec(page)![1]!;
    const lines = trailOf(page);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`^查看举报 · \\d{4}年\\d{1,2}月\\d{1,2}日 \\d{2}:\\d{2} · ${bureauName} · ${SIGNED_IN}$`));
    expect(lines[1]).toMatch(new RegExp(`^下载图片 1 · [^·]+ · ${bureauName} · ${SIGNED_IN}$`));
    expect(lines[2]).toMatch(new RegExp(`^下载图片 1 · [^·]+ · ${bureauName} · 邮件中的办理链接$`));
    expect(lines[3]).toMatch(new RegExp(`^查看举报 · [^·]+ · ${bureauName} · ${SIGNED_IN}$`));

    // The session's internal label, its hash and the cookie appear nowhere.
    const session = (await beside.services.workspace.session(bureau.split('=')[1]))!;
    for (const secret of [session.label, session.hash, bureau.split('=')[1]!, '会话']) expect(page).not.toContain(secret);
  });

  it('is shown to the supervision office, whose own view is recorded too', async () => {
    const page = await (await get(`/bureau/complaint/?ref=${reference}`, office)).text();
    const lines = trailOf(page);
    expect(lines).toHaveLength(5);
    expect(lines[4]).toMatch(new RegExp(`^查看举报 · [^·]+ · ${readContent().settings.supervisor.name} · ${SIGNED_IN}$`));
    expect(lines.filter((l) => l.startsWith('下载图片 1'))).toHaveLength(2);
  });
});

describe('sign-ins', () => {
  it('are listed on the bureau’s caseload, for the bureau and for the office, without a session id', async () => {
    await signInOverHttp(server, BUREAU);
    const own = await (await get('/bureau/cases/', bureau)).text();
    const listed = [...(/<ol class="list" data-signins>([\s\S]*?)<\/ol>/.exec(own)?.[1] ?? '').matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]!);
    expect(listed).toHaveLength(2);
    for (const line of listed) expect(line).toMatch(/^\d{1,2}月\d{1,2}日 \d{2}:\d{2} 登录（[^，）]+，[^）]+@[^）]+）$/);
    const session = (await beside.services.workspace.session(bureau.split('=')[1]))!;
    expect(own).not.toContain(session.label);
    const seenByOffice = await (await get(`/bureau/cases/?bureau=${BUREAU}`, office)).text();
    expect(/<ol class="list" data-signins>([\s\S]*?)<\/ol>/.exec(seenByOffice)?.[1]).toBe(/<ol class="list" data-signins>([\s\S]*?)<\/ol>/.exec(own)?.[1]);
  });
});
