import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import type { AstroIntegration } from 'astro';
import { splitFrontmatter } from '../frontmatter';
import { aspectSchema, categorySchema } from '../schemas/taxonomy';
import { bureauSchema, schoolSchema } from '../schemas/organisations';
import { noticeSchema } from '../schemas/notices';
import type { IndexedContent } from '../../search/searchIndex';

// content/ is read once per build, whichever index asks first; a new build,
// or a content edit under `astro dev`, forgets it.
let content: { root: string; read: Promise<IndexedContent> } | undefined;
const contentOf = (root: URL) => {
  if (content?.root !== root.href) content = { root: root.href, read: readIndexedContent(root) };
  return content.read;
};

/**
 * Data made from content/ that grows with it (the search index, the ledger
 * rows), kept out of the server bundle so that the bundle stays the same size
 * whatever is published: a build writes `file` as JSON beside the server
 * bundle (Vercel's function copies it: astro.config.mjs includeFiles), and the
 * virtual module `module` reads it on first use; `astro dev` inlines it and
 * makes it again after a content edit.
 */
export function jsonBesideBundle(options: { name: string; module: string; file: string; make: (content: IndexedContent) => unknown }): AstroIntegration {
  const resolved = `\0${options.module}`;
  let root: URL;
  let serverDir: URL;
  let command = 'build';
  let built: Promise<string> | undefined;
  const json = () => (built ??= contentOf(root).then((c) => JSON.stringify(options.make(c))));
  return {
    name: options.name,
    hooks: {
      'astro:config:done': ({ config }) => {
        serverDir = config.build.server;
      },
      'astro:config:setup': ({ config, updateConfig, command: running }) => {
        root = config.root;
        command = running;
        content = undefined;
        built = undefined;
        updateConfig({
          vite: {
            plugins: [
              {
                name: options.name,
                resolveId: (id: string) => (id === options.module ? resolved : undefined),
                async load(id: string) {
                  if (id !== resolved) return undefined;
                  if (command === 'dev') return `const data = JSON.parse(${JSON.stringify(await json())});\nexport default async () => data;\n`;
                  // The path is made at run time so that the bundler leaves it alone; the
                  // module lands in the server folder or its chunks/ below it, as the bundler decides.
                  return `import { readFile } from 'node:fs/promises';\nlet data;\nconst read = (dir) => readFile(new URL([dir, '${options.file}'].join('/'), import.meta.url), 'utf8');\nexport default () => (data ??= read('.').catch(() => read('..')).then(JSON.parse));\n`;
                },
                configureServer(server) {
                  server.watcher.on('all', (_event: string, path: string) => {
                    if (!path.startsWith(fileURLToPath(new URL('content/', root)))) return;
                    built = undefined;
                    content = undefined;
                    const mod = server.moduleGraph.getModuleById(resolved);
                    if (mod) server.moduleGraph.invalidateModule(mod);
                  });
                },
              },
            ],
          },
        });
      },
      'astro:build:generated': async () => {
        await writeFile(fileURLToPath(new URL(options.file, serverDir)), await json());
      },
    },
  };
}

/**
 * The content the indexes need, read straight from content/ as the loaders do
 * (js-yaml CORE schema, the same zod schemas; only the frontmatter of each
 * notice), so the server bundle never carries Astro's content store. Entries
 * that fail their schema are left out: the registry fails the build on them.
 */
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
