import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../support/content';
import { siteHeaders, vercelHeaders } from '../../src/server/securityHeaders.mjs';

describe('the security headers of both hosts', () => {
  it('vercel.json carries exactly the rules the Node server follows', () => {
    const vercel = JSON.parse(readFileSync(join(root, 'vercel.json'), 'utf8')) as { headers: unknown };
    expect(vercel.headers, 'vercel.json `headers` must be vercelHeaders() of src/server/securityHeaders.mjs').toEqual(vercelHeaders());
  });

  it('are these, on every response of the Node server', () => {
    expect(siteHeaders).toEqual([
      ['X-Content-Type-Options', 'nosniff'],
      ['Referrer-Policy', 'no-referrer'],
      ['X-Frame-Options', 'DENY'],
      ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()'],
      ['Cross-Origin-Opener-Policy', 'same-origin'],
    ]);
  });
});
