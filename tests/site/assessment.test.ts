// The county scorecard and the frozen periods on the built server with a real
// Redis: last month's complaints handled by 谯城 give it a score, every other
// county has too few ("数据太少，不评分"); the page, the CSV and the JSON say
// the same and write the method out from content/site.yaml. Then the diff
// test: one complaint filed now at a school with none changes nothing below
// the bureau totals on the statistics pages, in the open data or in Open311.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastClosedPeriod, nextPublicationDay, periodName } from '../../src/domain/assessment/periods';
import { chinaDate } from '../../src/domain/deadlines';
import { formatDate } from '../../src/domain/dates';
import { readContent } from '../support/content';
import { sampleDirectory } from '../support/directory';
import { refreshStats } from '../support/statsCron';
import { startServer, type RunningServer } from '../support/server';
import { signInOverHttp } from '../support/workspace';
import { postForm } from '../support/intakeForms';
import { scenarioSteps } from '../support/statsScenario';
import { tableRows as rowsOf } from '../support/htmlTables';
import { openServerKeyspace, type ServerKeyspace } from '../support/serverKeyspace';

const CRON_SECRET = 'assessment-cron-secret-0123456789';
let server: RunningServer;
let space: ServerKeyspace;
const period = lastClosedPeriod(chinaDate(new Date()));
const content = readContent();

const get = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  return res.text();
};
const strip = (html: string) =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
/** Rows of the table with this caption, each as the texts of its cells (header cell first). */
const tableRows = (html: string, caption: string) => rowsOf(html, caption, strip);

beforeAll(async () => {
  space = await openServerKeyspace('assess');
  // Six complaints at 谯城区星河小学 on the 2nd of last month, decided and answered on time on the 3rd; filed before
  // the server starts, whose first run freezes last month with them and drafts each bureau's bulletin.
  const steps = scenarioSteps({
    store: space.store,
    keys: space.keys,
    directory: sampleDirectory(),
    start: new Date(`${period}-02T02:00:00Z`),
  });
  steps.on(0);
  const refs = await steps.many(6, 'qc-xinghe-primary', 'holiday-classes');
  await steps.bureauAct('qiaocheng')(refs, 1, { type: 'accept' });
  await steps.bureauAct('qiaocheng')(refs, 1, steps.answer('经核查属实，已责令停止补课。', 'substantiated'));
  server = await startServer({ ...space.env, CRON_SECRET });
  expect((await refreshStats(server.url, CRON_SECRET)).complaints).toBe(6);
});

afterAll(async () => {
  await server?.stop();
  await space?.close();
});

describe('/assessment/', () => {
  let html = '';
  let json: {
    period: string;
    weights: Record<string, number>;
    rows: Array<Record<string, string | number | null>>;
    method: { lines: Array<{ name: string; weightText: string }>; rules: string[] };
  };
  beforeAll(async () => {
    html = await get('/assessment/');
    json = JSON.parse(await get(`/assessment/data/${period}.json`));
  });

  it('scores 谯城 from its handling, and gives the counties with too few complaints no score', () => {
    const rows = tableRows(html, `${periodName(period)}各县区考核指标`);
    const qc = rows.find((r) => r[0] === '谯城区教育局')!;
    expect(qc.slice(1, 4)).toEqual([qc[1], '100%（6 件）', '100%（6 件）']);
    expect(qc[4]).toBe('100%（6 件）'); // none repeated
    for (const name of ['涡阳县教育局', '蒙城县教育局', '利辛县教育局', '亳州市教育局']) expect(rows.find((r) => r[0] === name)![1]).toBe('数据太少，不评分');
    expect(strip(html)).toContain(`谯城区教育局：${qc[1]} 分`);
  });

  it('computes the score as the settings’ weighted mean of the components, in the JSON as on the page', () => {
    const qc = json.rows.find((r) => r.bureau_id === 'qiaocheng')!;
    const weights = content.settings.assessment.weights;
    let sum = 0;
    let total = 0;
    for (const [indicator, weight] of Object.entries(weights)) {
      const column = indicator.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      if (weight > 0 && qc[`${column}_percent`] !== null) {
        sum += weight * (qc[`${column}_percent`] as number);
        total += weight;
      }
    }
    // The percents are whole numbers; the score is computed from exact shares: within half a point.
    expect(Math.abs((qc.score as number) - sum / total)).toBeLessThan(0.5);
    expect(json.weights).toEqual(weights);
    expect(json.rows.filter((r) => r.score === null).map((r) => r.score_note)).toEqual([
      '数据太少，不评分',
      '数据太少，不评分',
      '数据太少，不评分',
      '数据太少，不评分',
    ]);
  });

  it('writes the method out from content/site.yaml', () => {
    const text = strip(html);
    for (const line of json.method.lines) expect(text).toContain(`${line.name}（${line.weightText}）`);
    expect(text).toContain('按时受理（权重 20（占 20%））');
    expect(text).toContain('家长满意（只公布，不计分）');
    expect(text).toContain('从不按考试成绩或学生表现给学校排名');
  });

  it('serves the same rows as CSV, and the period’s own page', async () => {
    const csv = await get(`/assessment/data/${period}.csv`);
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(1 + content.bureaus.length);
    expect(lines[0]!.split(',').slice(0, 5)).toEqual(['period', 'bureau_id', 'bureau_name', 'score', 'score_note']);
    expect(lines.find((l) => l.includes(',qiaocheng,'))!.split(',')[3]).toBe(String(json.rows.find((r) => r.bureau_id === 'qiaocheng')!.score));
    expect(await get(`/assessment/${period}/`)).toContain(`<h1>${periodName(period)}县区履职考核</h1>`);
    expect((await fetch(`${server.url}/assessment/2001-01/`)).status).toBe(404);
    expect((await fetch(`${server.url}/assessment/data/2001-01.json`)).status).toBe(404);
  });
});

