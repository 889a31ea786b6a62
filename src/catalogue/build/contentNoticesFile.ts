import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { jsonBesideBundle } from './besideBundle';
import { renderedBodies } from './parsedNotices';
import { hasOpenRows } from '../notices';

export const CONTENT_NOTICES_FILE = 'content-notices.json';
export const CONTENT_NOTICES_MODULE = 'virtual:schoolwatch/content-notices';

/**
 * Serves `virtual:schoolwatch/content-notices`: content/notices' front matter
 * (no bodies), for the on-demand pages that show notices from both sources
 * (src/server/liveNotices.ts merges them with the store's). The prerendered
 * notice pages still render the files' bodies.
 */
export const contentNotices = (): AstroIntegration =>
  jsonBesideBundle({ name: 'schoolwatch-content-notices', module: CONTENT_NOTICES_MODULE, file: CONTENT_NOTICES_FILE, make: (content) => content.notices });

export const CONTENT_NOTICE_BODIES_FILE = 'content-notice-bodies.json';
export const CONTENT_NOTICE_BODIES_MODULE = 'virtual:schoolwatch/content-notice-bodies';

/**
 * Serves `virtual:schoolwatch/content-notice-bodies`: the rendered bodies of
 * the content notices whose ledger has rows still open, by id, which the
 * Node server also answers on demand so that a row past its deadline is
 * marked 逾期 N 天 (notices/[id]/[...version].astro). Read from here, not
 * from Astro's content store, so that the server bundle does not carry every
 * notice's rendered Markdown (it grew 2.92× from 1,000 to 5,000 notices).
 */
export const contentNoticeBodies = (): AstroIntegration =>
  jsonBesideBundle({
    name: 'schoolwatch-content-notice-bodies',
    module: CONTENT_NOTICE_BODIES_MODULE,
    file: CONTENT_NOTICE_BODIES_FILE,
    make: (content, root) => {
      const html = renderedBodies(fileURLToPath(new URL('content/notices/', root)));
      return Object.fromEntries(content.notices.filter(({ data }) => hasOpenRows(data)).map(({ id }) => [id, html.get(id) ?? '']));
    },
  });
