// Helpers for the bureau workspace's tests: links from the outbox, signing in
// over HTTP, and a second composition root beside a test server (the same
// data folder, so the same SQLite file and site secret) whose clock a test
// sets, to make links and sessions that are already old.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfig } from '../../src/config/env';
import { registry } from '../../src/catalogue/registry';
import { createRoot, type Root } from '../../src/server/root';
import type { Clock } from '../../src/ports/clock';
import { postForm } from './intakeForms';
import type { RunningServer } from './server';

export const outboxOf = (server: Pick<RunningServer, 'dataDir'>) => join(server.dataDir, 'outbox');

/** Sign-in emails in an outbox for a body, oldest first: recipient and the link's token. */
export function signInMails(outbox: string, body: string): Array<{ to: string; url: string; token: string; subject: string }> {
  let names: string[] = [];
  try {
    names = readdirSync(outbox).filter((n) => n.startsWith(`workspace.signin_${body.replace(/[^A-Za-z0-9.-]/g, '_')}_`) && n.endsWith('.json'));
  } catch {
    return [];
  }
  return names
    .map((n) => JSON.parse(readFileSync(join(outbox, n), 'utf8')) as { to: string; text: string; subject: string; writtenAt: string })
    .sort((a, b) => a.writtenAt.localeCompare(b.writtenAt))
    .map((m) => {
      const url = /https?:\/\/\S+\/bureau\/signin\/\?t=\S+/.exec(m.text)![0];
      return { to: m.to, subject: m.subject, url, token: new URL(url).searchParams.get('t')! };
    });
}

/** Waits for the next sign-in email of a body (the site sends it in the background). */
export async function nextSignInMail(outbox: string, body: string, seen: number, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = signInMails(outbox, body);
    if (mails.length > seen) return mails[seen]!;
    if (Date.now() > deadline) throw new Error(`no sign-in email for ${body} in ${outbox}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits for the bureau's answer link in the email about a complaint (the site
 * sends it in the background: on a busy machine the outbox folder itself may
 * not exist yet when the page has answered).
 */
export async function answerLinkFor(outbox: string, reference: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let names: string[] = [];
    try {
      names = readdirSync(outbox);
    } catch {
      // Not written yet.
    }
    const file = names.find((f) => f.includes(reference) && f.endsWith('.json'));
    const link = file && /http:\/\/\S+\/answer\/\?t=\S+/.exec((JSON.parse(readFileSync(join(outbox, file), 'utf8')) as { text: string }).text)?.[0];
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no email about ${reference} in ${outbox}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Waits until `count()` reaches `expected` (the site sends sign-in mail in the
 * background, slower on a busy machine), then a moment more so that a mail
 * beyond it would be seen too; returns the count.
 */
export async function settledMailCount(count: () => number, expected: number, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (count() < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  return count();
}

/** The session cookie's value from a response's Set-Cookie. */
export const sessionCookieOf = (response: Response) => /sw_workspace=([^;]+)/.exec(response.headers.getSetCookie().join('\n'))?.[1];

/** Asks for a body's link, opens it, confirms, and returns the cookie header that signs in. */
export async function signInOverHttp(server: RunningServer, body: string, headers: Record<string, string> = {}): Promise<string> {
  const outbox = outboxOf(server);
  const seen = signInMails(outbox, body).length;
  const asked = await postForm(`${server.url}/bureau/`, { body }, headers);
  if (asked.status !== 200) throw new Error(`link request answered ${asked.status}`);
  const mail = await nextSignInMail(outbox, body, seen);
  const signedIn = await postForm(`${server.url}/bureau/signin/`, { t: mail.token }, headers);
  const cookie = sessionCookieOf(signedIn);
  if (signedIn.status !== 303 || !cookie) throw new Error(`sign-in answered ${signedIn.status}`);
  return `sw_workspace=${cookie}`;
}

/** A movable clock. */
export const movableClock = (start: Date): Clock & { set(at: Date): void } => {
  let now = start;
  return { now: () => now, set: (at) => void (now = at) };
};

/**
 * A composition root on a test server's data folder (its SQLite file, its
 * outbox, and its site secret unless `secret` names another deployment's).
 */
export async function rootBeside(server: RunningServer, options: { clock?: Clock; secret?: string } = {}): Promise<Root> {
  const check = checkConfig({
    SCHOOLWATCH_DATA_DIR: server.dataDir,
    OUTBOX_DIR: outboxOf(server),
    SITE_URL: server.url,
    ...(options.secret ? { SITE_SECRET: options.secret } : {}),
  });
  if (!check.ok) throw new Error(check.problems.join('\n'));
  return createRoot({ ...check.config, dispatch: { ...check.config.dispatch, background: false } }, registry, {
    ...(options.clock ? { clock: options.clock } : {}),
    log: () => {},
  });
}
