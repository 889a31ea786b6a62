// The bare baseline of the build benchmark: the same Markdown through Astro's
// own glob loader and one plain page template, no schemas, no layout, no
// adapter. bench/build.ts copies this folder next to the generated content.
import { defineConfig } from 'astro/config';

export default defineConfig({
  outDir: process.env.SCHOOLWATCH_OUT_DIR || './dist',
  cacheDir: process.env.SCHOOLWATCH_CACHE_DIR || './node_modules/.astro',
  output: 'static',
  markdown: { syntaxHighlight: false },
  devToolbar: { enabled: false },
});
