import { formatDate } from '../domain/dates';
import { noticeKindLabel } from '../catalogue/labels';
import { aroundFirstMark, fold, markText } from './marks';
import { nameScore } from './names';
import { contextLine, GROUP_LIMITS, groupHits, schoolFacts, type Hit, type HitGroup } from './results';
import { kindOfNotice, type SearchIndex } from './searchIndex';

/**
 * Substring matching over the compact index, for the no-JavaScript answer.
 * Each field has a weight: a school's name or alias 3 (names.ts), a notice's title 3,
 * the school or aspect a notice concerns 2, its bureau 1, an aspect's
 * description or examples 1. With `every`, each needle must be found in
 * some field; with `some`, at least one. Ranked by total weight (+3 for a
 * name or alias equal to the needle, +1 for one starting with it); ties:
 * shorter names first, notices newest first. With `some`, only the entries
 * that contain the most needles are kept: for 星河小学补课 the pages about
 * 星河小学, not every page that says 小学.
 */
export function matchIndex(index: SearchIndex, needles: readonly string[], mode: 'every' | 'some'): HitGroup[] {
  const f = prepared(index);
  const hasAny = (texts: string[], needle: string) => texts.some((t) => t.includes(needle));

  const schoolWeights = f.schools.map((names) => needles.map((n) => nameScore(names, n)));
  const aspectWeights = f.aspects.map((a) => needles.map((n) => nameScore([a.name], n) || (hasAny(a.rest, n) ? 1 : 0)));
  const bureauWeights = f.bureaus.map((names) => needles.map((n) => nameScore(names, n)));

  const notices = scoreNotices(f, needles, schoolWeights, aspectWeights, bureauWeights);
  // With `some`: how many needles the best entry of any kind contains.
  const found = (weights: number[]) => weights.filter((w) => w > 0).length;
  const most =
    mode === 'every' ? needles.length : Math.max(0, ...[schoolWeights, aspectWeights, bureauWeights].flatMap((list) => list.map(found)), notices.most);
  const weigh = (weights: number[]) => (found(weights) < most ? 0 : combine(weights, mode));
  const ranked = {
    school: rank(schoolWeights.map(weigh), (i) => index.schools[i]!.name.length),
    aspect: rank(aspectWeights.map(weigh), (i) => index.aspects[i]!.name.length),
    bureau: rank(bureauWeights.map(weigh), (i) => index.bureaus[i]!.name.length),
    notice: rankNotices(notices.score, notices.count, most),
  };
  const hits: Hit[] = [
    ...ranked.school.top.map((i) => schoolHit(index, i, needles)),
    ...ranked.aspect.top.map((i) => aspectHit(index, i, needles)),
    ...ranked.notice.top.map((i) => noticeHit(index, i, needles)),
    ...ranked.bureau.top.map((i) => bureauHit(index, i, needles)),
  ];
  return groupHits(hits, { school: ranked.school.total, aspect: ranked.aspect.total, notice: ranked.notice.total, bureau: ranked.bureau.total });
}

/** Sum of the weights when every needle (or, with `some`, any) was found; else 0. */
function combine(weights: number[], mode: 'every' | 'some'): number {
  if (mode === 'every' && weights.some((w) => w === 0)) return 0;
  return weights.reduce((a, b) => a + b, 0);
}

function rank(scores: number[], length: (i: number) => number): { total: number; top: number[] } {
  const matched = scores.flatMap((s, i) => (s > 0 ? [i] : []));
  matched.sort((a, b) => scores[b]! - scores[a]! || length(a) - length(b) || a - b);
  return { total: matched.length, top: matched };
}

/**
 * Per notice, the sum of its weights (3 the title, 2 its school or aspect,
 * 1 its bureau) and how many needles it contains. At 20,000 notices this is
 * most of the work, so titles are searched as one string (one indexOf scan
 * is ~100× faster than 20,000 includes) and schools, aspects and bureaus
 * through the notices that name them.
 */
function scoreNotices(f: Prepared, needles: readonly string[], schools: number[][], aspects: number[][], bureaus: number[][]) {
  const size = f.offsets.length;
  const score = new Int32Array(size);
  const count = new Uint8Array(size);
  const weight = new Uint8Array(size);
  const raise = (list: Int32Array | undefined, w: number) => {
    if (list) for (const i of list) if (weight[i]! < w) weight[i] = w;
  };
  needles.forEach((needle, k) => {
    weight.fill(0);
    for (let at = f.joined.indexOf(needle); at >= 0; at = f.joined.indexOf(needle, at + 1)) weight[titleAt(f.offsets, at)] = 3;
    schools.forEach((w, s) => w[k]! > 0 && raise(f.bySchool[s], 2));
    aspects.forEach((w, a) => w[k]! >= 3 && raise(f.byAspect[a], 2));
    bureaus.forEach((w, b) => w[k]! > 0 && raise(f.byBureau[b], 1));
    for (let i = 0; i < size; i++) {
      if (weight[i] === 0) continue;
      score[i]! += weight[i]!;
      count[i]!++;
    }
  });
  let most = 0;
  for (let i = 0; i < size; i++) if (count[i]! > most) most = count[i]!;
  return { score, count, most };
}

