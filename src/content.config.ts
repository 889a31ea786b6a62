import { defineCollection } from 'astro:content';
import { yamlData } from './content/yamlLoader';
import { markdownFiles } from './content/markdownLoader';
import { settingsSchema } from './schemas/settings';
import { aspectSchema, categorySchema } from './schemas/taxonomy';
import { bureauSchema, schoolSchema } from './schemas/organisations';
import { noticeSchema } from './schemas/notices';

/**
 * Everything a city edits lives in content/ (see DESIGN.md). Schemas are in
 * src/schemas so that tests can check them without Astro; cross-references
 * between collections are checked in src/catalog/integrity.ts.
 */
export const collections = {
  settings: defineCollection({ loader: yamlData('content/site.yaml', { single: 'site' }), schema: settingsSchema }),
  categories: defineCollection({ loader: yamlData('content/categories.yaml'), schema: categorySchema }),
  aspects: defineCollection({ loader: yamlData('content/aspects.yaml'), schema: aspectSchema }),
  bureaus: defineCollection({ loader: yamlData('content/bureaus.yaml'), schema: bureauSchema }),
  schools: defineCollection({ loader: yamlData('content/schools.yaml'), schema: schoolSchema }),
  notices: defineCollection({ loader: markdownFiles('content/notices'), schema: noticeSchema }),
};
