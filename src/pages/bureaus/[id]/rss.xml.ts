import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { feedChannel, feedItems } from '../../../catalogue/feed';

// On demand: notices published in the site appear without a rebuild (src/middleware.ts keeps the answer until the next publication).
export const prerender = false;

/** The latest 50 notices of one bureau's area: its own bulletins and its schools' disclosures. */
export async function GET(context: APIContext) {
  const { settings, bureaus, schools, notices } = context.locals.catalogue!.content;
  const bureau = bureaus.find((b) => b.id === context.params.id);
  if (!bureau) return new Response(null, { status: 404 });
  const own = new Set(schools.filter((s) => s.bureau === bureau.id).map((s) => s.id));
  const mine = notices.filter(({ data }) => ('bureau' in data ? data.bureau === bureau.id : own.has(data.school)));
  return rss({
    title: `${bureau.name}：公示（${settings.siteTitle}）`,
    description: `${bureau.name}的督查通报、曝光和所辖学校的自查整改公示。`,
    ...feedChannel(context.site!, `/bureaus/${bureau.id}/`, `/bureaus/${bureau.id}/rss.xml`),
    items: feedItems(mine.slice(0, 50)),
  });
}
