import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { settingsSchema } from '../../src/catalogue/schemas/settings';
import { aspectSchema, categorySchema } from '../../src/catalogue/schemas/taxonomy';
import { bureauSchema, schoolSchema } from '../../src/catalogue/schemas/organisations';
import { noticeSchema } from '../../src/catalogue/schemas/notices';
import type { ContentSet } from '../../src/catalogue/integrity';

export const root = join(import.meta.dirname, '..', '..');

/** The built site of this test run (see siteSetup.ts). */
export const distDir = () => process.env.SCHOOLWATCH_OUT_DIR ?? join(root, 'dist');

/** Splits a Markdown file into its YAML frontmatter and body. */
export function frontmatter(text: string): { data: unknown; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(text);
  if (!match) throw new Error('no frontmatter');
  return { data: yaml.load(match[1]!), body: match[2]! };
}

/** Reads content/ the way the build does, through the same schemas, for assertions. */
export function readContent(dir = join(root, 'content')): ContentSet {
  const load = (name: string) => yaml.load(readFileSync(join(dir, name), 'utf8'));
  const list = <T>(name: string, schema: { parse(v: unknown): T }) => (load(name) as unknown[]).map((item) => schema.parse(item));
  return {
    settings: settingsSchema.parse(load('site.yaml')),
    categories: list('categories.yaml', categorySchema),
    aspects: list('aspects.yaml', aspectSchema),
    bureaus: list('bureaus.yaml', bureauSchema),
    schools: list('schools.yaml', schoolSchema),
    notices: readdirSync(join(dir, 'notices'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => ({ id: f.replace(/\.md$/, ''), data: noticeSchema.parse(frontmatter(readFileSync(join(dir, 'notices', f), 'utf8')).data) })),
  };
}
