// Synthetic content at scale for the build benchmark.
//
//   npx tsx bench/generate.ts <out-dir> <notices>
//
// Writes a full content/ tree into <out-dir>: the project's own site.yaml,
// categories.yaml, aspects.yaml and bureaus.yaml copied as they are, one
// school per 20 notices spread over the bureaus, and <notices> Markdown
// notices of every kind (self-inspections, rectifications with ledgers and
// follow-ups that update ledger items, bulletins and exposures with findings,
// announcements) with Chinese text. Deterministic: the same count gives the
// same files, so two runs build the same thing.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { readFileSync } from 'node:fs';

const projectRoot = resolve(import.meta.dirname, '..');

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  return { next, int, pick };
}

const SURNAME_CHARS = '星河青桐云鹤兰溪松风晴川竹林明月鹿鸣玉泉紫云秋月清河凌波飞燕西山青岚绿水梧桐金桥文昌育才实验光明向阳春晖朝阳东风新华和平'.split('');
const LEVELS = ['小学', '初中', '九年一贯制'] as const;
const LEVEL_SUFFIX: Record<(typeof LEVELS)[number], string> = { 小学: '小学', 初中: '初级中学', 九年一贯制: '学校' };
const STREETS = ['示例大道', '示例路', '示例街', '示例巷'];
const SOURCES = ['自查', '督查', '举报'] as const;
const STATUSES = ['已整改', '整改中', '未启动'] as const;
const SANCTIONS = ['通报批评', '黄牌警告', '限期整改', '追责问责', '约谈'] as const;
const OFFICES = ['教务处', '德育处', '总务处', '校长办公室', '年级组', '后勤处'];
const PROBLEMS = [
  '一、二年级个别班级布置书面家庭作业',
  '课后服务报名表默认勾选“参加”',
  '体育课每周实际少于课表安排',
  '开学初按入学测试成绩编班',
  '周六组织毕业年级学生到校集体补课',
  '向学生推荐购买指定教辅材料',
  '学籍信息与实际就读学生不一致',
  '早读要求学生七点前到校',
  '公开张贴考试成绩排名',
  '个别教师在校外参与有偿补课',
];
const MEASURES = [
  '年级组每周检查作业布置记录，一二年级取消书面家庭作业',
  '重新设计报名表，由家长自愿勾选，并向家长说明可随时退出',
  '教务处每日巡课，体育课不得被占用',
  '打乱重新均衡编班，并向家长公示编班办法',
  '立即停止集体补课，已收取的费用全部退还',
  '收回推荐书目，由家长自愿选择',
  '逐一核对学籍系统与在校名单，限期更正',
  '调整作息时间，到校时间不早于七点四十分',
  '撤下排名，改为向学生本人和家长单独反馈',
  '与涉事教师谈话，签订不参与有偿补课承诺书',
];
const PARAGRAPHS = [
  '根据专项治理实施方案，我校成立了由校长任组长的自查工作组，对照十五项重点问题逐项检查，召开教师会和家长座谈会，查阅课表、作业记录和收费资料。',
  '现将发现的问题和整改情况公示如下，欢迎家长和社会各界监督。对公示内容有异议的，可以在本站举报，也可以向主管教育局反映，举报内容不会转给学校。',
  '督查组采取明察暗访、推门听课、随机访谈学生、查阅资料等方式，重点检查学区招生、编班、课后服务收费和教辅征订情况。',
  '对查实的问题，督查组当场反馈，要求学校立即整改，并在规定期限内公示整改台账；逾期未整改的，将依规追究相关人员责任。',
  '下一步，我们将建立作业公示、课表巡查和家长问卷等长效机制，每学期向家长通报一次整改进展，确保问题不反弹。',
  '家长反映的问题已逐条登记，由专人跟踪办理，办理结果在本站公示。涉及学生个人信息的内容不予公开。',
  '本次检查共抽查课表一百二十份、作业记录三百余本，访谈学生四百余人次，发放家长问卷一千二百份，回收有效问卷一千一百余份。',
];

export interface GeneratedSet {
  notices: number;
  schools: number;
  bureaus: number;
  files: number;
  bytes: number;
}

