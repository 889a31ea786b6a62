import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { feedChannel, feedItems } from '../catalogue/feed';

/** How many notices a feed carries: readers poll it, so it stays small however many notices exist. */
const FEED_SIZE = 50;

// On demand: notices published in the site appear without a rebuild (src/middleware.ts keeps the answer until the next publication).
export const prerender = false;

/** The latest notices, newest first. */
export async function GET(context: APIContext) {
  const { settings, notices } = context.locals.catalogue!.content;
  return rss({
    title: `${settings.siteTitle}：全部公示`,
    description: settings.tagline,
    ...feedChannel(context.site!, '/', '/rss.xml'),
    items: feedItems(notices.slice(0, FEED_SIZE)),
  });
}
