// @ts-check
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Mounts every endpoint file in the top-level api/ folder at /api/... as an
 * on-demand route (DESIGN.md: the design card's api/ folder, one router, one
 * build). `api/complaints/status.ts` becomes `/api/complaints/status`;
 * `[param]` segments work as in src/pages.
 * @returns {import('astro').AstroIntegration}
 */
export function apiRoutes() {
  return {
    name: 'schoolwatch-api-routes',
    hooks: {
      'astro:config:setup': ({ config, injectRoute }) => {
        const root = fileURLToPath(new URL('api/', config.root));
        for (const file of listEndpoints(root)) {
          const path = relative(root, file)
            .split(sep)
            .join('/')
            .replace(/\.(ts|js|mjs)$/, '')
            .replace(/\/index$|^index$/, '');
          injectRoute({ pattern: `/api/${path}`.replace(/\/$/, ''), entrypoint: file, prerender: false });
        }
      },
    },
  };
}

/** @param {string} dir @returns {string[]} */
function listEndpoints(dir) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return listEndpoints(full);
    return /\.(ts|js|mjs)$/.test(name) && !name.endsWith('.d.ts') && !name.startsWith('_') ? [full] : [];
  });
}
