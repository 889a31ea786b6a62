import { readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import type { AstroIntegration } from 'astro';
// Imported up front: Astro closes the module runner that loaded this config before astro:build:done.
import * as pagefind from 'pagefind';
import { splitFrontmatter } from '../content/frontmatter';
import { aspectSchema, categorySchema } from '../schemas/taxonomy';
import { bureauSchema, schoolSchema } from '../schemas/organisations';
import { noticeSchema } from '../schemas/notices';
import { buildSearchIndex, type IndexedContent } from '../search/searchIndex';

/** The compact index's file, beside the server bundle. */
export const SEARCH_INDEX_FILE = 'search-index.json';

/** The module the server imports the compact index from (src/search/virtual.d.ts). */
export const SEARCH_INDEX_MODULE = 'virtual:schoolwatch/search-index';
const RESOLVED = `\0${SEARCH_INDEX_MODULE}`;

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
  let root: URL;
  let built: Promise<string> | undefined;
  const indexJson = () => (built ??= readIndexedContent(root).then((content) => JSON.stringify(buildSearchIndex(content))));
  let command = 'build';
  let serverDir: URL;
  return {
    name: 'schoolwatch-search-index',
    hooks: {
      'astro:config:done': ({ config }) => {
        serverDir = config.build.server;
      },
      'astro:config:setup': ({ config, updateConfig, command: running }) => {
        root = config.root;
        command = running;
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'schoolwatch-search-index',
                resolveId: (id: string) => (id === SEARCH_INDEX_MODULE ? RESOLVED : undefined),
                // The index is data that grows with the notices: in a build it is a
                // file beside the server bundle (written below, and copied into
                // Vercel's function: astro.config.mjs includeFiles), read on the
                // first search, so that the bundle itself stays the same size
                // whatever is published. `astro dev` inlines it.
                async load(id: string) {
                  if (id !== RESOLVED) return undefined;
                  if (command === 'dev') return `const index = JSON.parse(${JSON.stringify(await indexJson())});\nexport default async () => index;\n`;
                  // Built at run time, so that the bundler leaves the path alone: the chunk is in <server>/chunks/.
                  return `import { readFile } from 'node:fs/promises';\nlet index;\nexport default () => (index ??= readFile(new URL(['..', '${SEARCH_INDEX_FILE}'].join('/'), import.meta.url), 'utf8').then(JSON.parse));\n`;
                },
                configureServer(server) {
                  // `astro dev`: a content edit rebuilds the index on the next request.
                  server.watcher.on('all', (_event: string, path: string) => {
                    if (!path.startsWith(fileURLToPath(new URL('content/', root)))) return;
                    built = undefined;
                    const mod = server.moduleGraph.getModuleById(RESOLVED);
                    if (mod) server.moduleGraph.invalidateModule(mod);
                  });
                },
              },
            ],
          },
        });
      },
      'astro:build:generated': async () => {
        await writeFile(fileURLToPath(new URL(SEARCH_INDEX_FILE, serverDir)), await indexJson());
      },
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const started = performance.now();
        try {
          const { index, errors } = await pagefind.createIndex({});
          if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
          const added = await index.addDirectory({ path: site });
          if (added.errors.length > 0) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
          const output = join(site, 'pagefind');
          const written = await index.writeFiles({ outputPath: output });
          if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
          for (const name of await readdir(output)) if (UNUSED_PAGEFIND_FILES.test(name)) await rm(join(output, name));
          const bytes = await sizeOf(output);
          // Pagefind reads every page and indexes those with data-pagefind-body.
          const entry = JSON.parse(await readFile(join(output, 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { page_count: number }> };
          const indexed = Object.values(entry.languages).reduce((n, l) => n + l.page_count, 0);
          logger.info(`pagefind: ${indexed} of ${added.page_count} pages indexed in ${Math.round(performance.now() - started)} ms; pagefind/ is ${bytes} bytes`);
        } finally {
          await pagefind.close();
        }
      },
    },
  };
}

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** The content the compact index needs, read straight from content/. */
export async function readIndexedContent(root: URL): Promise<IndexedContent> {
  const path = (name: string) => fileURLToPath(new URL(`content/${name}`, root));
  const list = async <T>(name: string, schema: { safeParse(v: unknown): { success: boolean; data?: T } }): Promise<T[]> => {
    let data: unknown;
    try {
      data = yaml.load(await readFile(path(name), 'utf8'), { filename: name, schema: yaml.CORE_SCHEMA });
    } catch {
      return []; // src/catalog/registry.ts fails the build on it, naming the file
    }
    return (Array.isArray(data) ? data : []).flatMap((item) => {
      const parsed = schema.safeParse(item);
      return parsed.success ? [parsed.data!] : [];
    });
  };
  const dir = path('notices');
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.md')).sort();
  const notices: IndexedContent['notices'] = [];
  const BATCH = 64;
  for (let i = 0; i < files.length; i += BATCH) {
    const batch = await Promise.all(
      files.slice(i, i + BATCH).map(async (file) => {
        const id = file.slice(0, -3).split(sep).join('/');
        try {
          const { data } = splitFrontmatter(await readFile(join(dir, file), 'utf8'), file);
          const parsed = noticeSchema.safeParse(data);
          return parsed.success ? [{ id, data: parsed.data }] : [];
        } catch {
          return [];
        }
      }),
    );
    notices.push(...batch.flat());
  }
  return {
    categories: await list('categories.yaml', categorySchema),
    aspects: await list('aspects.yaml', aspectSchema),
    bureaus: await list('bureaus.yaml', bureauSchema),
    schools: await list('schools.yaml', schoolSchema),
    notices,
  };
}
