// Issue 24, point 2, against the built Node server over HTTP, as a browser
// without JavaScript posts its forms: the bureau writes a rectification item
// from a complaint found 属实; the school completes it as a 举报 row and
// publishes it through review; then every page and JSON answer the school's
// session can reach (its workspace, walked link by link, and the public pages
// those link to) is scanned: no complaint reference (or anything shaped like
// one), no filing date, none of the parent's words, name or address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate } from '../../src/domain/dates';
import { startServer, type RunningServer } from '../support/server';
import { postForm } from '../support/intakeForms';
import { movableClock, signInOverHttp } from '../support/workspace';
import { fileBeside, recordFinding } from '../support/seedComplaints';
import { signInAs } from '../support/noticeDesk';

const WORDS = '国庆节放假期间，学校通知六年级全体学生回校集体补课，每人收费三百元，老师说不来就跟不上。';
const FILED = '2026-10-05T02:00:00.000Z';
const PROBLEM = '学校在国庆假期组织六年级集体补课并收费。';
let server: RunningServer;
let reference: string;
let receiptCode: string;
let bureau: string;
let school: string;

beforeAll(async () => {
  server = await startServer({ INTAKE_RATE_LIMIT: '1000' });
  // Filed two months before today, so that its day differs from every day the school's own pages show.
  ({ reference, receiptCode } = await fileBeside(
    server,
    {
      school: 'qc-xinghe-primary',
      aspect: 'holiday-classes',
      description: WORDS,
      anonymous: false,
      name: '王女士',
      email: 'wang@example.org',
      contactConsent: true,
    },
    { address: '192.0.2.50' },
    movableClock(new Date(FILED)),
  ));
  await recordFinding(server, reference, 'substantiated');
  bureau = await signInOverHttp(server, 'qiaocheng');
  school = await signInAs(server, 'school:qc-xinghe-primary', 'jiaowu@xinghe.school.example');
});
afterAll(() => server?.stop());

const get = (path: string, cookie: string) => fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' });
const post = (path: string, fields: Record<string, string>, cookie: string) => postForm(`${server.url}${path}`, fields, { Cookie: cookie });
const location = (answer: Response) => new URL(answer.headers.get('location')!, server.url);

