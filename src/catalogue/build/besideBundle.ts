import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { splitFrontmatter } from '../frontmatter';
import { parseList, REGISTRY_FILES, REGISTRY_LISTS, type Registry } from '../read';
import { noticeSchema } from '../schemas/notices';
import { mergeNotices, type NoticeEntry, type NoticeSource } from '../sources';
import { forgetParsed, parsedNotices } from './parsedNotices';
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
export function jsonBesideBundle(options: {
  name: string;
  module: string;
  file: string;
  make: (content: IndexedContent, root: URL) => unknown;
}): AstroIntegration {
  const resolved = `\0${options.module}`;
  let root: URL;
  let serverDir: URL;
  let command = 'build';
  let built: Promise<string> | undefined;
  const json = () => (built ??= contentOf(root).then((c) => JSON.stringify(options.make(c, root))));
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
                    forgetParsed(fileURLToPath(new URL('content/notices/', root)));
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
 * content/notices: as the collection's loader parsed them in this build, or
 * else (a loader that has not run in this process: tests, a content edit
 * under `astro dev`) read as files, frontmatter only. Notices that fail their
 * schema are left out: the collection (content.config.ts) fails the build on
 * them, naming the file and field.
 */
export function noticeFiles(root: URL): NoticeSource {
  const dir = fileURLToPath(new URL('content/notices/', root));
  return {
    name: 'content/notices',
    async notices() {
      const parsed = parsedNotices(dir);
      if (parsed) return parsed;
      const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.md')).sort();
      const notices: NoticeEntry[] = [];
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
      return notices;
    },
  };
}

/**
 * The content the indexes need, read straight from content/ with the
 * catalogue's own parser and schemas (read.ts), so the server bundle never
 * carries Astro's content store. A file with a mistake gives nothing here:
 * the registry fails the build on it, naming the file and field.
 */
export async function readIndexedContent(root: URL): Promise<IndexedContent> {
  const list = async <K extends keyof typeof REGISTRY_LISTS>(name: K) => {
    const file = REGISTRY_FILES[name];
    try {
      return parseList(`content/${file}`, await readFile(fileURLToPath(new URL(`content/${file}`, root)), 'utf8'), REGISTRY_LISTS[name]) as Registry[K];
    } catch {
      return [];
    }
  };
  return {
    categories: await list('categories'),
    aspects: await list('aspects'),
    bureaus: await list('bureaus'),
    schools: await list('schools'),
    notices: await mergeNotices([noticeFiles(root)]),
  };
}
