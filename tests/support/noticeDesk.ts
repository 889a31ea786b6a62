// Helpers for the tests of notices written in the workspace: the emails a
// notice's steps queue (in a server's outbox), signing in as a named person
// over HTTP, and the Nu HTML checker over a folder of saved answers.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './content';
import { postForm } from './intakeForms';
import { nextSignInMail, outboxOf, sessionCookieOf, signInMails } from './workspace';
import type { RunningServer } from './server';

/** The notice emails in an outbox for notice `id`: recipient, subject and text, by the step's revision. */
export function noticeMails(outbox: string, id: string): Array<{ to: string; subject: string; text: string; key: string }> {
  let names: string[] = [];
  try {
    names = readdirSync(outbox).filter((n) => n.startsWith(`notice.mail_${id}_`) && n.endsWith('.json'));
  } catch {
    return [];
  }
  return names
    .map((n) => JSON.parse(readFileSync(join(outbox, n), 'utf8')) as { to: string; subject: string; text: string; idempotencyKey: string })
    .map((m) => ({ to: m.to, subject: m.subject, text: m.text, key: m.idempotencyKey }))
    .sort((a, b) => Number(a.key.split('/').at(-1)) - Number(b.key.split('/').at(-1)));
}

/** Waits until notice `id` has `count` emails (the dispatcher sends in the background), then a moment more to see any beyond. */
export async function settledNoticeMails(outbox: string, id: string, count: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (noticeMails(outbox, id).length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 300));
  return noticeMails(outbox, id);
}

/** Signs in over HTTP as the registered person at `address` of body `body`; the cookie header. */
export async function signInAs(server: RunningServer, body: string, address: string): Promise<string> {
  const outbox = outboxOf(server);
  const seen = signInMails(outbox, body).length;
  const asked = await postForm(`${server.url}/bureau/`, { body, step: 'person', address });
  if (asked.status !== 200) throw new Error(`link request answered ${asked.status}`);
  const mail = await nextSignInMail(outbox, body, seen);
  if (mail.to !== address) throw new Error(`the link went to ${mail.to}`);
  const signedIn = await postForm(`${server.url}/bureau/signin/`, { t: mail.token });
  const cookie = sessionCookieOf(signedIn);
  if (signedIn.status !== 303 || !cookie) throw new Error(`sign-in answered ${signedIn.status}`);
  return `sw_workspace=${cookie}`;
}

/** The W3C Nu HTML checker (vnu.jar from npm, on the machine's Java) over a folder: its errors. */
export function nuErrors(dir: string): Promise<Array<{ url: string; lastLine?: number; message: string }>> {
  const jar = join(root, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', dir], { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      try {
        resolve((JSON.parse(stderr) as { messages: Array<{ url: string; lastLine?: number; message: string }> }).messages);
      } catch {
        reject(error ?? new Error(stderr));
      }
    });
  });
}
