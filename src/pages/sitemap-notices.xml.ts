import type { APIContext } from 'astro';

// On demand: the notices published in the site, which the build's sitemap (sitemap-index.xml) cannot list.
// robots.txt names both.
export const prerender = false;

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function GET(context: APIContext) {
  const urls = context.locals.catalogue!.fromStore.map(
    ({ id, data }) => `<url><loc>${escape(new URL(`/notices/${id}/`, context.site).href)}</loc><lastmod>${data.publishedOn}</lastmod></url>`,
  );
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
  return new Response(body, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
}