/** The title a position of the joined titles falls in (binary search over their starts). */
function titleAt(offsets: Int32Array, at: number): number {
  let lo = 0;
  let hi = offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Notices with `most` needles, bucketed by score (small integers) instead of sorted; each bucket stays newest first. */
function rankNotices(score: Int32Array, count: Uint8Array, most: number) {
  const buckets = new Map<number, number[]>();
  let total = 0;
  for (let i = 0; i < score.length; i++) {
    if (count[i]! < most || score[i] === 0) continue;
    total++;
    const bucket = buckets.get(score[i]!);
    if (!bucket) buckets.set(score[i]!, [i]);
    else if (bucket.length < GROUP_LIMITS.notice) bucket.push(i);
  }
  const top = [...buckets.entries()]
    .sort((a, b) => b[0] - a[0])
    .flatMap(([, list]) => list)
    .slice(0, GROUP_LIMITS.notice);
  return { total, top };
}

const cache = new WeakMap<SearchIndex, ReturnType<typeof prepare>>();
const prepared = (index: SearchIndex) => {
  let found = cache.get(index);
  if (!found) cache.set(index, (found = prepare(index)));
  return found;
};

type Prepared = ReturnType<typeof prepare>;

/** Folded copies of every field and the notices of each school, aspect and bureau, made once per index. */
function prepare(index: SearchIndex) {
  const n = index.notices;
  // Titles joined by a character no needle contains (normalise() turns controls into nothing).
  const titles = n.title.map(fold);
  const offsets = new Int32Array(titles.length);
  let at = 0;
  titles.forEach((t, i) => {
    offsets[i] = at;
    at += t.length + 1;
  });
  const lists = (size: number, of: (i: number) => number[]) => {
    const out: number[][] = Array.from({ length: size }, () => []);
    for (let i = 0; i < n.id.length; i++) for (const x of of(i)) out[x]?.push(i);
    return out.map((list) => Int32Array.from(list));
  };
  return {
    schools: index.schools.map((s) => [s.name, ...s.aliases].map(fold)),
    aspects: index.aspects.map((a) => ({ name: fold(a.name), rest: [a.description, ...a.examples, a.category].map(fold) })),
    bureaus: index.bureaus.map((b) => [b.name, b.division].map(fold)),
    joined: titles.join('\u0000'),
    offsets,
    bySchool: lists(index.schools.length, (i) => n.schools[i]!),
    byAspect: lists(index.aspects.length, (i) => n.aspects[i]!),
    byBureau: lists(index.bureaus.length, (i) => [n.bureau[i]!]),
  };
}

const bureauName = (index: SearchIndex, i: number) => index.bureaus[i]?.name ?? '';

function schoolHit(index: SearchIndex, i: number, needles: readonly string[]): Hit {
  const s = index.schools[i]!;
  return {
    kind: 'school',
    url: `/schools/${s.id}/`,
    title: markText(s.name, needles),
    context: contextLine.school(s.level, bureauName(index, s.bureau)),
    excerpt: aroundFirstMark(markText(schoolFacts(s), needles)),
  };
}

function aspectHit(index: SearchIndex, i: number, needles: readonly string[]): Hit {
  const a = index.aspects[i]!;
  const texts = [a.description, ...a.examples];
  const line = texts.find((t) => needles.some((n) => fold(t).includes(n))) ?? a.description;
  return {
    kind: 'aspect',
    url: `/aspects/${a.id}/`,
    title: markText(a.name, needles),
    context: contextLine.aspect(a.category),
    excerpt: aroundFirstMark(markText(line, needles)),
  };
}

function noticeHit(index: SearchIndex, i: number, needles: readonly string[]): Hit {
  const n = index.notices;
  const schools = n.schools[i]!.map((s) => index.schools[s]!.name);
  const aspects = n.aspects[i]!.map((a) => index.aspects[a]!.name);
  const about = [schools.length > 0 ? `学校：${schools.join('、')}` : '', aspects.length > 0 ? `问题：${aspects.join('、')}` : ''].filter(Boolean).join('；');
  return {
    kind: 'notice',
    url: `/notices/${n.id[i]}/`,
    title: markText(n.title[i]!, needles),
    context: contextLine.notice(
      noticeKindLabel[kindOfNotice(index, i)],
      index.schools[n.publisher[i]!]?.name ?? bureauName(index, n.bureau[i]!),
      formatDate(n.date[i]!),
    ),
    excerpt: aroundFirstMark(markText(about, needles)),
  };
}

function bureauHit(index: SearchIndex, i: number, needles: readonly string[]): Hit {
  const b = index.bureaus[i]!;
  return { kind: 'bureau', url: `/bureaus/${b.id}/`, title: markText(b.name, needles), context: contextLine.bureau(b.division), excerpt: [] };
}
