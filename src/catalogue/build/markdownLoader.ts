import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join, relative, sep } from 'node:path';
import type { Loader } from 'astro/loaders';
import { splitFrontmatter } from '../frontmatter';
import type { Notice } from '../schemas/notices';
import { publishBodies, publishParsed } from './parsedNotices';

/** How many files are parsed and rendered at once: enough to overlap I/O, few enough to bound memory. */
const CONCURRENCY = 16;

/**
 * Loads every `*.md` file under `dir` as one entry whose id is its path
 * without `.md`. Unlike Astro's glob loader it keeps frontmatter dates as
 * written (see frontmatter.ts) and throws, naming the file, on anything it
 * cannot read. Unchanged files (same digest) are not rendered again. What it
 * holds afterwards is published for the files beside the server bundle
 * (parsedNotices.ts), which then need not parse the notices again.
 */
export function markdownFiles(dir: string): Loader {
  return {
    name: 'schoolwatch-markdown',
    load: async ({ store, parseData, renderMarkdown, generateDigest, config, watcher }) => {
      const base = fileURLToPath(new URL(dir.endsWith('/') ? dir : `${dir}/`, config.root));
      watcher?.add(base);
      const files = (await readdir(base, { recursive: true })).filter((f) => f.endsWith('.md')).sort();
      const seen = new Set<string>();
      const loadOne = async (file: string) => {
        const id = file.slice(0, -3).split(sep).join('/');
        const filePath = relative(fileURLToPath(config.root), join(base, file)).split(sep).join('/');
        if (!/^[a-z0-9][a-z0-9/-]*$/.test(id)) {
          throw new Error(`${filePath}：文件名只能用小写字母、数字和连字符，例如 2024-07-10-xinghe-rectification.md`);
        }
        seen.add(id);
        const text = await readFile(join(base, file), 'utf8');
        const digest = generateDigest(text);
        if (store.get(id)?.digest === digest) return;
        const { data, body } = splitFrontmatter(text, filePath);
        const parsed = await parseData({ id, data, filePath });
        const rendered = await renderMarkdown(body, { fileURL: pathToFileURL(join(base, file)) });
        store.set({ id, data: parsed, body, filePath, digest, rendered });
      };
      for (let i = 0; i < files.length; i += CONCURRENCY) await Promise.all(files.slice(i, i + CONCURRENCY).map(loadOne));
      for (const id of store.keys()) if (!seen.has(id)) store.delete(id);
      const ids = files.map((file) => file.slice(0, -3).split(sep).join('/'));
      publishParsed(
        base,
        ids.map((id) => ({ id, data: store.get(id)!.data as Notice })),
      );
      publishBodies(base, new Map(ids.map((id) => [id, store.get(id)!.rendered?.html ?? ''])));
    },
  };
}
