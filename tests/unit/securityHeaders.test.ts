import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/content';
import { securityHeaders, vercelHeaders } from '../../src/server/securityHeaders.mjs';

describe('the security headers of both hosts', () => {
  it('vercel.json carries exactly the rules the Node server follows', () => {
    const vercel = JSON.parse(readFileSync(join(root, 'vercel.json'), 'utf8')) as { headers: unknown };
    expect(vercel.headers).toEqual(vercelHeaders());
  });

  it('are, on the Node server, the site headers everywhere and an immutable cache for build assets', () => {
    const site = [
      ['X-Content-Type-Options', 'nosniff'],
      ['Referrer-Policy', 'no-referrer'],
      ['Content-Security-Policy', "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"],
      ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()'],
      ['Cross-Origin-Opener-Policy', 'same-origin'],
    ];
    expect(securityHeaders('/schools/x/')).toEqual(site);
    expect(securityHeaders('/_astro/index.Bx1.js')).toEqual([...site, ['Cache-Control', 'public, max-age=31536000, immutable']]);
  });
});
