import yaml from 'js-yaml';
import { z } from 'astro/zod';
import settingsFile from '../../content/site.yaml?raw';
import categoriesFile from '../../content/categories.yaml?raw';
import aspectsFile from '../../content/aspects.yaml?raw';
import bureausFile from '../../content/bureaus.yaml?raw';
import schoolsFile from '../../content/schools.yaml?raw';
import { settingsSchema } from '../schemas/settings';
import { aspectSchema, categorySchema } from '../schemas/taxonomy';
import { bureauSchema, schoolSchema } from '../schemas/organisations';
import type { ContentSet } from './integrity';
import type { Directory } from '../domain/directory';

/** The part of content/ that the site needs on demand: everything but the notices. */
export type Registry = Omit<ContentSet, 'notices'>;

// The files are imported as text, so that the on-demand server bundle holds
// these few kilobytes and not Astro's content store, whose rendered notices
// grow with every notice published (36.6 MB at 20,000; docs/benchmarks.md).
// The build has already checked them (src/content.config.ts and integrity.ts
// fail it on any error); parsing again applies the schemas' defaults.
// The same file names as in src/content.config.ts.
const read = <T extends z.ZodType>(text: string, schema: T): z.infer<T> => schema.parse(yaml.load(text, { schema: yaml.CORE_SCHEMA }));

/** Settings, taxonomy, bureaus and schools, parsed once per process. */
export const registry: Registry = {
  settings: read(settingsFile, settingsSchema),
  categories: read(categoriesFile, z.array(categorySchema)),
  aspects: read(aspectsFile, z.array(aspectSchema)),
  bureaus: read(bureausFile, z.array(bureauSchema)),
  schools: read(schoolsFile, z.array(schoolSchema)),
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
