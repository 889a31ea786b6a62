import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import type { Loader } from 'astro/loaders';

/**
 * Loads a YAML data file into a collection and fails the build loudly.
 *
 * Astro's own `file()` loader only logs a YAML syntax error or an item
 * without an id and carries on with an empty or shorter collection; for a
 * list of schools that would silently drop pages and complaint routing. This
 * loader throws instead, naming the file and the item.
 *
 * `single` loads one object (the site settings) as the entry `single`.
 */
export function yamlData(fileName: string, options: { single?: string } = {}): Loader {
  return {
    name: 'schoolwatch-yaml',
    load: async ({ store, parseData, config, watcher }) => {
      const url = new URL(fileName, config.root);
      const path = fileURLToPath(url);
      watcher?.add(path);
      let data: unknown;
      try {
        // CORE schema: dates stay as written, so an impossible date is refused (see frontmatter.ts).
        data = yaml.load(await readFile(path, 'utf8'), { filename: fileName, schema: yaml.CORE_SCHEMA });
      } catch (error) {
        throw new Error(`内容文件 ${fileName} 无法读取：${(error as Error).message}`);
      }
      store.clear();
      if (options.single) {
        if (!data || typeof data !== 'object' || Array.isArray(data)) {
          throw new Error(`内容文件 ${fileName} 应为一组“字段: 值”的设置，而不是列表。`);
        }
        const parsed = await parseData({ id: options.single, data: data as Record<string, unknown>, filePath: fileName });
        store.set({ id: options.single, data: parsed, filePath: fileName });
        return;
      }
      if (!Array.isArray(data) || data.length === 0) {
        throw new Error(`内容文件 ${fileName} 应为以“- id: ...”开头的列表，且至少有一项。`);
      }
      const seen = new Set<string>();
      for (const [index, item] of data.entries()) {
        const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
        if (typeof id !== 'string' || id === '') {
          throw new Error(`内容文件 ${fileName} 第 ${index + 1} 项缺少 id（编号）。`);
        }
        if (seen.has(id)) throw new Error(`内容文件 ${fileName} 中编号 “${id}” 出现了不止一次；编号必须唯一。`);
        seen.add(id);
        const parsed = await parseData({ id, data: item as Record<string, unknown>, filePath: fileName });
        store.set({ id, data: parsed, filePath: fileName });
      }
    },
  };
}
