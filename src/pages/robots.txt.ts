import type { APIContext } from 'astro';

/**
 * For crawlers: the sitemap, and what is not for a search index: the bureaus'
 * workspace, the answer links of emails, search results (the search page
 * itself stays listed).
 */
export function GET(context: APIContext) {
  const sitemap = new URL('/sitemap-index.xml', context.site).href;
  // The notices published in the site, listed on demand (src/pages/sitemap-notices.xml.ts).
  const published = new URL('/sitemap-notices.xml', context.site).href;
  const body = [
    'User-agent: *',
    'Disallow: /bureau/',
    'Disallow: /answer/',
    'Disallow: /search/?',
    'Disallow: /search?',
    '',
    `Sitemap: ${sitemap}`,
    `Sitemap: ${published}`,
    '',
  ].join('\n');
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
