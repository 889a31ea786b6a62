import type { AstroGlobal } from 'astro';
import { whileStoreUp } from './services/outcome';
import type { SignedIn } from './services/workspaceAccess';

/** The session cookie: only the workspace's pages receive it. */
export const SESSION_COOKIE = 'sw_workspace';
const PATH = '/bureau/';

/**
 * Marks a workspace answer: never indexed (the meta tag says it too, for
 * what reads only HTML) and never cached (the middleware adds no-store to
 * every on-demand answer; said here as well so that it holds for this path
 * whatever the middleware does).
 */
export function workspaceHeaders(headers: Headers): void {
  headers.set('X-Robots-Tag', 'noindex, nofollow');
  headers.set('Cache-Control', 'no-store');
}

/**
 * Who the request's cookie signs in, or why nobody: 'none' (no cookie, or
 * one that names no live session) or 'unavailable' (the store did not answer).
 */
export async function signedIn(astro: Pick<AstroGlobal, 'locals' | 'cookies'>): Promise<SignedIn | 'none' | 'unavailable'> {
  const cookie = astro.cookies.get(SESSION_COOKIE)?.value;
  return whileStoreUp(async () => (await astro.locals.services.workspace.session(cookie)) ?? ('none' as const), 'unavailable' as const);
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page or
 * link makes the browser send it: with Astro's origin check, what stops
 * cross-site form posts), Secure whenever the request came over https (also
 * behind a trusted proxy: scripts/serve.mjs marks such requests https).
 * No Max-Age: the browser forgets it when it closes; the store ends it after
 * 8 hours idle either way.
 */
export function setSessionCookie(astro: AstroGlobal, value: string): void {
  astro.cookies.set(SESSION_COOKIE, value, { httpOnly: true, sameSite: 'strict', secure: astro.url.protocol === 'https:', path: PATH });
}

export function clearSessionCookie(astro: AstroGlobal): void {
  astro.cookies.delete(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: astro.url.protocol === 'https:', path: PATH });
}
