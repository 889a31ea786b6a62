import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';

export const collections = {
  notices: defineCollection({ loader: glob({ pattern: '**/*.md', base: './content/notices' }) }),
};
