import { defineCollection } from 'astro:content';
import { markdownFiles } from './catalogue/build/markdownLoader';
import { noticeSchema } from './catalogue/schemas/notices';

/**
 * Everything a city edits lives in content/ (see DESIGN.md). The notices are
 * Astro's one collection: they are Markdown, rendered at build time. The
 * settings, taxonomy, bureaus and schools are small YAML files that on-demand
 * pages need too, read by src/catalog/registry.ts. Schemas are in src/schemas
 * so that tests can check them without Astro; cross-references are checked in
 * src/catalog/integrity.ts.
 */
export const collections = {
  notices: defineCollection({ loader: markdownFiles('content/notices'), schema: noticeSchema }),
};
