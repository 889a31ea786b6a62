/**
 * The search query table: what a parent types, and the page that must come
 * first (`within: 1`) or among the first three (`within: 3`) of the results
 * as the page lists them (schools, bureaus, kinds of problem, notices). The
 * expected pages are written out from reading the sample content, never
 * computed by the search code. Run against the Pagefind index in Node and
 * the no-JavaScript endpoint (tests/site/search.test.ts), and a subset in
 * Chromium (tests/browser/search.test.ts).
 */
export interface SearchCase {
  query: string;
  /** Path of the page expected. */
  expect: string;
  within: 1 | 3;
  /** What the row tests. */
  why: 'school name' | 'short name' | 'alias' | 'former name' | 'bureau' | 'problem word' | 'notice phrase' | 'mixed' | 'function words' | 'notice text';
  /**
   * Only one answer can find it: notice text (bodies) is in Pagefind's index
   * only; the no-JavaScript index has titles, names and aliases.
   */
  only?: 'pagefind' | 'server';
}

export const searchCases: SearchCase[] = [
  // Schools by name, short name, alias and former name.
  { query: '星河', expect: '/schools/qc-xinghe-primary/', within: 1, why: 'short name' },
  { query: '星河小学', expect: '/schools/qc-xinghe-primary/', within: 1, why: 'short name' },
  { query: '谯城区星河小学', expect: '/schools/qc-xinghe-primary/', within: 1, why: 'school name' },
  { query: '星河路小学', expect: '/schools/qc-xinghe-primary/', within: 1, why: 'former name' },
  { query: '三中', expect: '/schools/city-qingtong-middle/', within: 3, why: 'alias' },
  { query: '三中', expect: '/schools/gy-xiangyun-middle/', within: 3, why: 'alias' },
  { query: '市三中', expect: '/schools/city-qingtong-middle/', within: 1, why: 'alias' },
  { query: '县三中', expect: '/schools/gy-xiangyun-middle/', within: 1, why: 'alias' },
  { query: '青桐中学', expect: '/schools/city-qingtong-middle/', within: 1, why: 'short name' },
  { query: '云鹤', expect: '/schools/city-yunhe-primary/', within: 1, why: 'short name' },
  { query: '市一小', expect: '/schools/city-yunhe-primary/', within: 1, why: 'alias' },
  { query: '县一中', expect: '/schools/gy-feiyan-middle/', within: 1, why: 'alias' },
  { query: '区二中', expect: '/schools/qc-lushui-middle/', within: 1, why: 'alias' },
  { query: '城关二中', expect: '/schools/mc-songtao-middle/', within: 1, why: 'alias' },
  { query: '玉泉镇中心学校', expect: '/schools/lx-yuquan-school/', within: 1, why: 'former name' },
  { query: '鹤鸣初中', expect: '/schools/lx-heming-middle/', within: 1, why: 'alias' },
  { query: '溪山', expect: '/schools/mc-xishan-middle/', within: 1, why: 'short name' },
  { query: '桃溪', expect: '/schools/qc-taoxi-primary/', within: 1, why: 'short name' },
  { query: '竹林学校', expect: '/schools/qc-zhulin-school/', within: 1, why: 'short name' },
  { query: '凌波', expect: '/schools/gy-lingbo-school/', within: 1, why: 'short name' },
  { query: '秋月中学', expect: '/schools/lx-qiuyue-middle/', within: 1, why: 'short name' },
  { query: '亳州市晴川小学', expect: '/schools/city-qingchuan-primary/', within: 1, why: 'school name' },
  // Bureaus.
  { query: '谯城区教育局', expect: '/bureaus/qiaocheng/', within: 1, why: 'bureau' },
  { query: '利辛县教育局', expect: '/bureaus/lixin/', within: 1, why: 'bureau' },
  // Problem words: the kind of problem first.
  { query: '补课', expect: '/aspects/holiday-classes/', within: 1, why: 'problem word' },
  { query: '补课', expect: '/aspects/paid-tutoring/', within: 3, why: 'problem word' },
  { query: '有偿补课', expect: '/aspects/paid-tutoring/', within: 1, why: 'problem word' },
  { query: '教辅', expect: '/aspects/forced-materials/', within: 3, why: 'problem word' },
  { query: '教辅', expect: '/aspects/materials-kickbacks/', within: 3, why: 'problem word' },
  { query: '乱收费', expect: '/aspects/after-school-fees/', within: 1, why: 'problem word' },
  { query: '收费', expect: '/aspects/after-school-fees/', within: 1, why: 'problem word' },
  { query: '资料费', expect: '/aspects/after-school-fees/', within: 1, why: 'problem word' },
  { query: '作业', expect: '/aspects/homework/', within: 1, why: 'problem word' },
  { query: '作业太多', expect: '/aspects/homework/', within: 1, why: 'problem word' },
  { query: '快慢班', expect: '/aspects/streamed-classes/', within: 1, why: 'problem word' },
  { query: '重点班', expect: '/aspects/streamed-classes/', within: 1, why: 'problem word' },
  { query: '分班', expect: '/aspects/streamed-classes/', within: 1, why: 'problem word' },
  { query: '学籍', expect: '/aspects/student-records/', within: 1, why: 'problem word' },
  { query: '强制课后服务', expect: '/aspects/compulsory-after-school/', within: 1, why: 'problem word' },
  { query: '排名', expect: '/aspects/exams-rankings/', within: 1, why: 'problem word' },
  { query: '学区', expect: '/aspects/catchment-enrolment/', within: 1, why: 'problem word' },
  { query: '掐尖', expect: '/aspects/selective-enrolment/', within: 1, why: 'problem word' },
  { query: '课间十分钟', expect: '/aspects/schedule/', within: 1, why: 'problem word' },
  { query: '回扣', expect: '/aspects/materials-kickbacks/', within: 1, why: 'problem word' },
  // Notices by words of their titles.
  { query: '暑期补课', expect: '/notices/2024-09-10-city-songfeng-rectification/', within: 1, why: 'notice phrase' },
  { query: '寒假违规补课', expect: '/notices/2025-02-26-gy-winter-bulletin/', within: 1, why: 'notice phrase' },
  { query: '第一次督查通报', expect: '/notices/2024-10-25-qc-bulletin/', within: 1, why: 'notice phrase' },
  { query: '中期督导', expect: '/notices/2024-12-16-city-midterm-review/', within: 1, why: 'notice phrase' },
  { query: '动员部署', expect: '/notices/2024-05-08-qc-deployment/', within: 1, why: 'notice phrase' },
  { query: '秋季招生', expect: '/notices/2025-09-25-city-enrolment-bulletin/', within: 1, why: 'notice phrase' },
  // Notice text that is only in the bodies.
  { query: '推门听课', expect: '/notices/2024-10-25-qc-bulletin/', within: 3, why: 'notice text', only: 'pagefind' },
  // A school and a problem together.
  { query: '星河 作业', expect: '/notices/2024-06-14-qc-xinghe-self-inspection/', within: 3, why: 'mixed' },
  { query: '星河 作业', expect: '/notices/2024-07-10-qc-xinghe-rectification/', within: 3, why: 'mixed' },
  { query: '青桐 补课', expect: '/notices/2024-07-12-city-qingtong-rectification/', within: 3, why: 'mixed' },
  { query: '松风 补课', expect: '/notices/2024-09-10-city-songfeng-rectification/', within: 1, why: 'mixed' },
  { query: '溪山中学 教辅', expect: '/notices/2025-01-22-mc-exposure/', within: 3, why: 'mixed' },
  { query: '谯城区 有偿补课', expect: '/notices/2025-03-12-qc-exposure/', within: 1, why: 'mixed' },
  { query: '曝光 教辅', expect: '/notices/2025-01-22-mc-exposure/', within: 3, why: 'mixed' },
  { query: '涡阳 补课', expect: '/notices/2025-02-26-gy-winter-bulletin/', within: 3, why: 'mixed' },
  { query: '星河小学补课', expect: '/schools/qc-xinghe-primary/', within: 1, why: 'mixed' },
  // Function words dropped from longer queries.
  { query: '星河小学的作业', expect: '/notices/2024-06-14-qc-xinghe-self-inspection/', within: 3, why: 'function words' },
  { query: '补课了吗', expect: '/aspects/holiday-classes/', within: 1, why: 'function words' },
  { query: '溪山中学和教辅', expect: '/notices/2025-01-22-mc-exposure/', within: 3, why: 'function words' },
];

/** The rows the browser test types: each kind of query at least once. */
const BROWSER_QUERIES = new Set(['星河', '市三中', '县一中', '谯城区教育局', '补课', '乱收费', '暑期补课', '推门听课', '青桐 补课', '星河小学的作业']);
export const browserCases = searchCases.filter((c) => BROWSER_QUERIES.has(c.query));

/** Where a case's expected page is among result paths: 1-based, or 0 when missing. */
export function rankOf(paths: readonly string[], expect: string): number {
  return paths.indexOf(expect) + 1;
}
