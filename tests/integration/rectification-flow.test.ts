// Issue 24, point 2, through the composition root on real SQLite and a real
// Redis: a complaint found 属实 becomes a rectification item in the bureau's
// words → the school completes the row and publishes it through the
// publishing flow → the parent's status page links to the row and follows it
// → the row reaches 已整改 → the parent is emailed once (the outbox), however
// often the row is saved as done afterwards.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { itemsAssessment } from '../../src/server/services/itemsAssessment';
import type { SignedIn } from '../../src/server/services/workspaceAccess';
import type { Engine } from '../../src/adapters/engine';
import type { Root } from '../../src/server/root';
import { rootOnEngine, sqliteAndRedis } from '../support/engineRoot';
import { movableClock, nextSignInMail, signInMails } from '../support/workspace';

const CRON = 'rectification-flow-cron-secret';
const WORDS = '国庆节放假期间，学校通知六年级全体学生回校集体补课，每人收费三百元，老师说不来就跟不上。';
const T0 = new Date('2026-12-01T02:00:00.000Z');

const engines = sqliteAndRedis('rf');

describe.each(engines)('from a substantiated complaint to the school’s ledger, over $name', (engine) => {
  const clock = movableClock(T0);
  const opened = rootOnEngine(engine, { folder: 'schoolwatch-rectflow-', clock, cronSecret: CRON });
  const { outbox } = opened;
  let root: Root;
  // A second handle on the same data, standing in for the finding form of another branch (loop-finding).
  let poke: Engine;
  beforeAll(() => void ({ root, poke } = opened));

  const signIn = async (body: string, address: string): Promise<SignedIn> => {
    const seen = signInMails(outbox, body).length;
    expect(await root.services.workspace.requestLink({ body, address }, { address: '192.0.2.41' })).toMatchObject({ kind: 'ok' });
    const signed = await root.services.workspace.signIn((await nextSignInMail(outbox, body, seen)).token);
    if (!signed.ok || !('cookie' in signed)) throw new Error('not signed in');
    return (await root.services.workspace.session(signed.cookie))!;
  };
  const doneMails = () =>
    readdirSync(outbox)
      .filter((n) => n.startsWith('rectification.done_') && n.endsWith('.json'))
      .map((n) => JSON.parse(readFileSync(join(outbox, n), 'utf8')) as { to: string; subject: string; text: string });
  /** Files an anonymous complaint about 星河小学 and records the bureau's finding on it, as the finding form will. */
  const fileAndFind = async (description: string, aspect: string, finding: 'substantiated' | 'partly') => {
    const filed = await root.services.submitComplaint({ school: 'qc-xinghe-primary', aspect, description, anonymous: true }, { address: '192.0.2.44' });
    if (filed.kind !== 'filed') throw new Error(`filing answered ${filed.kind}`);
    const record = (await poke.complaints.byReference(filed.answer.reference))!;
    await poke.complaints.saveChange({ before: record, after: { ...record, finding }, jobs: [], retentionSeconds: 365 * 86_400 });
    return filed.answer.reference;
  };
  const dispatch = async () => expect(await root.services.dispatch(`Bearer ${CRON}`)).toMatchObject({ kind: 'ok' });

  it('walks the whole loop and tells the parent once', async () => {
    const filed = await root.services.submitComplaint(
      {
        school: 'qc-xinghe-primary',
        aspect: 'holiday-classes',
        description: WORDS,
        anonymous: false,
        name: '王女士',
        email: 'wang@example.org',
        contactConsent: true,
      },
      { address: '192.0.2.40' },
    );
    if (filed.kind !== 'filed') throw new Error(`filing answered ${filed.kind}`);
    const { reference, receiptCode } = filed.answer;
    const bureau = await signIn('qiaocheng', 'jubao@qiaocheng.bozhou.example');
    const school = await signIn('school:qc-xinghe-primary', 'jiaowu@xinghe.school.example');

    // Before a finding, no item can be written.
    const before = await root.services.rectification.raise(bureau, {
      ref: reference,
      intent: 'new',
      aspect: 'holiday-classes',
      problem: '学校在国庆假期组织六年级集体补课并收费。',
    });
    expect(before).toMatchObject({ ok: true, errors: { form: '只有查实情况为“属实”或“部分属实”的举报才生成整改事项' } });
    const record = (await poke.complaints.byReference(reference))!;
    await poke.complaints.saveChange({ before: record, after: { ...record, finding: 'substantiated' }, jobs: [], retentionSeconds: 365 * 86_400 });

    // The parent's words are refused; the bureau's own sentence is taken.
    const quoting = await root.services.rectification.raise(bureau, {
      ref: reference,
      intent: 'new',
      aspect: 'holiday-classes',
      problem: '学校通知六年级全体学生回校集体补课',
    });
    expect(quoting).toMatchObject({ ok: true, errors: { problem: '请用教育局自己的话写明问题，不要引用举报人的原话：学校会看到这句话' } });
    const raised = await root.services.rectification.raise(bureau, {
      ref: reference,
      intent: 'new',
      aspect: 'holiday-classes',
      problem: '学校在国庆假期组织六年级集体补课并收费。',
    });
    if (!raised.ok || !('done' in raised)) throw new Error(`raise answered ${JSON.stringify(raised)}`);
    const item = raised.done;
    expect(item).toMatch(/^zg-[a-z0-9]{8}$/);
    expect(await root.services.rectification.bureauList(bureau)).toMatchObject({
      ok: true,
      items: [{ id: item, complaints: [reference], state: 'unpublished' }],
    });

    // The school sees the bureau's words and nothing of the complaint.
    expect(await root.services.rectification.schoolList(school)).toEqual({
      ok: true,
      items: [{ id: item, aspect: 'holiday-classes', problem: '学校在国庆假期组织六年级集体补课并收费。' }],
    });
    const form = await root.services.noticeWriting.form(school, { kind: 'rectification', item });
    if (!form.ok) throw new Error(form.message);
    expect(form.fields).toMatchObject({
      rows: '1',
      'ledger-0-item': item,
      'ledger-0-problem': '学校在国庆假期组织六年级集体补课并收费。',
      'ledger-0-source': '举报',
      'ledger-0-aspect': 'holiday-classes',
      'ledger-0-status': '未启动',
    });
    const saved = await root.services.noticeWriting.save(school, {
      kind: 'rectification',
      title: '星河小学整改公示（教育局交办）',
      summary: '教育局交办的一项问题，正在整改。',
      phase: 'self-inspection',
      intent: 'save',
      ...form.fields,
      'ledger-0-measure': '停止假期补课，退还已收费用。',
      'ledger-0-responsible': '教务处',
      'ledger-0-deadline': '2026-12-31',
      'ledger-0-status': '整改中',
    });
    if (!saved.ok || !('saved' in saved)) throw new Error(`save answered ${JSON.stringify(saved)}`);
    const notice = saved.saved;
    expect(await root.services.noticeWriting.act(school, { id: notice, action: 'submit' })).toMatchObject({ kind: 'submitted' });
    expect(await root.services.noticeWriting.act(bureau, { id: notice, action: 'approve' })).toMatchObject({ kind: 'published' });

    // The parent's status page links to the row and shows its progress.
    const status = async () => {
      const page = await root.services.statusPage({ body: { ok: true, fields: { receiptCode } }, client: { address: '192.0.2.42' } });
      return page.view?.rectification;
    };
    expect(await status()).toEqual([
      {
        id: item,
        problem: '学校在国庆假期组织六年级集体补课并收费。',
        aspect: '节假日集体补课',
        row: { href: `/notices/${notice}/#${item}`, status: '整改中', deadline: '2026-12-31' },
      },
    ]);
    expect(await root.services.rectification.bureauList(bureau)).toMatchObject({
      ok: true,
      items: [{ id: item, state: 'published', row: { notice, status: '整改中' } }],
    });
    // The status JSON carries the same.
    const json = await root.services.lookupComplaint(receiptCode, { address: '192.0.2.43' });
    expect(json.kind === 'ok' && json.view.rectification).toEqual(await status());

    // Done: the parent hears once, however often the row is saved as done.
    await dispatch();
    expect(doneMails()).toEqual([]);
    clock.set(new Date('2026-12-10T02:00:00.000Z'));
    expect(
      await root.services.noticeWriting.act(school, { id: notice, action: 'progress', row: item, on: '2026-12-10', status: '已整改', note: '已全部退费。' }),
    ).toMatchObject({ kind: 'recorded' });
    expect((await status())![0]!.row!.status).toBe('已整改');
    // The county scorecard's 整改事项按期完成: done on 10 December, due on the 31st.
    const closedOnTime = itemsAssessment({ items: poke.rectifications, notices: poke.notices });
    expect(await closedOnTime('qiaocheng', '2026-12')).toEqual({ met: 1, due: 1 });
    expect(await closedOnTime('qiaocheng', '2026-11')).toBeNull();
    await dispatch();
    expect(
      await root.services.noticeWriting.act(school, { id: notice, action: 'progress', row: item, on: '2026-12-10', status: '已整改', note: '补充退费凭证。' }),
    ).toMatchObject({ kind: 'recorded' });
    await dispatch();
    const mails = doneMails();
    expect(mails.map((m) => [m.to, m.subject])).toEqual([['wang@example.org', `您的举报 ${reference}：学校已完成整改`]]);
    expect(mails[0]!.text).not.toContain('补课');

    // A second complaint about another problem (部分属实) becomes a second item; a third about the first problem is linked to it.
    const second = await fileAndFind('学校要求三年级学生每天书面作业写到晚上十点以后，家长多次反映无人理会。', 'homework', 'partly');
    const raisedAgain = await root.services.rectification.raise(bureau, {
      ref: second,
      intent: 'new',
      aspect: 'homework',
      problem: '三年级书面作业总量超标。',
    });
    if (!raisedAgain.ok || !('done' in raisedAgain)) throw new Error(`raise answered ${JSON.stringify(raisedAgain)}`);
    const third = await fileAndFind('放国庆假的时候学校又让六年级回去上课，还要交钱，孩子都没有休息。', 'holiday-classes', 'substantiated');
    const offered = await root.services.rectification.form(bureau, third);
    expect(offered.ok && 'others' in offered && offered.others.map((i) => i.id).sort()).toEqual([item, raisedAgain.done].sort());
    expect(await root.services.rectification.raise(bureau, { ref: third, intent: 'link', item })).toEqual({ ok: true, done: item, reference: third });
    // Its row already reads 已整改: the parent is told at once (queued and marked; anonymous, so no email goes out).
    expect(await poke.rectifications.toldOf(item)).toEqual([reference, third].sort());
    // The school still sees one item per problem, with nothing to count complaints by.
    const seen = await root.services.rectification.schoolList(school);
    expect(seen.ok && seen.items.map((i) => [i.id, Object.keys(i).sort()])).toEqual([
      [raisedAgain.done, ['aspect', 'id', 'problem']],
      [item, ['aspect', 'id', 'problem', 'row']],
    ]);

    // The second item joins the school's published notice as a correction: the first row keeps its id.
    const corrected = await root.services.noticeWriting.form(school, { id: notice, item: raisedAgain.done });
    if (!corrected.ok) throw new Error(corrected.message);
    expect(corrected.correcting).toBe(true);
    expect(corrected.fields).toMatchObject({
      rows: '2',
      'ledger-0-item': item,
      'ledger-1-item': raisedAgain.done,
      'ledger-1-source': '举报',
      reason: '增加主管教育局交办的整改事项',
    });
    const resaved = await root.services.noticeWriting.save(school, {
      ...corrected.fields,
      id: notice,
      intent: 'save',
      'ledger-1-measure': '年级组每周统筹作业总量。',
      'ledger-1-responsible': '教务处',
      'ledger-1-deadline': '2026-12-20',
      'ledger-1-status': '整改中',
    });
    expect(resaved).toEqual({ ok: true, saved: notice });
    expect(await root.services.noticeWriting.act(bureau, { id: notice, action: 'approve' })).toMatchObject({ kind: 'published' });
    await dispatch();
    // Published again with the first row still done: nobody is told twice.
    expect(doneMails().map((m) => m.to)).toEqual(['wang@example.org']);
    expect(await poke.rectifications.toldOf(item)).toEqual([reference, third].sort());

    // Past the second row's deadline and not done: overdue; the done row is not.
    clock.set(new Date('2026-12-21T02:00:00.000Z'));
    const list = await root.services.rectification.bureauList(bureau);
    expect(list.ok && list.items.map((i) => [i.id, i.state, i.complaints])).toEqual([
      [raisedAgain.done, 'overdue', [second]],
      [item, 'published', [reference, third]],
    ]);
    // Two items due in December now: one closed on time, one open past its deadline.
    expect(await closedOnTime('qiaocheng', '2026-12')).toEqual({ met: 1, due: 2 });
  });
});