/** Writes `<dir>/content/` with `notices` notices; returns what it wrote. */
export function generateContent(dir: string, notices: number, seed = 20240428): GeneratedSet {
  const rnd = prng(seed + notices);
  const src = join(projectRoot, 'content');
  const out = join(dir, 'content');
  mkdirSync(join(out, 'notices'), { recursive: true });
  for (const name of ['site.yaml', 'categories.yaml', 'aspects.yaml', 'bureaus.yaml']) copyFileSync(join(src, name), join(out, name));

  const load = (name: string) => yaml.load(readFileSync(join(src, name), 'utf8'), { schema: yaml.CORE_SCHEMA }) as Array<Record<string, unknown>>;
  const bureaus = load('bureaus.yaml').map((b) => ({ id: String(b.id), division: String(b.division), level: String(b.level) }));
  const aspects = load('aspects.yaml').map((a) => String(a.id));
  const site = yaml.load(readFileSync(join(src, 'site.yaml'), 'utf8'), { schema: yaml.CORE_SCHEMA }) as {
    campaign: { phases: Array<{ id: string; startsOn: string }> };
  };
  const phases = site.campaign.phases;

  // Schools: one per 20 notices (at least 10), round-robin over the bureaus.
  // BENCH_SCHOOLS fixes the number of schools, so that a comparison between sizes varies the notices alone.
  const schoolCount = Number(process.env.BENCH_SCHOOLS) || Math.max(10, Math.round(notices / 20));
  const schools = Array.from({ length: schoolCount }, (_, i) => {
    const bureau = bureaus[i % bureaus.length]!;
    const level = LEVELS[i % LEVELS.length]!;
    const short = `${SURNAME_CHARS[i % SURNAME_CHARS.length]}${SURNAME_CHARS[(i * 7 + 3) % SURNAME_CHARS.length]}`;
    const name = `${bureau.division.replace('市直学校', '亳州市')}${short}第${i + 1}${LEVEL_SUFFIX[level]}（示例）`;
    // Short names, as parents say them (search and the report form find schools by them).
    const aliases = [
      `${short}${level === '初中' ? '中学' : LEVEL_SUFFIX[level]}`,
      `${short}${i + 1}号${level === '初中' ? '中' : level === '小学' ? '小' : '校'}`,
    ];
    return {
      id: `s${i + 1}-${bureau.id}`,
      name,
      aliases,
      level,
      bureau: bureau.id,
      address: `${bureau.division}${STREETS[i % STREETS.length]} ${100 + i} 号`,
      sample: true,
    };
  });
  const schoolsYaml = `# 生成的基准测试学校（${schoolCount} 所），均为虚构。\n${yaml.dump(schools, { lineWidth: -1 })}`;
  writeFileSync(join(out, 'schools.yaml'), schoolsYaml);
  let bytes = schoolsYaml.length;

  // Publication days from the launch to about two years later.
  const start = Date.parse('2024-04-28T00:00:00Z');
  const span = 760;
  const dayOf = (i: number) => new Date(start + Math.floor((i / notices) * span) * 86_400_000).toISOString().slice(0, 10);
  const phaseOn = (day: string) => phases.filter((p) => p.startsOn <= day).at(-1)?.id ?? phases[0]!.id;
  const body = (n: number) => {
    const parts = ['> 本文为生成的基准测试内容，并非真实公示。', ''];
    for (let p = 0; p < n; p++) parts.push(PARAGRAPHS[rnd.int(PARAGRAPHS.length)]!, '');
    if (rnd.next() < 0.5)
      parts.push('## 监督渠道', '', '- 在本站在线举报，可以匿名；', '- 拨打主管教育局的举报电话；', '- 举报内容只送到教育局，不会转给学校。', '');
    return parts.join('\n');
  };
  const itemsBySchool = new Map<string, number>();
  let files = 0;
  for (let i = 0; i < notices; i++) {
    const day = dayOf(i);
    const school = schools[rnd.int(schools.length)]!;
    const bureau = bureaus[rnd.int(bureaus.length)]!;
    const r = rnd.next();
    const kind = r < 0.35 ? 'self-inspection' : r < 0.75 ? 'rectification' : r < 0.87 ? 'bulletin' : r < 0.93 ? 'exposure' : 'announcement';
    const id = `${day}-${kind === 'self-inspection' || kind === 'rectification' ? school.id : bureau.id}-${kind}-${i}`;
    const aspectList = Array.from(new Set([rnd.pick(aspects), rnd.pick(aspects)]));
    const data: Record<string, unknown> = { kind, title: '', publishedOn: day, phase: phaseOn(day), summary: '', aspects: aspectList, sample: true };
    if (kind === 'self-inspection') {
      Object.assign(data, {
        school: school.id,
        title: `${school.name}专项治理自查自纠情况公示（第 ${i + 1} 号）`,
        summary: `我校对照五类十五项问题完成自查，发现 ${1 + rnd.int(3)} 个问题，已当即整改。`,
        selfScore: 80 + rnd.int(21),
      });
    } else if (kind === 'rectification') {
      const known = itemsBySchool.get(school.id) ?? 0;
      const rows = 2 + rnd.int(5);
      const ledger = Array.from({ length: rows }, (_, j) => {
        // Half the rows follow up an earlier item of the school (updating its status), the rest add new ones.
        const follow = known > 0 && rnd.next() < 0.5;
        const item = follow ? `problem-${1 + rnd.int(known)}` : `problem-${known + j + 1}`;
        const p = rnd.int(PROBLEMS.length);
        const row: Record<string, unknown> = {
          item,
          problem: PROBLEMS[p],
          source: rnd.pick(SOURCES),
          aspect: rnd.pick(aspects),
          measure: MEASURES[p],
          responsible: rnd.pick(OFFICES),
          deadline: dayOf(Math.min(notices - 1, i + rnd.int(Math.max(1, notices / 10)))),
          status: rnd.pick(STATUSES),
        };
        if (rnd.next() < 0.3) row.note = '已安排专人跟踪';
        return row;
      });
      // Item ids are unique within one notice.
      const seen = new Set<string>();
      for (const row of ledger) {
        while (seen.has(row.item as string)) row.item = `problem-${known + rows + seen.size + 1}`;
        seen.add(row.item as string);
      }
      itemsBySchool.set(school.id, known + rows);
      Object.assign(data, {
        school: school.id,
        title: `${school.name}整改情况公示（第 ${i + 1} 号）`,
        summary: `自查和督查发现 ${rows} 个问题，正在按台账逐项整改。`,
        ledger,
      });
    } else if (kind === 'bulletin' || kind === 'exposure') {
      const count = (kind === 'exposure' ? 1 : 0) + rnd.int(4);
      const own = schools.filter((s) => s.bureau === bureau.id);
      const findings = Array.from({ length: count }, () => {
        const p = rnd.int(PROBLEMS.length);
        return {
          school: rnd.pick(own.length > 0 ? own : schools).id,
          aspect: rnd.pick(aspects),
          finding: `${PROBLEMS[p]}，经核查属实`,
          sanction: rnd.pick(SANCTIONS),
        };
      });
      Object.assign(data, {
        bureau: bureau.id,
        title: `${bureau.division}专项治理${kind === 'exposure' ? '典型问题曝光' : '督查通报'}（第 ${i + 1} 号）`,
        summary: `督查 ${3 + rnd.int(20)} 所学校，查实 ${count} 个问题。`,
        findings,
      });
    } else {
      Object.assign(data, {
        bureau: bureau.id,
        title: `${bureau.division}专项治理工作动态（第 ${i + 1} 号）`,
        summary: '召开专项治理推进会，部署下一阶段工作。',
      });
    }
    const text = `---\n${yaml.dump(data, { lineWidth: -1 })}---\n\n${body(2 + rnd.int(4))}`;
    writeFileSync(join(out, 'notices', `${id}.md`), text);
    bytes += Buffer.byteLength(text);
    files++;
  }
  return { notices, schools: schoolCount, bureaus: bureaus.length, files, bytes };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const [dir, count] = process.argv.slice(2);
  if (!dir || !count || !Number.isInteger(Number(count))) {
    console.error('usage: npx tsx bench/generate.ts <out-dir> <notices>');
    process.exit(2);
  }
  const set = generateContent(resolve(dir), Number(count));
  console.log(
    `wrote ${set.files} notices, ${set.schools} schools, ${set.bureaus} bureaus (${(set.bytes / 1e6).toFixed(1)} MB) into ${resolve(dir, 'content')}`,
  );
}