describe('the draft bulletin', () => {
  it('waits in 谯城’s workspace with last month’s figures, and is not published while its 请填写 lines are left in', async () => {
    const cookie = await signInOverHttp(server, 'qiaocheng');
    const id = `bulletin-${period.replace('-', '')}-qiaocheng`;
    const open = (path: string) => fetch(`${server.url}${path}`, { headers: { Cookie: cookie }, redirect: 'manual' });
    expect(await (await open('/bureau/notices/')).text()).toContain(`谯城区教育局${periodName(period)}规范办学督查通报`);
    const view = strip(await (await open(`/bureau/notices/notice/?id=${id}`)).text());
    expect(view).toContain(`${periodName(period)}，本局收到涉及所属学校的举报 6 件，其中截至月底已答复 6 件。答复的查实情况：`);
    expect(view).toContain('属实：6 件');
    expect(view).toContain(`截至${periodName(period)}底，超过受理或答复期限仍未办理的举报 0 件。`);
    // Published as drafted, the public would read the system's prompts: refused until the bureau fills them in
    // (publishing once filled in: tests/unit/notices-machine.test.ts › a drafted bulletin is not published with its 请填写 lines).
    const refused = await postForm(`${server.url}/bureau/notices/notice/`, { id, action: 'submit' }, { Cookie: cookie });
    expect(refused.status).toBe(422);
    expect((await fetch(`${server.url}/notices/${id}/`)).status).toBe(404);
    // Once only: another run drafts nothing new.
    expect(await refreshStats(server.url, CRON_SECRET)).toMatchObject({ bulletinDrafts: { period, drafted: [] } });
  });
});

describe('a complaint filed now at a school with none', () => {
  const files = ['monthly-bureaus', 'monthly-aspects', 'monthly-schools', 'channels', 'findings'];
  /** Everything below the bureau totals a reader can take, without the snapshot's time. */
  async function take() {
    const untimed = (text: string) => text.replace(/"computedAt":"[^"]*"/g, '').replace(/<time[^>]*data-computed-at[^>]*>[\s\S]*?<\/time>/g, '');
    const schoolPage = untimed(await get('/stats/schools/lx-ziyun-primary/'));
    const bureauPage = await get('/stats/lixin/');
    const cityPage = await get('/stats/');
    // Rows of schools, aspects, categories, months and channels: every row not headed by a bureau or the city.
    const bureauNames = new Set([...content.bureaus.map((b) => b.name), '全市合计', '全市']);
    const detailRows = (html: string) =>
      [...html.matchAll(/<caption>([^<]*)<\/caption>([\s\S]*?)<\/table>/g)].flatMap((m) =>
        [...m[2]!.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)]
          .slice(1)
          .map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => strip(c[1]!)))
          .filter((r) => !bureauNames.has(r[0]!))
          .map((r) => `${m[1]}|${r.join('|')}`),
      );
    const data = [];
    for (const file of files) data.push(await get(`/open-data/${file}.csv`), untimed(await get(`/open-data/${file}.json`)));
    return {
      schoolPage,
      bureauRows: detailRows(bureauPage),
      cityRows: detailRows(cityPage),
      data,
      open311: await get('/open311/v2/requests.json'),
      frozenNote: strip(/<p data-frozen-period[^>]*>([\s\S]*?)<\/p>/.exec(cityPage)?.[1] ?? ''),
    };
  }

  it('changes nothing below the bureau totals after the next snapshot, and /stats/ says when this month appears', async () => {
    const before = await take();
    const steps = scenarioSteps({
      store: space.store,
      keys: space.keys,
      directory: sampleDirectory(),
      start: new Date(),
    });
    await steps.many(1, 'lx-ziyun-primary', 'homework');
    expect((await refreshStats(server.url, CRON_SECRET)).complaints).toBe(7);
    const after = await take();
    expect(after).toEqual(before);
    // The totals are live: 利辛 counts it at once.
    expect(tableRows(await get('/stats/'), '各教育局举报办理情况').find((r) => r[0] === '利辛县教育局')![1]).toBe('少于 5');
    const today = chinaDate(new Date());
    expect(before.frozenNote).toContain(
      `目前显示的是截至${periodName(period)}底的细分数字；${periodName(today.slice(0, 7))}的细分数字将于${formatDate(nextPublicationDay(today))}公布`,
    );
  });
});
