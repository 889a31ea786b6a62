// Duties on the built Node server with a moved clock (issue 25, points 2–4): a school whose
// self-inspection report fell due yesterday is late on the public school and bureau pages and on the
// bureau's board, without a rebuild (the server is only restarted with the next day, as a day passes);
// its registered addresses got the reminder once after two cron runs (outbox files); a ledger row past
// its deadline is marked 逾期 N 天 on the school page and the notice page. New pages through the Nu
// checker and axe (JavaScript off, phone width).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { directoryFrom, registry } from '../../src/catalogue/registry';
import { openDatabase } from '../../src/adapters/sqlite/connection';
import { sqliteNoticeStore } from '../../src/adapters/sqlite/sqliteNoticeStore';
import type { NoticeActor } from '../../src/domain/notices/model';
import { launchBrowser, phonePage } from '../support/browser';
import { violationsWithoutScripts } from '../support/intakeAxe';
import { root } from '../support/content';
import { startServer, type RunningServer } from '../support/server';
import { publisher } from '../support/publish';
import { outboxOf, signInOverHttp } from '../support/workspace';

const CRON_SECRET = 'duties-test-cron-secret';
const xinghe: NoticeActor = { body: { kind: 'school', school: 'qc-xinghe-primary' } };
const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/\s+/g, ' ');
/** The cells of the table row marked `data-<attr>="<value>"`, as text. */
const rowText = (html: string, marker: string) => {
  const at = html.indexOf(marker);
  if (at < 0) throw new Error(`no ${marker}`);
  const start = html.lastIndexOf('<tr', at);
  return textOf(html.slice(start, html.indexOf('</tr>', at))).trim();
};
const get = async (base: string, path: string, headers: Record<string, string> = {}) => (await fetch(`${base}${path}`, { headers })).text();
const cron = async (base: string) => {
  const answer = await fetch(`${base}/api/cron/duties`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
  return { status: answer.status, body: (await answer.json()) as { reminders: number; noAddress: number } };
};
const reminderFiles = (dir: string) =>
  readdirSync(dir)
    .filter((n) => n.startsWith('duty.reminder_') && n.endsWith('.json'))
    .sort();

describe('duties with a moved clock (SCHOOLWATCH_TODAY), on the built Node server with SQLite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'schoolwatch-duties-'));
  const pages = mkdtempSync(join(tmpdir(), 'schoolwatch-duties-vnu-'));
  let server: RunningServer | undefined;
  let browser: Browser;
  const start = (today: string) => startServer({ SCHOOLWATCH_DATA_DIR: dataDir, SCHOOLWATCH_TODAY: today, CRON_SECRET, NOTICE_REFRESH_MS: '300' });

  beforeAll(async () => {
    browser = await launchBrowser();
    // Before the server starts (its hourly job runs at once): a rectification notice published in the site on 20 August, one row due 14 September, one due 30 September.
    const db = openDatabase(dataDir);
    await publisher(sqliteNoticeStore(db.db), directoryFrom(registry)).publish(
      'xinghe-autumn-ledger',
      'rectification',
      xinghe,
      {
        title: '星河小学秋季整改公示',
        summary: '开学自查发现两个问题。',
        phase: 'consolidation',
        aspects: ['holiday-classes'],
        body: '学校对照清单逐项自查。',
        ledger: [
          {
            problem: '暑期组织六年级到校补课',
            source: '自查',
            aspect: 'holiday-classes',
            measure: '停止暑期补课',
            responsible: '教务处',
            deadline: '2026-09-14',
            status: '整改中',
          },
          {
            problem: '三年级书面作业超时',
            source: '自查',
            aspect: 'homework',
            measure: '公开每日作业时长',
            responsible: '教务处',
            deadline: '2026-09-30',
            status: '未启动',
          },
        ],
      },
      '2026-08-20T02:00:00Z',
    );
    await db.close();
    server = await start('2026-09-15');
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('the day the report is due: 尚未到期; the row due yesterday is 逾期 1 天 on the school page and the notice page', async () => {
    let school = await get(server!.url, '/schools/qc-xinghe-primary/');
    for (let tries = 0; !school.includes('暑期组织六年级到校补课') && tries < 100; tries++) {
      await new Promise((r) => setTimeout(r, 100));
      school = await get(server!.url, '/schools/qc-xinghe-primary/');
    }
    expect(rowText(school, 'data-duty="semester-self-inspection" data-period="2026-autumn"')).toBe('学期自查报告 2026 年秋季学期 2026年9月15日 尚未到期');
    // The last semester's report was never published either.
    expect(rowText(school, 'data-duty="semester-self-inspection" data-period="2026-spring"')).toBe(
      '学期自查报告 2026 年春季学期 2026年3月18日 未公示（已逾期 181 天）',
    );
    expect(school).toContain('data-overdue-count="1"');
    expect(rowText(school, '暑期组织六年级到校补课')).toContain('整改中 逾期 1 天');
    expect(rowText(school, '三年级书面作业超时')).not.toContain('逾期');
    const notice = await get(server!.url, '/notices/xinghe-autumn-ledger/');
    expect(rowText(notice, '暑期组织六年级到校补课')).toContain('整改中 逾期 1 天');
    const followup = await get(server!.url, '/notices/2025-01-24-city-qingtong-rectification-followup/');
    expect(rowText(followup, '初二两个班体育课被占用做数学练习')).toContain('整改中 逾期 564 天');
    // No reminder yet: 7 days before was the 8th (this clock never ran then), and nothing is late.
    expect((await cron(server!.url)).body.reminders).toBe(0);
    await server!.stop();
  });

  it('the next day, without a rebuild: late on the school page, the bureau page and the board; the row 逾期 2 天', async () => {
    server = await start('2026-09-16');
    const school = await get(server.url, '/schools/qc-xinghe-primary/');
    expect(rowText(school, 'data-duty="semester-self-inspection" data-period="2026-autumn"')).toBe(
      '学期自查报告 2026 年秋季学期 2026年9月15日 未公示（已逾期 1 天）',
    );
    // Rows open since 20 August: an update is owed in September, by its last day.
    expect(rowText(school, 'data-duty="monthly-rectification" data-period="2026-09"')).toBe('整改进展月度更新 2026 年 9 月 2026年9月30日 尚未到期');
    expect(rowText(school, '暑期组织六年级到校补课')).toContain('整改中 逾期 2 天');
    writeFileSync(join(pages, 'school.html'), school);
    const notice = await get(server.url, '/notices/xinghe-autumn-ledger/');
    expect(rowText(notice, '暑期组织六年级到校补课')).toContain('整改中 逾期 2 天');
    writeFileSync(join(pages, 'notice.html'), notice);
    // A notice of content/notices (prerendered by the build) with a row still open: answered on demand with the day.
    const followup = await get(server.url, '/notices/2025-01-24-city-qingtong-rectification-followup/');
    expect(rowText(followup, '初二两个班体育课被占用做数学练习')).toContain('整改中 逾期 565 天');
    writeFileSync(join(pages, 'content-notice.html'), followup);
    // Its earlier notice keeps its rows as published, without a mark on those the follow-up reported 已整改.
    const earlier = await get(server.url, '/notices/2024-07-12-city-qingtong-rectification/');
    expect(rowText(earlier, '有老师在家长群推荐统一购买指定练习册')).toContain('未启动');
    expect(earlier).not.toContain('data-overdue=');

    const bureau = await get(server.url, '/bureaus/qiaocheng/');
    expect(rowText(bureau, 'data-school="qc-xinghe-primary"')).toBe(
      '谯城区星河小学（示例） 学期自查报告（2026 年秋季学期）： 未公示（已逾期 1 天） 整改进展月度更新（2026 年 9 月）：尚未到期 1 项',
    );
    writeFileSync(join(pages, 'bureau.html'), bureau);

    const cookie = await signInOverHttp(server, 'qiaocheng');
    const board = await get(server.url, '/bureau/duties/', { cookie });
    expect(rowText(board, 'data-school="qc-xinghe-primary"')).toBe(
      '谯城区星河小学（示例） — 学期自查报告（2026 年秋季学期）： 未公示（已逾期 1 天） 2 暑期组织六年级到校补课 （逾期 2 天） 0',
    );
    writeFileSync(join(pages, 'board.html'), board);
    // A school's session is refused the board.
    const schoolCookie = await signInOverHttp(server, 'school:qc-xinghe-primary');
    expect((await fetch(`${server.url}/bureau/duties/`, { headers: { cookie: schoolCookie } })).status).toBe(403);
  });

  it('emails the late schools’ registered addresses once, however often the job runs', async () => {
    const first = await cron(server!.url);
    const second = await cron(server!.url);
    expect([first.status, second.status]).toEqual([200, 200]);
    // Between the two runs every reminder was queued once, and the second run queued none.
    expect(second.body.reminders).toBe(0);
    const outbox = outboxOf({ dataDir });
    expect(reminderFiles(outbox)).toEqual([
      'duty.reminder_gy-qinghe-primary_semester-self-inspection_2026-autumn_late_0.json',
      'duty.reminder_qc-xinghe-primary_semester-self-inspection_2026-autumn_late_0.json',
      'duty.reminder_qc-xinghe-primary_semester-self-inspection_2026-autumn_late_1.json',
    ]);
    const mail = JSON.parse(readFileSync(join(outbox, reminderFiles(outbox)[1]!), 'utf8')) as { to: string; subject: string; text: string };
    expect(mail.to).toBe('bangongshi@xinghe.school.example');
    expect(mail.subject).toBe('逾期提醒：学期自查报告（2026 年秋季学期）已于2026年9月15日到期，尚未公示');
    // 15 September was a Tuesday: each bureau's weekly digest and the office's summary for the week of Monday the 14th, once.
    const weekly = readdirSync(outbox).filter((n) => /^duty\.(digest|summary)_/.test(n) && n.endsWith('.json'));
    expect(weekly.sort()).toEqual([
      'duty.digest_bozhou-city_2026-09-14.json',
      'duty.digest_guoyang_2026-09-14.json',
      'duty.digest_lixin_2026-09-14.json',
      'duty.digest_mengcheng_2026-09-14.json',
      'duty.digest_qiaocheng_2026-09-14.json',
      'duty.summary_2026-09-14.json',
    ]);
    const digest = JSON.parse(readFileSync(join(outbox, 'duty.digest_qiaocheng_2026-09-14.json'), 'utf8')) as { to: string; text: string };
    expect(digest.to).toBe('jubao@qiaocheng.bozhou.example');
    expect(digest.text).toContain(
      '谯城区星河小学（示例）：未按期公示 学期自查报告（2026 年春季学期，未公示（已逾期 181 天））；逾期台账 1 项；学校尚未发布的整改事项 0 项',
    );
  });

  it('the new pages pass the Nu checker and axe', async () => {
    const jar = join(root, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
    const errors = await new Promise<unknown[]>((resolve, reject) =>
      execFile('java', ['-jar', jar, '--errors-only', '--format', 'json', pages], { maxBuffer: 16 * 1024 * 1024 }, (error, _out, stderr) => {
        try {
          resolve((JSON.parse(stderr) as { messages: unknown[] }).messages);
        } catch {
          reject(error ?? new Error(stderr));
        }
      }),
    );
    expect(errors).toEqual([]);
    const page = await phonePage(browser, { javaScriptEnabled: false });
    for (const path of [
      '/schools/qc-xinghe-primary/',
      '/bureaus/qiaocheng/',
      '/notices/xinghe-autumn-ledger/',
      '/notices/2025-01-24-city-qingtong-rectification-followup/',
    ]) {
      await page.goto(`${server!.url}${path}`);
      expect(await violationsWithoutScripts(browser, page), path).toEqual([]);
    }
    const cookie = await signInOverHttp(server!, 'bozhou-city');
    await page.context().addCookies([{ name: 'sw_workspace', value: cookie.split('=')[1]!, url: server!.url }]);
    await page.goto(`${server!.url}/bureau/duties/`);
    expect(await violationsWithoutScripts(browser, page), '/bureau/duties/').toEqual([]);
    await page.close();
  });
});
