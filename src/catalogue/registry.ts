import yaml from 'js-yaml';
import { z } from 'astro/zod';
import settingsFile from '../../content/site.yaml?raw';
import categoriesFile from '../../content/categories.yaml?raw';
import aspectsFile from '../../content/aspects.yaml?raw';
import bureausFile from '../../content/bureaus.yaml?raw';
import schoolsFile from '../../content/schools.yaml?raw';
import { settingsSchema } from './schemas/settings';
import { aspectSchema, categorySchema } from './schemas/taxonomy';
import { bureauSchema, schoolSchema } from './schemas/organisations';
import type { ContentSet } from './integrity';
import type { Directory } from '../domain/directory';

/** The part of content/ that is not notices: what every page, static or on demand, may need. */
export type Registry = Omit<ContentSet, 'notices'>;

// The files are imported as text, so that the on-demand server bundle holds
// these few kilobytes and not Astro's content store, whose rendered notices
// grow with every notice published (36.6 MB at 20,000; docs/benchmarks.md).
// A mistake fails the build (every page imports this) with the file, the item
// and the field at fault, in words an editor can act on.

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
function list<T extends z.ZodType>(file: string, text: string, schema: T): Array<z.infer<T>> {
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

/** Settings, taxonomy, bureaus and schools, parsed once per build or process. */
export const registry: Registry = {
  settings: settings('content/site.yaml', settingsFile),
  categories: list('content/categories.yaml', categoriesFile, categorySchema),
  aspects: list('content/aspects.yaml', aspectsFile, aspectSchema),
  bureaus: list('content/bureaus.yaml', bureausFile, bureauSchema),
  schools: list('content/schools.yaml', schoolsFile, schoolSchema),
};

/** What the domain needs to know of the content, as plain maps. */
export function directoryFrom(content: Registry): Directory {
  return {
    schools: new Map(content.schools.map((s) => [s.id, { name: s.name, bureau: s.bureau }])),
    aspects: new Map(content.aspects.map((a) => [a.id, { name: a.name, category: a.category }])),
    bureaus: new Map(content.bureaus.map((b) => [b.id, { name: b.name, email: b.email }])),
    deadlines: content.settings.deadlines,
    retentionDays: content.settings.retentionDays,
    supervisor: content.settings.supervisor,
  };
}
