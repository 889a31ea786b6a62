// The anchor of the intake benchmark: Astro's on-demand path with nothing of
// ours in it. One endpoint, the Node adapter in the same mode as the site, no
// middleware, no store, no compression (bench/intake.ts).
import { defineConfig } from 'astro/config';
import node from '@astrojs/node';

export default defineConfig({
  outDir: process.env.SCHOOLWATCH_OUT_DIR || './dist',
  cacheDir: process.env.SCHOOLWATCH_CACHE_DIR || './node_modules/.astro',
  output: 'static',
  adapter: node({ mode: 'middleware' }),
  devToolbar: { enabled: false },
});
