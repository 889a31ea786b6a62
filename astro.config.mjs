// @ts-check
import { defineConfig, passthroughImageService } from 'astro/config';
import node from '@astrojs/node';
import vercel from '@astrojs/vercel';
import sitemap from '@astrojs/sitemap';
import { apiRoutes } from './src/integrations/apiRoutes.mjs';
import { withPagePolicies } from './src/integrations/pagePolicies.mjs';
import { searchIndex } from './src/integrations/searchIndex.ts';
import { storeWins } from './src/integrations/storeWins.ts';
import { ledgerIndex } from './src/catalogue/build/ledgerIndexFile.ts';
import { contentNoticeBodies, contentNotices } from './src/catalogue/build/contentNoticesFile.ts';
import { autocompleteSuffix } from './src/integrations/autocompleteSuffix.ts';
import { siteDirectives } from './src/server/securityHeaders.mjs';
import { siteOrigin } from './src/integrations/siteOrigin.mjs';
import { listedInSitemap, onDemandPages } from './src/integrations/sitemapPages.mjs';

// The adapter is chosen at build time (DESIGN.md): Vercel when its build sets
// VERCEL, the Node server otherwise. SITE_URL is the public origin used in
// canonical URLs, the sitemap and feeds.
const onVercel = Boolean(process.env.VERCEL);
// The Node server replaces this origin by its own when it runs elsewhere (src/server/siteOrigin.mjs).
const site = process.env.SITE_URL || 'http://127.0.0.1:4321';

export default defineConfig({
  site,
  // Tests and benchmarks build into folders of their own, so that parallel
  // builds never write over each other's output or Astro's data store.
  outDir: process.env.SCHOOLWATCH_OUT_DIR || './dist',
  cacheDir: process.env.SCHOOLWATCH_CACHE_DIR || './node_modules/.astro',
  // Pages are prerendered unless they opt out (the report flow, status, bureau answers, api/).
  output: 'static',
  // staticHeaders: the prerendered pages' CSP goes out as a header too (with
  // frame-ancestors, which a <meta> cannot carry), so that every page has one
  // policy: Astro's hashes and the site's directives together. How the hosts
  // get them: src/integrations/pagePolicies.mjs. The search index is a file
  // beside the server bundle (src/integrations/searchIndex.ts), copied into
  // Vercel's function here.
  adapter: onVercel
    ? withPagePolicies(
        vercel({
          staticHeaders: true,
          includeFiles: [
            '.vercel/output/server/search-index.json',
            '.vercel/output/server/ledger-index.json',
            '.vercel/output/server/content-notices.json',
            '.vercel/output/server/content-notice-bodies.json',
          ],
        }),
        'vercel',
      )
    : withPagePolicies(node({ mode: 'standalone', staticHeaders: true }), 'node'),
  // site-origin.txt tells the Node server which origin the build's links carry; Vercel builds with SITE_URL.
  integrations: [
    sitemap({ filter: listedInSitemap, customPages: onDemandPages(site, new URL('./', import.meta.url)) }),
    apiRoutes(),
    searchIndex(),
    ledgerIndex(),
    contentNotices(),
    contentNoticeBodies(),
    storeWins(),
    autocompleteSuffix(),
    ...(onVercel ? [] : [siteOrigin()]),
  ],
  // Passthrough keeps sharp out of the server bundle (23 MB against 3 MB on Vercel).
  image: { service: passthroughImageService() },
  // One small stylesheet, inlined: one round trip less on a slow phone network.
  build: { inlineStylesheets: 'always' },
  security: {
    // Refuses form posts from other origins (403); the report flow relies on it.
    checkOrigin: true,
    // One CSP per page, with hashes of the styles and scripts Astro emits (no
    // other inline script can run) and the site's own directives.
    csp: { directives: [...siteDirectives] },
  },
  server: { host: '127.0.0.1', port: 4321 },
  devToolbar: { enabled: false },
  // Shiki writes inline styles, which the CSP forbids; notices need no code highlighting.
  markdown: { syntaxHighlight: false },
});
