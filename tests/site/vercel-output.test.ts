// The hosted path, checked without Vercel: the build for Vercel (VERCEL=1)
// writes the Build Output API folder, and what a deployment serves is decided
// by its config.json. It must carry the site's headers, one CSP per page in
// every spelling of the page's path (src/integrations/pagePolicies.mjs), and
// the asset cache only on files that exist.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCopy, projectCopy } from '../support/project';

type Route = { src?: string; dest?: string; status?: number; handle?: string; headers?: Record<string, string>; continue?: boolean };
const dir = projectCopy('vercel');
let routes: Route[];

beforeAll(async () => {
  const build = await buildCopy(dir, { VERCEL: '1' });
  if (build.code !== 0) throw new Error(`VERCEL=1 build failed:\n${build.output}`);
  routes = (JSON.parse(readFileSync(join(dir, '.vercel', 'output', 'config.json'), 'utf8')) as { routes: Route[] }).routes;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The routes a request for `path` passes through before the file system is asked. */
const beforeFilesystem = () =>
  routes.slice(
    0,
    routes.findIndex((r) => r.handle === 'filesystem'),
  );
const matching = (list: Route[], path: string) => list.filter((r) => r.src && new RegExp(r.src).test(path));

describe('the Vercel build output', () => {
  it('sends the site’s security headers with every response', () => {
    expect(routes[0]).toEqual({
      src: '^/.*$',
      headers: {
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
        'cross-origin-opener-policy': 'same-origin',
      },
      continue: true,
    });
  });

  it('gives every prerendered page one CSP, whatever the spelling of its path, once the file is found', () => {
    // Before the file system nothing sets a policy: on-demand answers bring their own.
    expect(beforeFilesystem().filter((r) => r.headers?.['content-security-policy'])).toEqual([]);
    const hitPhase = routes.slice(routes.findIndex((r) => r.handle === 'hit') + 1);
    for (const path of [
      '/',
      '/index.html',
      '/schools/qc-xinghe-primary',
      '/schools/qc-xinghe-primary/',
      '/schools/qc-xinghe-primary/index.html',
      '/notices/',
      '/aspects/',
    ]) {
      const policies = matching(hitPhase, path).filter((r) => r.headers?.['content-security-policy']);
      expect(policies, path).toHaveLength(1);
      expect(policies[0]!.headers!['content-security-policy']).toMatch(
        /^frame-ancestors 'none';base-uri 'self';form-action 'self';object-src 'none'; script-src 'self' 'sha256-/,
      );
    }
    // One route for the pages that share a policy, not one per page (the site has hundreds of pages).
    expect(routes.length).toBeLessThan(80);
  });

  it('serves the 404 page with its own CSP for every miss', () => {
    const miss = routes.find((r) => r.dest === '/404.html');
    expect(miss).toMatchObject({ src: '^/.*$', status: 404 });
    expect(miss!.headers!['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('marks build assets immutable only when the file exists', () => {
    const immutable = routes.filter((r) => r.headers?.['cache-control']?.includes('immutable'));
    expect(immutable).toEqual([{ src: '^/_astro(?:/(.*))$', headers: { 'cache-control': 'public, max-age=31536000, immutable' }, continue: true }]);
    const hit = routes.findIndex((r) => r.handle === 'hit');
    expect(hit).toBeGreaterThan(routes.findIndex((r) => r.handle === 'filesystem'));
    expect(routes.indexOf(immutable[0]!)).toBeGreaterThan(hit);
  });

  it('sends every on-demand route to the one function, on Node 24', () => {
    const toFunction = routes.filter((r) => r.dest === '_render').map((r) => r.src);
    for (const path of [
      '/report/',
      '/report/status/',
      '/answer/',
      '/api/complaints',
      '/api/complaints/status',
      '/api/health',
      '/api/cron/dispatch',
      '/api/cron/overdue',
    ]) {
      expect(
        toFunction.some((src) => new RegExp(src!).test(path)),
        path,
      ).toBe(true);
    }
    const config = JSON.parse(readFileSync(join(dir, '.vercel', 'output', 'functions', '_render.func', '.vc-config.json'), 'utf8')) as { runtime: string };
    expect(config.runtime).toBe('nodejs24.x');
    // The no-JavaScript search reads its index from a file beside the server bundle.
    expect(existsSync(join(dir, '.vercel', 'output', 'functions', '_render.func', '.vercel', 'output', 'server', 'search-index.json'))).toBe(true);
    expect(existsSync(join(dir, '.vercel', 'output', 'functions', '_render.func', '.vercel', 'output', 'server', 'ledger-index.json'))).toBe(true);
    expect(readdirSync(join(dir, '.vercel', 'output', 'functions', '_render.func', '.vercel', 'output', 'server'))).toContain('chunks');
    // sharp stays out of the function (passthrough image service).
    expect(existsSync(join(dir, '.vercel', 'output', 'functions', '_render.func', 'node_modules', 'sharp'))).toBe(false);
  });
});
