// @ts-check
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the Node server reads the origin that the build wrote into its links (scripts/serve.mjs). */
export const ORIGIN_FILE = 'site-origin.txt';

/**
 * Writes the build's origin (Astro's `site`: canonical links, feeds, the
 * sitemap, robots.txt) beside the build, so that a server started on another
 * origin knows which one to replace (src/server/siteOrigin.mjs).
 * @returns {import('astro').AstroIntegration}
 */
export function siteOrigin() {
  /** @type {import('astro').AstroConfig | undefined} */
  let config;
  return {
    name: 'schoolwatch-site-origin',
    hooks: {
      'astro:config:done': ({ config: done }) => {
        config = done;
      },
      'astro:build:done': () => {
        if (!config?.site) return;
        writeFileSync(fileURLToPath(new URL(ORIGIN_FILE, config.outDir)), new URL(config.site).origin);
      },
    },
  };
}