describe('from a substantiated complaint to the school’s published ledger, without JavaScript', () => {
  let item: string;
  let notice: string;

  it('the bureau writes the item from the complaint page, in its own words', async () => {
    const page = await (await get(`/bureau/complaint/?ref=${reference}`, bureau)).text();
    expect(page).toContain(`href="/bureau/rectification/?ref=${reference}"`);
    const quoting = await post(
      '/bureau/rectification/',
      { ref: reference, intent: 'new', aspect: 'holiday-classes', problem: '每人收费三百元，老师说不来就跟不上' },
      bureau,
    );
    expect(quoting.status).toBe(422);
    expect(await quoting.text()).toContain('不要引用举报人的原话');
    const raised = await post('/bureau/rectification/', { ref: reference, intent: 'new', aspect: 'holiday-classes', problem: PROBLEM }, bureau);
    expect(raised.status).toBe(303);
    item = location(raised).searchParams.get('done')!;
    expect(item).toMatch(/^zg-[a-z0-9]{8}$/);
    const list = await (await get('/bureau/rectification/list/', bureau)).text();
    expect(list).toMatch(new RegExp(`data-group="unpublished"[\\s\\S]*data-item="${item}"[\\s\\S]*data-group="overdue"`));
    expect(list).toContain(reference);
  });

  it('the school completes the row (source 举报) and publishes it through review', async () => {
    const desk = await (await get('/bureau/notices/', school)).text();
    expect(desk).toContain(PROBLEM);
    const href = new RegExp(`href="(/bureau/notices/write/\\?kind=rectification&amp;item=${item})"`).exec(desk)?.[1];
    expect(href).toBeDefined();
    const form = await (await get(href!.replaceAll('&amp;', '&'), school)).text();
    expect(form).toContain(`name="ledger-0-item" value="${item}"`);
    expect(form).toContain(PROBLEM);
    const saved = await post(
      '/bureau/notices/write/',
      {
        kind: 'rectification',
        title: '星河小学整改公示（教育局交办）',
        summary: '主管教育局交办的一项问题。',
        phase: 'self-inspection',
        intent: 'save',
        rows: '1',
        'ledger-0-item': item,
        'ledger-0-problem': PROBLEM,
        'ledger-0-source': '举报',
        'ledger-0-aspect': 'holiday-classes',
        'ledger-0-measure': '停止假期补课，退还已收费用。',
        'ledger-0-responsible': '教务处',
        'ledger-0-deadline': '2027-01-31',
        'ledger-0-status': '整改中',
      },
      school,
    );
    expect(saved.status).toBe(303);
    notice = location(saved).searchParams.get('id')!;
    expect((await post('/bureau/notices/notice/', { id: notice, action: 'submit' }, school)).status).toBe(303);
    expect((await post('/bureau/notices/notice/', { id: notice, action: 'approve' }, bureau)).status).toBe(303);
    const publicPage = await (await fetch(`${server.url}/notices/${notice}/`)).text();
    expect(publicPage).toMatch(new RegExp(`<tr data-status="整改中" id="${item}">`));
    const list = await (await get('/bureau/rectification/list/', bureau)).text();
    expect(list).toMatch(new RegExp(`data-group="published"[\\s\\S]*data-item="${item}"`));
  });

  it('the parent’s status page links to the published row and follows its progress', async () => {
    const status = async () => (await postForm(`${server.url}/report/status/`, { receiptCode })).text();
    const before = await status();
    expect(before).toContain(`<a href="/notices/${notice}/#${item}">查看学校整改台账中的这一项</a>`);
    expect(before).toMatch(/data-row-status>整改中</);
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    expect(
      (await post('/bureau/notices/notice/', { id: notice, action: 'progress', row: item, on: today, status: '已整改', note: '已全部退费。' }, school)).status,
    ).toBe(303);
    expect(await status()).toMatch(/data-row-status>已整改</);
  });

  it('shows a school’s session no reference, no filing date and none of the parent’s words on any page or JSON answer it can reach', async () => {
    const forbidden = [
      reference,
      FILED.slice(0, 10),
      formatDate(FILED.slice(0, 10)),
      FILED.slice(0, 10).replaceAll('-', ''),
      '王女士',
      'wang@example.org',
      '每人收费三百元',
      '老师说不来就跟不上',
      '国庆节放假期间',
      '回校集体补课',
    ];
    const seen = new Map<string, number>();
    const queue = ['/bureau/notices/', `/notices/${notice}/`, '/schools/qc-xinghe-primary/', '/api/health', '/api/challenge'];
    // Addresses a school might type: refused, and refused without echoing what they name.
    const typed = [`/bureau/rectification/?ref=${reference}`, '/bureau/rectification/list/', `/bureau/complaint/?ref=${reference}`, '/bureau/cases/'];
    for (const path of typed) {
      const answer = await get(path, school);
      expect(answer.status, path).toBe(403);
      expect(await answer.text(), path).not.toContain(reference);
    }
    const answer = await post('/bureau/rectification/', { ref: reference, intent: 'new', aspect: 'holiday-classes', problem: '随便写一句' }, school);
    expect(answer.status).toBe(403);
    expect(await answer.text()).not.toContain(reference);

    while (queue.length && seen.size < 200) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      const response = await get(path, school);
      seen.set(path, response.status);
      const text = await response.text();
      for (const word of forbidden) expect(text.includes(word), `${path} shows ${word}`).toBe(false);
      expect(text, path).not.toMatch(/JB[\s\-－—_]*\d{8}[\s\-－—_]*[0-9A-Z]{8}/);
      // The workspace is walked link by link; a public page is read but not walked further (the public site is the same for everyone).
      if (!path.startsWith('/bureau/')) continue;
      for (const [, href] of text.matchAll(/href="(\/[^"#]*)/g)) {
        const next = href!.replaceAll('&amp;', '&');
        if (!next.startsWith('/bureau/signout') && !/\.(css|js|png|svg|ico|woff2?)$/.test(next)) queue.push(next);
      }
    }
    expect([...seen.keys()]).toEqual(expect.arrayContaining(['/bureau/notices/', `/bureau/notices/notice/?id=${notice}`, `/notices/${notice}/`]));
    expect(seen.get('/bureau/notices/')).toBe(200);
    expect(seen.size).toBeGreaterThan(5);
  });
});
