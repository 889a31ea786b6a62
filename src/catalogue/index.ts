/**
 * The catalogue: everything the site publishes from content/ (settings,
 * taxonomy, bureaus, schools, notices), from the files to what pages and the
 * server read. Content is parsed here and nowhere else.
 *
 * What lives where:
 * - schemas/        the zod schema of each kind of content; every field is documented there.
 * - read.ts         how a content file becomes data: YAML (CORE schema), the schemas, an editor's error messages.
 * - frontmatter.ts  a notice's frontmatter and body, dates kept as written.
 * - registry.ts     settings, taxonomy, bureaus and schools, bundled as text and parsed once per process: what
 *                   on-demand pages and the composition root read (`registry`, `directoryFrom`).
 * - sources.ts      where notices come from (`NoticeSource`: content/notices today, the store next) and the one
 *                   function that merges them (`mergeNotices`).
 * - storeNotices.ts a notice published through the site (the store's record) as a content notice, and as Markdown
 *                   in the content format (`npm run notices:export`).
 * - load.ts         the whole content for prerendered pages (`loadContent`): registry + notices, integrity checked.
 *                   It reads Astro's collection, so only prerendered pages import it (by path, not from here).
 * - integrity.ts    references between files (a notice's school exists, …), checked once per build.
 * - lookup.ts, indexes.ts, notices.ts, ledger.ts, phases.ts, labels.ts, feed.ts, dates.ts
 *                   pure helpers over loaded content: by id, by school/aspect/publisher, ledgers, phases, feeds.
 * - ledgerIndex.ts  every ledger row by `<notice>#<row>`, what complaints about a ledger item point at.
 * - build/          build time only, imported by path from astro.config.mjs and content.config.ts:
 *                   markdownLoader.ts (the notices collection), besideBundle.ts (JSON files written beside the
 *                   server bundle, read on first use through a virtual module), ledgerIndexFile.ts (one of them).
 *
 * This file re-exports what pages, services and tests may use at run time.
 */
export { registry, directoryFrom, type Registry } from './registry';
export { mergeNotices, type NoticeEntry, type NoticeOverride, type NoticeSource } from './sources';
export { storeEntry, noticeMarkdown } from './storeNotices';
export { checkIntegrity, describeProblems, type ContentSet, type IntegrityProblem } from './integrity';
export { lookup } from './lookup';
export { indexes } from './indexes';
export { newestFirst, schoolsOf, aspectsOf, NOTICE_PAGE_SIZE } from './notices';
export { countLedger, ledgerItems, type LedgerCounts, type LedgerItem } from './ledger';
export { buildLedgerIndex, ledgerKey, type LedgerEntry, type LedgerIndex } from './ledgerIndex';
export { currentPhase, phaseState } from './phases';
export { noticeKindLabel } from './labels';
export { feedItems } from './feed';
export { formatDate } from '../domain/dates';
