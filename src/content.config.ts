import { defineCollection } from 'astro:content';
import { markdownFiles } from './catalogue/build/markdownLoader';
import { noticeSchema } from './catalogue/schemas/notices';

/**
 * Everything a city edits lives in content/ (see DESIGN.md); the code that
 * reads it is src/catalogue/ (its index.ts says what lives where). Astro
 * looks for this file here: the notices are its one collection, Markdown
 * rendered at build time. The settings, taxonomy, bureaus and schools are
 * small YAML files that on-demand pages need too, read by
 * src/catalogue/registry.ts; cross-references are checked in
 * src/catalogue/integrity.ts.
 */
export const collections = {
  notices: defineCollection({ loader: markdownFiles('content/notices'), schema: noticeSchema }),
};
