import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
// Imported up front: Astro closes the module runner that loaded this config before astro:build:done.
import * as pagefind from 'pagefind';
import { buildSearchIndex } from '../search/searchIndex';
import { jsonBesideBundle, readIndexedContent } from '../catalogue/build/besideBundle';
import { contextLine, schoolFacts } from '../search/results';

/** The compact index's file, beside the server bundle. */
export const SEARCH_INDEX_FILE = 'search-index.json';

/** The module the server imports the compact index from (src/search/virtual.d.ts). */
export const SEARCH_INDEX_MODULE = 'virtual:schoolwatch/search-index';

/** Files Pagefind writes that the site does not use (its ready-made search UIs). */
const UNUSED_PAGEFIND_FILES = /^pagefind-(ui|modular-ui|component-ui|highlight)\.(js|css)$/;

/**
 * Search, at build time (docs in README.md, "Search"):
 * - serves `virtual:schoolwatch/search-index`, the compact index of names,
 *   aliases and titles (src/search/searchIndex.ts) that the no-JavaScript
 *   /search/ page answers from. It reads content/ directly, as the loaders
 *   do (js-yaml CORE schema, the same zod schemas), and only the frontmatter
 *   of each notice, so the server bundle never carries Astro's content store;
 * - after `astro build`, indexes the written pages with Pagefind into
 *   `<client dir>/pagefind/` for the browser. The client dir follows
 *   SCHOOLWATCH_OUT_DIR, and the Vercel adapter copies it into
 *   .vercel/output/static after this hook.
 * Entries that fail their schema are left out here: the content loaders
 * fail the build on them with the file and field at fault.
 */
export function searchIndex(): AstroIntegration {
  const compact = jsonBesideBundle({ name: 'schoolwatch-search-index', module: SEARCH_INDEX_MODULE, file: SEARCH_INDEX_FILE, make: buildSearchIndex });
  let root: URL | undefined;
  return {
    ...compact,
    hooks: {
      ...compact.hooks,
      'astro:config:done': async (options) => {
        root = options.config.root;
        await compact.hooks['astro:config:done']?.(options);
      },
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const started = performance.now();
        try {
          const { index, errors } = await pagefind.createIndex({});
          if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
          const added = await index.addDirectory({ path: site });
          if (added.errors.length > 0) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
          if (root) await addSchools(index, root);
          if (root) await addBureausAndAspects(index, root);
          const output = join(site, 'pagefind');
          const written = await index.writeFiles({ outputPath: output });
          if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
          for (const name of await readdir(output)) if (UNUSED_PAGEFIND_FILES.test(name)) await rm(join(output, name));
          const bytes = await sizeOf(output);
          // Pagefind reads every page and indexes those with data-pagefind-body.
          const entry = JSON.parse(await readFile(join(output, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
          const indexed = Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
          logger.info(
            `pagefind: ${indexed} of ${added.page_count} pages indexed in ${Math.round(performance.now() - started)} ms; pagefind/ is ${bytes} bytes`,
          );
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}

/**
 * School pages are rendered on demand (their ledgers change with every notice published in the site), so
 * Pagefind finds no file for them: each school is added as the record its page would give (the name and
 * the facts the page marks data-pagefind-body, the same metadata and filters as SearchMeta.astro).
 */
async function addSchools(index: pagefind.PagefindIndex, root: URL) {
  const content = await readIndexedContent(root);
  const bureaus = new Map(content.bureaus.map((b) => [b.id, b.name]));
  for (const school of content.schools) {
    const bureau = bureaus.get(school.bureau) ?? '';
    const facts = [school.aliases.length > 0 ? `又称 ${school.aliases.join('、')}` : '', `学段 ${school.level}`, `地址 ${school.address}`]
      .filter(Boolean)
      .join(' ');
    const added = await index.addCustomRecord({
      url: `/schools/${school.id}/`,
      content: `${school.name}${school.sample ? ' 示例' : ''} ${facts}`,
      language: PAGE_LANGUAGE,
      meta: {
        kind: 'school',
        title: school.name,
        context: contextLine.school(school.level, bureau),
        bureau,
        school: school.name,
        excerpt: schoolFacts(school),
      },
      filters: { kind: ['school'], bureau: [bureau], school: [school.name] },
    });
    if (added.errors.length > 0) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
  }
}

/**
 * Bureau and aspect pages are rendered on demand too (they list notices published in the site): each is
 * added as the record its page would give, the text its page marks data-pagefind-body, with SearchMeta's
 * metadata and filters.
 */
async function addBureausAndAspects(index: pagefind.PagefindIndex, root: URL) {
  const content = await readIndexedContent(root);
  const categories = new Map(content.categories.map((c) => [c.id, c.name]));
  const records = [
    ...content.bureaus.map((bureau) => ({
      url: `/bureaus/${bureau.id}/`,
      content: [
        bureau.name,
        bureau.sample ? '示例' : '',
        `主管${bureau.division}的义务教育学校。对这些学校的举报，由本局受理和答复。`,
        bureau.phone,
        bureau.hours,
        bureau.email,
        bureau.address,
      ]
        .filter(Boolean)
        .join(' '),
      meta: { kind: 'bureau', title: bureau.name, context: contextLine.bureau(bureau.division), bureau: bureau.name },
      filters: { kind: ['bureau'], bureau: [bureau.name] },
    })),
    ...content.aspects.map((aspect) => ({
      url: `/aspects/${aspect.id}/`,
      content: [aspect.name, aspect.description, ...aspect.examples].join(' '),
      meta: { kind: 'aspect', title: aspect.name, context: contextLine.aspect(categories.get(aspect.category) ?? '') },
      filters: { kind: ['aspect'] },
    })),
  ];
  for (const record of records) {
    const added = await index.addCustomRecord({ ...record, language: PAGE_LANGUAGE });
    if (added.errors.length > 0) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
  }
}

/** The pages' language as Pagefind reads it from <html lang> (Base.astro). */
const PAGE_LANGUAGE = 'zh-cn';

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}
