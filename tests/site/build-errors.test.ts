import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCopy, projectCopy } from '../support/project';

const copies: string[] = [];

/** A copy of the project, sharing node_modules, with one notice file added (or content files changed). */
function projectWithNotice(notice: string, change?: (dir: string) => void): string {
  const dir = projectCopy('broken');
  copies.push(dir);
  if (notice) writeFileSync(join(dir, 'content', 'notices', 'zz-broken.md'), notice);
  change?.(dir);
  return dir;
}

const notice = (fields: string) => `---\nkind: rectification\ntitle: 坏公示\nphase: self-inspection\nsummary: 测试\n${fields}\n---\n正文\n`;
const ledger = (status: string) =>
  `ledger:\n  - problem: 问题\n    source: 自查\n    aspect: homework\n    measure: 措施\n    responsible: 教务处\n    deadline: 2024-09-01\n    status: ${status}`;

afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('a broken notice stops the build with a message an editor can act on', () => {
  it.concurrent.each([
    [
      'an unknown school id',
      notice(`publishedOn: 2024-07-01\nschool: no-such-school\n${ledger('已整改')}`),
      ['content/notices/zz-broken.md → school', '找不到编号 “no-such-school”', 'content/schools.yaml'],
    ],
    [
      'a bad date',
      notice(`publishedOn: 2024-13-45\nschool: qc-xinghe-primary\n${ledger('已整改')}`),
      ['notices → zz-broken', 'publishedOn', '“2024-13-45”不是有效日期：格式应为 YYYY-MM-DD'],
    ],
    [
      'an unknown status',
      notice(`publishedOn: 2024-07-01\nschool: qc-xinghe-primary\n${ledger('差不多了')}`),
      ['notices → zz-broken', 'ledger.0.status', '整改进展应为 已整改、整改中、未启动 之一'],
    ],
  ])('%s', async (_name, file, expected) => {
    const dir = projectWithNotice(file);
    // Its own output and cache: parallel builds must not share Astro's data store or the run's site.
    const build = await buildCopy(dir);
    expect(build.code).not.toBe(0);
    for (const text of expected) expect(build.output).toContain(text);
  });
});

/** schools.yaml with its first school's lines changed by `edit`. */
const schools = (edit: (text: string) => string) => (dir: string) => {
  const file = join(dir, 'content', 'schools.yaml');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
};

describe('a broken schools.yaml stops the build with a message an editor can act on', () => {
  it.concurrent.each([
    [
      'a school of an unknown bureau',
      schools((t) => t.replace('bureau: bozhou-city', 'bureau: no-such-bureau')),
      ['content/schools.yaml → 0.bureau', '找不到编号 “no-such-bureau”', 'content/bureaus.yaml'],
    ],
    [
      'a school without a name',
      schools((t) => t.replace(/\n  name: [^\n]+/, '')),
      ['内容文件 content/schools.yaml 第 1 项（city-qingtong-middle）有误', 'name:'],
    ],
    [
      'two schools with one id',
      schools((t) => t.replace('id: city-yunhe-primary', 'id: city-qingtong-middle')),
      ['内容文件 content/schools.yaml 中编号 “city-qingtong-middle” 出现了不止一次；编号必须唯一。'],
    ],
    ['YAML that does not parse', schools((t) => `${t}\n  - : : :\n`), ['内容文件 content/schools.yaml 无法读取']],
  ])('%s', async (_name, change, expected) => {
    const dir = projectWithNotice('', change);
    const build = await buildCopy(dir);
    expect(build.code).not.toBe(0);
    for (const text of expected) expect(build.output).toContain(text);
  });
});
