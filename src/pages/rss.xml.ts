import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { loadContent } from '../catalog/load';
import { feedItems } from '../catalog/feed';

/** Every notice, newest first. */
export async function GET(context: APIContext) {
  const { settings, notices } = await loadContent();
  return rss({
    title: `${settings.siteTitle}：全部公示`,
    description: settings.tagline,
    site: context.site!,
    items: feedItems(notices),
    customData: '<language>zh-cn</language>',
  });
}
