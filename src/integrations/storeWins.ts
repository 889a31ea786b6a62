import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AstroIntegration } from 'astro';
import { checkEnvironment } from '../config/env';
import { openEngine } from '../adapters/engine';
import { noticeFiles } from '../catalogue/build/besideBundle';
import { setStoreWins } from './storeWinsSlot';

/** How long the build waits for the store before it gives up checking (a Redis that does not answer). */
const STORE_WAIT_MS = 5_000;

/**
 * A notice published in the site wins over a file of content/notices with the
 * same id (issue 23, point 6), on every page: the lists and the notice's own
 * page. The build asks the store it is configured with (the same variables as
 * the server: the embedded database when it exists, else Redis) which
 * published ids clash with content/notices, says so, and leaves those pages
 * to the on-demand route, which renders the store's copy. A store it cannot
 * read is named and the build goes on: the Node server still answers a
 * clashing id with the store's copy (src/server/livePages.mjs), Vercel's
 * static files would not (docs/publishing.md).
 */
export function storeWins(): AstroIntegration {
  let root: URL | undefined;
  return {
    name: 'schoolwatch-store-wins',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = config.root;
      },
      'astro:build:start': async ({ logger }) => {
        setStoreWins(new Set());
        if (!root) return;
        const contentIds = new Set((await noticeFiles(root).notices()).map((n) => n.id));
        const found = await publishedIds().catch((error: unknown) => ({ skipped: `the store could not be read (${(error as Error)?.message ?? 'error'})` }));
        if ('skipped' in found) {
          logger.info(`notices: ${found.skipped}; content/notices pages are prerendered without checking the store for the same ids`);
          return;
        }
        const clashes = [...found.ids].filter((id) => contentIds.has(id)).sort();
        setStoreWins(new Set(clashes));
        for (const id of clashes)
          logger.warn(
            `notices.same-id: ${id} is both content/notices/${id}.md and a notice published in the site; the site's copy wins (/notices/${id}/ is rendered on demand)`,
          );
      },
    },
  };
}

async function publishedIds(): Promise<{ ids: Set<string> } | { skipped: string }> {
  const check = checkEnvironment();
  if (!check.ok) return { skipped: `the configuration is incomplete for the build (${check.problems.length} variables at fault, as npm start would list)` };
  const { store, keyPrefix } = check.config;
  if (store.kind === 'sqlite' && !existsSync(join(store.dir, 'schoolwatch.db'))) return { ids: new Set() };
  const engine = await withTimeout(openEngine(store, keyPrefix));
  try {
    const ids = new Set<string>();
    const PAGE = 500;
    for (let offset = 0; ; offset += PAGE) {
      const { total, notices } = await withTimeout(engine.notices.published({ all: true }, { offset, limit: PAGE }));
      for (const record of notices) ids.add(record.id);
      if (offset + PAGE >= total || notices.length === 0) return { ids };
    }
  } finally {
    await engine.close();
  }
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${STORE_WAIT_MS / 1000} s`)), STORE_WAIT_MS);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
