// A ledger row parents say was not really rectified (这一项没有真正整改？) shows
// how many complaints say so on the school page, as published for the last
// closed month and suppressed like every count (issue 25, point 3): one
// complaint filed last month is withheld (不公布); the rows of another school show nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastClosedPeriod } from '../../src/domain/assessment/periods';
import { chinaDate } from '../../src/domain/deadlines';
import { sampleDirectory } from '../support/directory';
import { refreshStats } from '../support/statsCron';
import { startServer, type RunningServer } from '../support/server';
import { scenarioSteps } from '../support/statsScenario';
import { openServerKeyspace, type ServerKeyspace } from '../support/serverKeyspace';

const CRON_SECRET = 'contested-rows-cron-secret-0123456789';
const NOTICE = '2024-07-10-qc-xinghe-rectification';
const ITEM = `${NOTICE}#0`;
const period = lastClosedPeriod(chinaDate(new Date()));
let server: RunningServer;
let space: ServerKeyspace;

beforeAll(async () => {
  space = await openServerKeyspace('contested');
  const directory = {
    ...sampleDirectory(),
    ledgerItems: new Map([[ITEM, { school: 'qc-xinghe-primary', aspect: 'homework', problem: '一、二年级个别班级布置书面家庭作业', notice: NOTICE, row: 0 }]]),
  };
  const steps = scenarioSteps({
    store: space.store,
    keys: space.keys,
    directory,
    start: new Date(`${period}-03T02:00:00Z`),
  });
  steps.on(0);
  await steps.many(1, 'qc-xinghe-primary', 'homework', [], { ledgerItem: ITEM });
  server = await startServer({ ...space.env, CRON_SECRET });
  expect((await refreshStats(server.url, CRON_SECRET)).complaints).toBe(1);
});

afterAll(async () => {
  await server?.stop();
  await space?.close();
});

describe('a ledger row contested by complaints', () => {
  it('shows how many on the school page, suppressed, as of the last closed month', async () => {
    const html = await (await fetch(`${server.url}/schools/qc-xinghe-primary/`)).text();
    const month = `${Number(period.slice(0, 4))}年${Number(period.slice(5, 7))}月`;
    const rows = [...html.matchAll(/<p class="hint flush" data-contested>([^<]*)<\/p>/g)].map((m) => m[1]);
    // One complaint at a school with no other: withheld by the suppression rule (the school's total would give it away).
    expect(rows).toEqual([`家长反映未真正整改的举报：不公布（截至${month}）`]);
    const other = await (await fetch(`${server.url}/schools/gy-qinghe-primary/`)).text();
    expect(other).not.toContain('data-contested');
  });
});
