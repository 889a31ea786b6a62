// Who reaches what once schools have accounts, over HTTP against the built
// Node server: a school's session gets 403 on every complaint URL, the
// caseload, the export, evidence and the office view, and on another
// school's notices; one bureau cannot approve another's school; a link is
// never sent to an address that is not registered. Then a correction and a
// withdrawal, as the workspace takes them and as the public view shows them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../support/server';
import { postForm } from '../support/intakeForms';
import { outboxOf, rootBeside, settledMailCount, signInMails, signInOverHttp } from '../support/workspace';
import { signInAs } from '../support/noticeDesk';
import { fileBeside } from '../support/seedComplaints';
import { registry } from '../../src/catalogue/registry';
import { accountsFrom } from '../../src/domain/accounts';
import { publicNotice } from '../../src/domain/notices/publicView';
import { chinaDate } from '../../src/domain/deadlines';

const XINGHE = 'school:qc-xinghe-primary';
const QINGHE = 'school:gy-qinghe-primary';
let server: RunningServer;
let reference: string;
let xinghe: string;
let qinghe: string;

beforeAll(async () => {
  server = await startServer({ INTAKE_RATE_LIMIT: '1000' });
  ({ reference } = await fileBeside(
    server,
    { school: 'qc-xinghe-primary', aspect: 'homework', description: '三年级每天的书面作业要做到晚上十点。', anonymous: true },
    { address: '192.0.2.30' },
  ));
  [xinghe, qinghe] = [await signInAs(server, XINGHE, 'jiaowu@xinghe.school.example'), await signInAs(server, QINGHE, 'xiaoban@qinghe.school.example')];
});
afterAll(() => server?.stop());

const get = (path: string, cookie: string) => fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' });
const post = (path: string, fields: Record<string, string>, cookie: string) => postForm(`${server.url}${path}`, fields, { Cookie: cookie });
const ROW = {
  rows: '1',
  'ledger-0-problem': '课后服务收取了资料费。',
  'ledger-0-source': '自查',
  'ledger-0-aspect': 'after-school-fees',
  'ledger-0-measure': '全额退还。',
  'ledger-0-responsible': '总务处',
  'ledger-0-deadline': '2027-01-31',
  'ledger-0-status': '整改中',
};
const NOTICE = { kind: 'rectification', title: '清荷小学整改公示', summary: '退还课后服务资料费。', phase: 'self-inspection', intent: 'save', ...ROW };

/** Saves a draft through the form; its id. */
async function draft(cookie: string, fields: Record<string, string>) {
  const saved = await post('/bureau/notices/write/', fields, cookie);
  expect(saved.status).toBe(303);
  return new URL(saved.headers.get('location')!, server.url).searchParams.get('id')!;
}
const stateOf = async (id: string, cookie: string) => /data-state>([^<]+)</.exec(await (await get(`/bureau/notices/notice/?id=${id}`, cookie)).text())?.[1];

describe('a school’s session', () => {
  it('gets 403 on every complaint URL, the caseload, the export, evidence and the office view, and learns nothing of them', async () => {
    const answers = [
      ['caseload', await get('/bureau/cases/', xinghe)],
      ['its bureau’s caseload', await get('/bureau/cases/?bureau=qiaocheng', xinghe)],
      ['a complaint about itself', await get(`/bureau/complaint/?ref=${reference}`, xinghe)],
      ['acting on it', await post('/bureau/complaint/', { ref: reference, action: 'accept' }, xinghe)],
      ['the export', await post('/bureau/export/', {}, xinghe)],
      ['evidence', await get(`/bureau/evidence?ref=${reference}&n=1`, xinghe)],
      ['the office view', await get('/bureau/office/', xinghe)],
      ['a group of complaints about itself', await get('/bureau/group/?school=qc-xinghe-primary&aspect=homework', xinghe)],
      [
        'answering the group',
        await post(
          '/bureau/group/',
          { school: 'qc-xinghe-primary', aspect: 'homework', refs: reference, action: 'resolve', answer: '答复', finding: 'unfounded' },
          xinghe,
        ),
      ],
    ] as const;
    for (const [what, answer] of answers) {
      expect(answer.status, what).toBe(403);
      const text = await answer.text();
      expect(text, what).not.toContain(reference);
      expect(text, what).not.toContain('十点');
    }
  });

  it('gets 403 on another school’s notice, to read, edit or act on', async () => {
    const theirs = await draft(qinghe, NOTICE);
    expect((await get(`/bureau/notices/notice/?id=${theirs}`, xinghe)).status).toBe(403);
    expect((await get(`/bureau/notices/write/?id=${theirs}`, xinghe)).status).toBe(403);
    expect((await post('/bureau/notices/write/', { ...NOTICE, id: theirs, title: '改掉' }, xinghe)).status).toBe(403);
    expect((await post('/bureau/notices/notice/', { id: theirs, action: 'submit' }, xinghe)).status).toBe(403);
    expect(await stateOf(theirs, qinghe)).toBe('草稿');
    const list = await (await get('/bureau/notices/', xinghe)).text();
    expect(list).not.toContain(theirs);
  });
});

