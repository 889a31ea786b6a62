import yaml from 'js-yaml';
import type { z } from 'astro/zod';
import { settingsSchema } from './schemas/settings';
import { aspectSchema, categorySchema } from './schemas/taxonomy';
import { bureauSchema, schoolSchema } from './schemas/organisations';
import type { ContentSet } from './integrity';

/** The part of content/ that is not notices: what every page, static or on demand, may need. */
export type Registry = Omit<ContentSet, 'notices'>;

/** The registry's files in content/, and what each holds. */
export const REGISTRY_FILES = {
  settings: 'site.yaml',
  categories: 'categories.yaml',
  aspects: 'aspects.yaml',
  bureaus: 'bureaus.yaml',
  schools: 'schools.yaml',
} as const;

/** The registry's files as text, by the names in REGISTRY_FILES. */
export type RegistryTexts = Record<keyof typeof REGISTRY_FILES, string>;

// How a content file becomes data, for every reader of content/ (the
// registry in the bundle, the files written beside it): one parser, one set
// of schemas, one wording of mistakes. A mistake names the file, the item and
// the field at fault, in words an editor can act on.

/** Parses a YAML file with js-yaml's CORE schema: dates stay as written, so an impossible one is refused (see frontmatter.ts). */
function load(file: string, text: string): unknown {
  try {
    return yaml.load(text, { filename: file, schema: yaml.CORE_SCHEMA });
  } catch (error) {
    throw new Error(`内容文件 ${file} 无法读取：${(error as Error).message}`);
  }
}

const problems = (file: string, where: string, error: z.ZodError) =>
  new Error(`内容文件 ${file}${where}有误：\n${error.issues.map((i) => `  ${i.path.join('.') || '(整项)'}: ${i.message}`).join('\n')}`);

function settings(file: string, text: string) {
  const data = load(file, text);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error(`内容文件 ${file} 应为一组“字段: 值”的设置，而不是列表。`);
  const parsed = settingsSchema.safeParse(data);
  if (!parsed.success) throw problems(file, '', parsed.error);
  return parsed.data;
}

/** A list of items with unique ids, each checked by its schema. */
export function parseList<T extends z.ZodType>(file: string, text: string, schema: T): Array<z.infer<T>> {
  const data = load(file, text);
  if (!Array.isArray(data) || data.length === 0) throw new Error(`内容文件 ${file} 应为以“- id: ...”开头的列表，且至少有一项。`);
  const seen = new Set<string>();
  return data.map((item: unknown, index) => {
    const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
    if (typeof id !== 'string' || id === '') throw new Error(`内容文件 ${file} 第 ${index + 1} 项缺少 id（编号）。`);
    if (seen.has(id)) throw new Error(`内容文件 ${file} 中编号 “${id}” 出现了不止一次；编号必须唯一。`);
    seen.add(id);
    const parsed = schema.safeParse(item);
    if (!parsed.success) throw problems(file, ` 第 ${index + 1} 项（${id}）`, parsed.error);
    return parsed.data;
  });
}

/** The lists of the registry, each parsed by its schema; the first mistake throws. */
export const REGISTRY_LISTS = { categories: categorySchema, aspects: aspectSchema, bureaus: bureauSchema, schools: schoolSchema } as const;

/** Settings, taxonomy, bureaus and schools from their files' text; the first mistake throws, naming the file and field. */
export function parseRegistry(texts: RegistryTexts): Registry {
  const path = (name: keyof typeof REGISTRY_FILES) => `content/${REGISTRY_FILES[name]}`;
  return {
    settings: settings(path('settings'), texts.settings),
    categories: parseList(path('categories'), texts.categories, categorySchema),
    aspects: parseList(path('aspects'), texts.aspects, aspectSchema),
    bureaus: parseList(path('bureaus'), texts.bureaus, bureauSchema),
    schools: parseList(path('schools'), texts.schools, schoolSchema),
  };
}
