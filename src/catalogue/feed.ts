import type { ContentSet } from './integrity';
import { noticeKindLabel } from './labels';

/** RSS items for a list of notices (newest first as given). */
export function feedItems(notices: ContentSet['notices']) {
  return notices.map(({ id, data }) => ({
    title: `【${noticeKindLabel[data.kind]}】${data.title}${data.sample ? '（示例）' : ''}`,
    link: `/notices/${id}/`,
    pubDate: new Date(`${data.publishedOn}T00:00:00+08:00`),
    description: data.summary,
  }));
}

/**
 * The channel's own addresses: `link` is the page the feed stands for (the
 * home page, or a bureau's page), and an Atom `self` link names the feed
 * itself, as feed validators and readers expect.
 */
export function feedChannel(site: URL, page: string, feed: string) {
  const self = new URL(feed, site).href;
  return {
    site: new URL(page, site).href,
    xmlns: { atom: 'http://www.w3.org/2005/Atom' },
    customData: `<language>zh-cn</language><atom:link href="${self}" rel="self" type="application/rss+xml"/>`,
  };
}
