// Every legal number comes from content/site.yaml: a city whose rules differ
// changes them there, and the pages and emails follow. A copy of the project
// with other numbers is built, served, and worked through as a parent and a
// bureau would.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCopy, projectCopy } from '../support/project';
import { startServer, type RunningServer } from '../support/server';
import { hiddenFields, postForm, sampleAspect, sampleSchool, textOf } from '../support/intakeForms';

const dir = projectCopy('numbers');
let server: RunningServer;

/**
 * The date `days` after `day` (YYYY-MM-DD), as the pages print it
 * (2026年12月10日). `day` is always the server's, read from its answer (the
 * reference's filing date, the date of an event in the history), never this
 * process's clock: the two could fall either side of China's midnight.
 */
function dayAfter(day: string, days: number): string {
  const d = new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** The China date a reference was filed on: JB-20261207-… → 2026-12-07. */
const filedOn = (reference: string) => reference.replace(/^JB-(\d{4})(\d{2})(\d{2})-.*$/, '$1-$2-$3');

/** The date of an event in a status page's history, as the server printed it (2026年12月7日 → 2026-12-07). */
function eventOn(page: string, label: string): string {
  const [, y, m, d] = new RegExp(`${label}</strong>[^年]*?(\\d{4})年(\\d{1,2})月(\\d{1,2})日`).exec(page) ?? [];
  if (!y) throw new Error(`no “${label}” in the page's history`);
  return `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
}

beforeAll(async () => {
  const site = join(dir, 'content', 'site.yaml');
  writeFileSync(
    site,
    readFileSync(site, 'utf8')
      .replace(/acceptDays: \d+/, 'acceptDays: 9')
      .replace(/resolveDays: \d+/, 'resolveDays: 45')
      .replace(/extensionDays: \d+/, 'extensionDays: 20')
      .replace(/reviewDays: \d+/, 'reviewDays: 14')
      .replace(/retentionDays: \d+/, 'retentionDays: 200'),
  );
  const build = await buildCopy(dir);
  if (build.code !== 0) throw new Error(`build failed:\n${build.output}`);
  server = await startServer({ SCHOOLWATCH_OUT_DIR: join(dir, 'dist') });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('legal numbers changed in content/site.yaml', () => {
  let answerUrl = '';
  let filed = '';

  it('are on the confirmation page, with the accept-by date 9 days on', async () => {
    const check = await postForm(`${server.url}/report/`, {
      step: 'check',
      school: sampleSchool.id,
      aspect: sampleAspect.id,
      description: '学校寒假期间组织全年级学生到校集中补课。',
      anonymous: 'true',
    });
    const done = await (await postForm(`${server.url}/report/`, { ...hiddenFields(await check.text()), step: 'submit' })).text();
    const reference = textOf(done, 'data-reference') ?? '';
    expect(reference).toMatch(/^JB-\d{8}-/);
    filed = filedOn(reference);
    for (const text of [
      '受理后应在 45 天内答复，情况复杂的可延长一次、最多 20 天。',
      '教育局应在 14 天内复核。',
      '举报办结 200 天后，本站删除举报内容和您的联系方式。',
      `${dayAfter(filed, 9)}</time></strong> 前决定是否受理`,
    ]) {
      expect(done).toContain(text);
    }
    for (const old of ['60 天', '30 天', '365 天']) expect(done).not.toContain(old);
  });

  it('are in the email to the bureau', async () => {
    const outbox = join(server.dataDir, 'outbox');
    let mail: { text: string } | undefined;
    for (let tries = 0; !mail && tries < 100; tries++) {
      const file = readdirSync(outbox, { withFileTypes: true }).find((f) => f.name.startsWith('complaint.filed') && f.name.endsWith('.json'));
      if (file) mail = JSON.parse(readFileSync(join(outbox, file.name), 'utf8')) as { text: string };
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(mail!.text).toContain(`受理期限：${dayAfter(filed, 9)}前`);
    expect(mail!.text).toContain('办理期限：受理后 45 天内，可延期一次 20 天');
    expect(mail!.text).toContain('举报办结 200 天后，本站删除举报内容和举报人信息。');
    answerUrl = /http:\/\/\S+\/answer\/\?t=\S+/.exec(mail!.text)![0];
  });

  it('are on the bureau’s answer page, and the accepted complaint is due 45 days on', async () => {
    const page = await (await fetch(answerUrl)).text();
    expect(page).toContain('受理后应在 45 天内答复（可延期一次，最多 20 天）。');
    const token = new URL(answerUrl).searchParams.get('t')!;
    const accepted = await (await postForm(`${server.url}/answer/`, { t: token, action: 'accept' })).text();
    expect(accepted).toContain('延长办理期限（限一次，20 天）');
    expect(accepted).toContain(`${dayAfter(eventOn(accepted, '教育局受理'), 45)}</time> 前`);
  });
});
