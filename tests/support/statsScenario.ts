// A known distribution of complaints across the bureaus, filed and moved
// through the status machine with a clock the scenario moves by hand, on a
// real store, through the same domain functions and action service the site
// uses. The figures it must give are written out in the tests that use it.
//
// Day 0 is `start`; the statistics are read on day 100.
//   谯城 (qc-xinghe-primary, 节假日集体补课) 15:
//     5 accepted day 3, answered day 20, disputed day 25, answered again day 30;
//     5 accepted late on day 20, extended day 70, answered day 95 (on time only thanks to the extension);
//     5 refused on day 5.
//   涡阳 (gy-qinghe-primary, 作业总量和时长超标) 10: 5 never touched (overdue);
//     5 transferred to 亳州市 on day 4, which accepts them day 10 and answers day 40.
//   亳州市 (city-qingtong-middle, 不开齐开足课程) 6: accepted day 2, answered day 30.
//   Published answers (公开答复): the first two moved from 涡阳 and the first of 亳州市's own;
//   the first of 蒙城's allows it too but is never answered.
//   蒙城 (mc-yueguang-primary, 节假日集体补课) 3 and 利辛 (lx-ziyun-primary, same) 2: never touched.
// Findings (查实情况): 谯城's first five 不属实 on day 20, 属实 after the review on day 30; its late
//   five 部分属实; the five moved from 涡阳 属实; 亳州市's own six: the first four 不属实, the last two 无法核实.
import { fileComplaint } from '../../src/domain/fileComplaint';
import { parseComplaintInput } from '../../src/domain/complaintInput';
import { chinaDate } from '../../src/domain/deadlines';
import type { Directory } from '../../src/domain/directory';
import type { ComplaintAction } from '../../src/domain/status';
import type { Finding } from '../../src/domain/findings';
import { actionService } from '../../src/server/services/actions';
import type { Dispatcher } from '../../src/server/dispatcher';
import type { ComplaintStore } from '../../src/ports/complaintStore';
import type { Keys } from '../../src/ports/keys';
import { cryptoRandom } from '../../src/ports/random';

const DAY = 86_400_000;
/** What every scenario parent wrote: it must never appear on a public page. */
export const SCENARIO_DESCRIPTION = '学校在周末组织全年级学生到校集中补课。';
/** The bureaus' answers, as the public pages must show them. */
export const SCENARIO_ANSWERS = { city: '已督促学校开齐开足体育、音乐、美术课程。', moved: '已责令学校减少作业量并公示作业时长。' };
const idle: Dispatcher = {
  run: async () => ({ sent: 0, retried: 0, dead: 0, skipped: 0, deadLettered: [], retrying: [] }),
  kick: async () => undefined,
  start: () => undefined,
  stop: async () => undefined,
};

/** Filing and acting on a real store with a clock moved by day: the steps every statistics scenario is written in. */
export function scenarioSteps(deps: { store: ComplaintStore; keys: Keys; directory: Directory; start: Date }) {
  let now = deps.start.getTime();
  const clock = { now: () => new Date(now) };
  const on = (day: number) => (now = deps.start.getTime() + day * DAY);
  const act = actionService({ store: deps.store, keys: deps.keys, directory: deps.directory, clock, dispatcher: idle });
  const file = async (school: string, aspect: string, publish: boolean, extra: Record<string, string> = {}) => {
    const parsed = parseComplaintInput(
      { school, aspect, description: SCENARIO_DESCRIPTION, anonymous: true, ...(publish ? { publishAnswer: 'true' } : {}), ...extra },
      deps.directory,
      chinaDate(clock.now()),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    const outcome = await fileComplaint(
      parsed.value,
      { ...deps, clock, random: cryptoRandom },
      { address: 'stats-scenario', limit: { max: 100_000, windowSeconds: 3600 } },
    );
    if (outcome.kind !== 'filed') throw new Error(outcome.kind);
    return outcome.answer.reference;
  };
  const bureauAct = (bureau: string) => async (refs: string[], day: number, action: ComplaintAction) => {
    on(day);
    for (const ref of refs) {
      const done = await act(ref, action, { kind: 'bureau', bureau }, { address: 'stats-scenario' });
      if (done.kind !== 'ok') throw new Error(`${ref} ${action.type}: ${done.error}`);
    }
  };
  const parentAct = async (refs: string[], day: number, action: ComplaintAction) => {
    on(day);
    for (const ref of refs) {
      const done = await act(ref, action, { kind: 'parent' }, { address: 'stats-scenario' });
      if (done.kind !== 'ok') throw new Error(`${ref} ${action.type}: ${done.error}`);
    }
  };
  const many = async (n: number, school: string, aspect: string, published: number[] = [], extra: Record<string, string> = {}) => {
    const refs: string[] = [];
    for (let i = 0; i < n; i++) refs.push(await file(school, aspect, published.includes(i), extra));
    return refs;
  };
  const answer = (text: string, finding: Finding): ComplaintAction => ({ type: 'resolve', answer: text, finding });
  return { on, many, bureauAct, parentAct, answer };
}

/** Files and handles the scenario; returns the references by bureau. */
export async function fileStatsScenario(deps: { store: ComplaintStore; keys: Keys; directory: Directory; start: Date }) {
  const { on, many, bureauAct, parentAct, answer } = scenarioSteps(deps);
  on(0);
  const qc = await many(15, 'qc-xinghe-primary', 'holiday-classes');
  const gy = await many(10, 'gy-qinghe-primary', 'homework', [5, 6]);
  const city = await many(6, 'city-qingtong-middle', 'curriculum', [0]);
  const mc = await many(3, 'mc-yueguang-primary', 'holiday-classes', [0]);
  const lx = await many(2, 'lx-ziyun-primary', 'holiday-classes');
  const [qcOnTime, qcLate, qcRefused] = [qc.slice(0, 5), qc.slice(5, 10), qc.slice(10)];
  const [, gyMoved] = [gy.slice(0, 5), gy.slice(5)];
  const QC = bureauAct('qiaocheng');
  const GY = bureauAct('guoyang');
  const CITY = bureauAct('bozhou-city');

  await CITY(city, 2, { type: 'accept' });
  await QC(qcOnTime, 3, { type: 'accept' });
  await GY(gyMoved, 4, { type: 'transfer', to: 'bozhou-city', reason: '该校实际由市教育局主管。' });
  await QC(qcRefused, 5, { type: 'reject', reason: '反映的情况不属于本专项治理范围。' });
  await CITY(gyMoved, 10, { type: 'accept' });
  await QC(qcOnTime, 20, answer('经核查，学校已停止周末补课，并向家长公开致歉。', 'unfounded'));
  await QC(qcLate, 20, { type: 'accept' });
  await parentAct(qcOnTime, 25, { type: 'dispute', reason: '周末仍然在补课。' });
  await QC(qcOnTime, 30, answer('复查后确认仍有补课，已责令停止并通报批评。', 'substantiated'));
  await CITY(city.slice(0, 4), 30, answer(SCENARIO_ANSWERS.city, 'unfounded'));
  await CITY(city.slice(4), 30, answer(SCENARIO_ANSWERS.city, 'unverifiable'));
  await CITY(gyMoved, 40, answer(SCENARIO_ANSWERS.moved, 'substantiated'));
  await QC(qcLate, 70, { type: 'extend', reason: '需要调取监控并走访多个班级。' });
  await QC(qcLate, 95, answer('经调查属实，已责令整改。', 'partly'));
  on(100);
  return { qc, gy, city, mc, lx };
}
