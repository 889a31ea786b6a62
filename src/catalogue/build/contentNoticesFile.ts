import type { AstroIntegration } from 'astro';
import { jsonBesideBundle } from './besideBundle';

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