describe('signing in', () => {
  it('sends no link to an address that is not registered, with the same answer as one that is', async () => {
    const before = signInMails(outboxOf(server), XINGHE).length;
    const unknown = await postForm(`${server.url}/bureau/`, { body: XINGHE, step: 'person', address: 'someone@elsewhere.example' });
    const known = await postForm(`${server.url}/bureau/`, { body: XINGHE, step: 'person', address: 'JiaoWu@xinghe.school.example' });
    expect([unknown.status, known.status]).toEqual([200, 200]);
    const strip = (html: string) => html.replace(/value="[^"]*"/g, '');
    expect(strip(await unknown.text())).toContain('请查收邮件');
    expect(await settledMailCount(() => signInMails(outboxOf(server), XINGHE).length, before + 1)).toBe(before + 1);
    expect(signInMails(outboxOf(server), XINGHE).at(-1)!.to).toBe('jiaowu@xinghe.school.example');
  });
});

describe('review, correction and withdrawal', () => {
  let id: string;

  it('one bureau cannot approve or return another’s school; its own bureau can', async () => {
    id = await draft(qinghe, NOTICE);
    expect((await post('/bureau/notices/notice/', { id, action: 'submit' }, qinghe)).status).toBe(303);
    const other = await signInOverHttp(server, 'qiaocheng');
    expect((await post('/bureau/notices/notice/', { id, action: 'approve' }, other)).status).toBe(403);
    expect((await post('/bureau/notices/notice/', { id, action: 'return', reason: '不行' }, other)).status).toBe(403);
    expect((await get('/bureau/notices/', other)).status).toBe(200);
    expect(await (await get('/bureau/notices/', other)).text()).not.toContain(id);
    const own = await signInOverHttp(server, 'guoyang');
    expect(await stateOf(id, own)).toBe('等待审核');
    expect((await post('/bureau/notices/notice/', { id, action: 'approve' }, own)).status).toBe(303);
    expect(await stateOf(id, qinghe)).toBe('已发布');
  });

  it('a correction needs a reason, is reviewed, and becomes version 2 with "修订于 …：理由"; a withdrawal leaves its notice', async () => {
    const missing = await post('/bureau/notices/write/', { ...NOTICE, id, 'ledger-0-item': 'row-1', 'ledger-0-deadline': '2026-12-31' }, qinghe);
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('请填写修订理由');
    const corrected = await post(
      '/bureau/notices/write/',
      { ...NOTICE, id, 'ledger-0-item': 'row-1', 'ledger-0-deadline': '2026-12-31', reason: '完成时限提前到本学期末。' },
      qinghe,
    );
    expect(corrected.status).toBe(303);
    expect(await stateOf(id, qinghe)).toBe('等待审核');
    const own = await signInOverHttp(server, 'guoyang');
    expect((await post('/bureau/notices/notice/', { id, action: 'approve' }, own)).status).toBe(303);
    expect((await post('/bureau/notices/notice/', { id, action: 'withdraw', reason: '' }, qinghe)).status).toBe(422);
    expect((await post('/bureau/notices/notice/', { id, action: 'withdraw', reason: '与第二批公示合并发布。' }, qinghe)).status).toBe(303);
    const page = await (await get(`/bureau/notices/notice/?id=${id}`, qinghe)).text();
    expect(page).toContain('本公示已于');
    expect([...page.matchAll(/data-action="(\w+)"/g)].map((m) => m[1])).toEqual(['start', 'submit', 'approve', 'correct', 'approve', 'withdraw']);
    expect(page).toContain('xiaoban@qinghe.school.example');
    expect(page).toContain('jubao@guoyang.bozhou.example');
    // The office reads the notice and its audit trail, and is offered no step.
    const office = await (await get(`/bureau/notices/notice/?id=${id}`, await signInOverHttp(server, '@office'))).text();
    expect([...office.matchAll(/data-action="(\w+)"/g)]).toHaveLength(6);
    expect(office).not.toContain('name="action"');

    const root = await rootBeside(server);
    try {
      const office = accountsFrom({ ...registry, supervisor: registry.settings.supervisor }).find((b) => b.kind === 'office')!;
      const opened = await root.services.noticeDesk.open({ body: office, person: office.people[0]!, label: 'test', hash: 'test' }, id);
      if (!opened.ok) throw new Error(opened.message);
      const seen = publicNotice(opened.record)!;
      const today = chinaDate(new Date());
      expect(seen.revisedNote).toBe(`修订于 ${today}：完成时限提前到本学期末。`);
      expect(seen.earlier).toEqual([{ number: 1, publishedOn: today }]);
      expect(seen.current.content.ledger![0]!.deadline).toBe('2026-12-31');
      expect(seen.withdrawn?.note).toBe(`本公示已于 ${today} 撤回：与第二批公示合并发布。`);
    } finally {
      await root.close();
    }
  });
});
