// Duties through the composition root on real SQLite and a real Redis (issue 25, points 2 and 4):
// reminders queued and sent once however often the job runs (the outbox and the job's answer), the
// weekly digest on a Monday, and the board's count of rectification items the school has not published.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SignedIn } from '../../src/server/services/workspaceAccess';
import type { Engine } from '../../src/adapters/engine';
import type { Root } from '../../src/server/root';
import { rootOnEngine, sqliteAndRedis } from '../support/engineRoot';
import { movableClock } from '../support/workspace';
import { publisher } from '../support/publish';
import { directoryFrom, registry } from '../../src/catalogue/registry';

const CRON = 'duties-integration-cron-secret';
const engines = sqliteAndRedis('du');

describe.each(engines)('duty reminders and the board, over $name', (engine) => {
  // 16 September 2026, 10:00 in China: the autumn self-inspection report fell due yesterday (content/site.yaml).
  const clock = movableClock(new Date('2026-09-16T02:00:00.000Z'));
  const opened = rootOnEngine(engine, { folder: 'schoolwatch-duties-int-', clock, cronSecret: CRON });
  const { outbox } = opened;
  let root: Root;
  let poke: Engine;
  beforeAll(() => void ({ root, poke } = opened));

  const files = (prefix: string) =>
    readdirSync(outbox)
      .filter((n) => n.startsWith(prefix) && n.endsWith('.json'))
      .sort();
  const run = async () => {
    const answer = await root.services.remindDuties(`Bearer ${CRON}`);
    expect(answer.kind).toBe('ok');
    return answer.body as { reminders: number; digests: number; summaries: number; noAddress: number };
  };

  it('sends each late school’s registered addresses one reminder, however often the job runs', async () => {
    // Only the schools that register addresses are emailed; the other 25 are counted (and listed in their bureau's digest).
    expect(await run()).toEqual({ reminders: 3, digests: 0, summaries: 0, noAddress: 25 });
    expect(await run()).toEqual({ reminders: 0, digests: 0, summaries: 0, noAddress: 25 });
    expect(files('duty.reminder_')).toEqual([
      'duty.reminder_gy-qinghe-primary_semester-self-inspection_2026-autumn_late_0.json',
      'duty.reminder_qc-xinghe-primary_semester-self-inspection_2026-autumn_late_0.json',
      'duty.reminder_qc-xinghe-primary_semester-self-inspection_2026-autumn_late_1.json',
    ]);
    const mail = JSON.parse(readFileSync(join(outbox, files('duty.reminder_')[2]!), 'utf8')) as { to: string; text: string };
    expect(mail.to).toBe('jiaowu@xinghe.school.example');
    expect(mail.text).toContain('贵校“学期自查报告”（2026 年秋季学期）应在2026年9月15日前公示，目前仍未公示。');
  });

  it('a week later, on Monday: each bureau’s digest and the office’s summary, once; no new reminder', async () => {
    clock.set(new Date('2026-09-21T02:00:00.000Z'));
    expect(await run()).toEqual({ reminders: 0, digests: 5, summaries: 1, noAddress: 0 });
    expect(await run()).toEqual({ reminders: 0, digests: 0, summaries: 0, noAddress: 0 });
    const summary = JSON.parse(readFileSync(join(outbox, 'duty.summary_2026-09-21.json'), 'utf8')) as { to: string; text: string };
    expect(summary.to).toBe('dudao@bozhou.example');
    expect(summary.text).toContain('谯城区教育局：未按期公示的学校 6 / 6 所；逾期台账 0 项；学校尚未发布的整改事项 0 项');
  });

  it('counts on the board a rectification item the school has not yet published (workspace only)', async () => {
    await poke.rectifications.create({
      id: 'zg-abcd2345',
      school: 'qc-xinghe-primary',
      bureau: 'qiaocheng',
      aspect: 'holiday-classes',
      problem: '国庆假期组织六年级集体补课',
      createdAt: '2026-09-20T02:00:00.000Z',
      createdBy: 'jubao@qiaocheng.bozhou.example',
      complaints: ['JB-TEST-0001'],
    });
    const bureau = {
      body: { id: 'qiaocheng', name: '谯城区教育局', kind: 'bureau', people: [] },
      person: { name: '周科长', email: 'ducha@qiaocheng.bozhou.example', role: '督导科科长' },
      label: '',
      hash: '',
    } as unknown as SignedIn;
    const board = await root.services.duties.board(bureau);
    if (!board.ok) throw new Error(board.message);
    const xinghe = board.bureaus[0]!.schools.find((s) => s.id === 'qc-xinghe-primary')!;
    expect([board.today, xinghe.unpublishedItems, xinghe.statuses.map((s) => `${s.duty} ${s.period} ${s.state}`)]).toEqual([
      '2026-09-21',
      1,
      ['semester-self-inspection 2026-autumn missing'],
    ]);
    // The city office sees every bureau's board.
    const office = { ...bureau, body: { id: '@office', name: '督导室', kind: 'office', people: [] } } as unknown as SignedIn;
    const all = await root.services.duties.board(office);
    expect(all.ok && all.bureaus.map((b) => `${b.name} ${b.schools.length}`)).toEqual([
      '亳州市教育局 5',
      '谯城区教育局 6',
      '涡阳县教育局 6',
      '蒙城县教育局 5',
      '利辛县教育局 5',
    ]);
    const school = { ...bureau, body: { id: 'school:qc-xinghe-primary', name: '星河小学', kind: 'school', people: [] } } as unknown as SignedIn;
    expect(await root.services.duties.board(school)).toEqual({ ok: false, kind: 'forbidden', message: '按期公示督办表只给教育局和督导室查看。' });
  });

  it('a row’s progress published in the site is the month’s update of a school with open rows', async () => {
    const publish = publisher(poke.notices, directoryFrom(registry));
    const xinghe = { body: { kind: 'school' as const, school: 'qc-xinghe-primary' } };
    const row = { source: '自查', aspect: 'holiday-classes', measure: '停止补课', responsible: '教务处', status: '整改中' };
    await publish.publish(
      'xinghe-duty-ledger',
      'rectification',
      xinghe,
      {
        title: '星河小学整改公示',
        summary: '自查发现一个问题。',
        phase: 'consolidation',
        aspects: ['holiday-classes'],
        body: '逐项自查。',
        ledger: [{ ...row, problem: '暑期到校补课', deadline: '2026-12-31' }],
      },
      '2026-08-20T02:00:00Z',
    );
    await publish.progress('xinghe-duty-ledger', xinghe, { row: 'row-1', on: '2026-10-10', status: '整改中', note: '已通知各班' }, '2026-10-10T02:00:00Z');
    clock.set(new Date('2026-11-02T02:00:00.000Z'));
    const school = await root.services.duties.school((await root.services.catalogue()).content, 'qc-xinghe-primary');
    expect(school.statuses.filter((s) => s.duty === 'monthly-rectification').map((s) => [s.period, s.state, 'publishedOn' in s ? s.publishedOn : ''])).toEqual([
      ['2026-10', 'on-time', '2026-10-10'],
      ['2026-11', 'not-due', ''],
    ]);
  });
});
