// The SMTP part of the configuration, as a pure function over an env record:
// config/env.ts calls it with the process's environment. Every problem is
// one line naming the variable and what is expected, never its value (a
// password or key must not reach a log). Node 24 imports this file directly
// (type stripping): erasable TypeScript only, `import type` for types.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { z } from 'astro/zod';
import type { SmtpOptions } from './smtpOptions.ts';

type Env = Record<string, string | undefined>;

type Tls = SmtpOptions['tls'];

export interface SmtpConfig {
  /** Undefined when SMTP is not configured (no SMTP_URL, no SMTP_HOST) or when there are problems. */
  options?: SmtpOptions;
  problems: string[];
}

/** Reads a file named by a *_FILE variable (a DKIM key, a CA); the caller passes fs.readFileSync(path, 'utf8'). */
export type ReadFile = (path: string) => string;

const ms = (name: string, min: number, max: number, why = '') =>
  z
    .string()
    .regex(/^\d+$/, { error: `${name} must be a whole number of milliseconds from ${min} to ${max}${why}` })
    .transform(Number)
    .refine((n) => n >= min && n <= max, { error: `${name} must be a whole number of milliseconds from ${min} to ${max}${why}` });

const schema = z.object({
  SMTP_URL: z.string().optional(),
  SMTP_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:[\]-]+$/, { error: 'SMTP_HOST must be a host name or IP address alone (no smtp://, no port)' })
    .optional(),
  SMTP_PORT: z
    .string()
    .regex(/^\d{1,5}$/, { error: 'SMTP_PORT must be a whole number from 1 to 65535' })
    .transform(Number)
    .refine((n) => n >= 1 && n <= 65535, { error: 'SMTP_PORT must be a whole number from 1 to 65535' })
    .optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_TLS: z
    .enum(['implicit', 'starttls', 'none'], { error: 'SMTP_TLS must be implicit (TLS from the start, port 465), starttls (port 587) or none' })
    .optional(),
  SMTP_TLS_CA_FILE: z.string().optional(),
  SMTP_DKIM_DOMAIN: z
    .string()
    .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z0-9-]+$/i, { error: 'SMTP_DKIM_DOMAIN must be a domain name, e.g. bureau.example' })
    .optional(),
  SMTP_DKIM_SELECTOR: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/i, { error: 'SMTP_DKIM_SELECTOR must be letters, digits, dots, hyphens or underscores, e.g. sw2026' })
    .optional(),
  SMTP_DKIM_PRIVATE_KEY: z.string().optional(),
  SMTP_DKIM_PRIVATE_KEY_FILE: z.string().optional(),
  SMTP_CONNECT_TIMEOUT_MS: ms('SMTP_CONNECT_TIMEOUT_MS', 100, 60_000).optional(),
  SMTP_GREETING_TIMEOUT_MS: ms('SMTP_GREETING_TIMEOUT_MS', 100, 60_000).optional(),
  SMTP_SOCKET_TIMEOUT_MS: ms('SMTP_SOCKET_TIMEOUT_MS', 100, 60_000).optional(),
  SMTP_SEND_TIMEOUT_MS: ms('SMTP_SEND_TIMEOUT_MS', 1000, 55_000, ", below the dispatcher's 60-second lease").optional(),
  MAIL_FROM: z.string().optional(),
});

/** The variables this function reads; any of them set without a server is a problem. */
export const SMTP_VARIABLES = Object.keys(schema.shape).filter((name) => name !== 'MAIL_FROM');

const PORTS: Record<Tls, number> = { implicit: 465, starttls: 587, none: 25 };
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** `名称 <user@domain>` or `user@domain` → the address, or undefined. */
function fromAddress(from: string): string | undefined {
  const address = (/^[^<>]*<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim();
  return z.email().safeParse(address).success ? address : undefined;
}

/** Where to connect, from SMTP_URL or the separate variables. */
function server(e: z.infer<typeof schema>, problems: string[]) {
  if (!e.SMTP_URL) return { host: e.SMTP_HOST?.replace(/^\[(.*)\]$/, '$1'), port: e.SMTP_PORT, user: e.SMTP_USER, pass: e.SMTP_PASSWORD, tls: e.SMTP_TLS };
  const alsoSet = (['SMTP_HOST', 'SMTP_PORT', 'SMTP_USER', 'SMTP_PASSWORD'] as const).filter((n) => e[n] !== undefined);
  if (alsoSet.length) problems.push(`SMTP_URL is set together with ${alsoSet.join(', ')}: give the server in one of the two ways`);
  let url: URL | undefined;
  try {
    url = new URL(e.SMTP_URL);
  } catch {
    // reported below
  }
  if (!url || !/^smtps?:$/.test(url.protocol) || !url.hostname || (url.pathname !== '' && url.pathname !== '/') || url.search || url.hash) {
    problems.push(
      'SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465 (user and password percent-encoded, no path or query)',
    );
    return {};
  }
  let tls = e.SMTP_TLS;
  if (url.protocol === 'smtps:') {
    if (tls && tls !== 'implicit') problems.push('SMTP_TLS contradicts SMTP_URL: smtps:// means TLS from the start (implicit)');
    tls = 'implicit';
  }
  const decode = (s: string) => (s ? decodeURIComponent(s) : undefined);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : undefined,
    user: decode(url.username),
    pass: decode(url.password),
    tls,
  };
}

function readPem(name: string, path: string, readFile: ReadFile | undefined, problems: string[]): string | undefined {
  if (!readFile) return void problems.push(`${name} cannot be read: no file reader was given to parseSmtpConfig`);
  try {
    return readFile(path);
  } catch {
    return void problems.push(`${name} names a file that cannot be read by this process`);
  }
}

function dkim(e: z.infer<typeof schema>, fromDomain: string | undefined, readFile: ReadFile | undefined, problems: string[]): SmtpOptions['dkim'] {
  const parts = {
    SMTP_DKIM_DOMAIN: e.SMTP_DKIM_DOMAIN,
    SMTP_DKIM_SELECTOR: e.SMTP_DKIM_SELECTOR,
    'SMTP_DKIM_PRIVATE_KEY (or SMTP_DKIM_PRIVATE_KEY_FILE)': e.SMTP_DKIM_PRIVATE_KEY ?? e.SMTP_DKIM_PRIVATE_KEY_FILE,
  };
  const missing = Object.entries(parts)
    .filter(([, v]) => v === undefined)
    .map(([n]) => n);
  if (missing.length === 3) return undefined;
  if (missing.length)
    return void problems.push(
      `DKIM needs SMTP_DKIM_DOMAIN, SMTP_DKIM_SELECTOR and SMTP_DKIM_PRIVATE_KEY (or SMTP_DKIM_PRIVATE_KEY_FILE) together: ${missing.join(', ')} missing`,
    );
  if (e.SMTP_DKIM_PRIVATE_KEY && e.SMTP_DKIM_PRIVATE_KEY_FILE)
    return void problems.push('SMTP_DKIM_PRIVATE_KEY and SMTP_DKIM_PRIVATE_KEY_FILE are both set: use one');
  const name = e.SMTP_DKIM_PRIVATE_KEY ? 'SMTP_DKIM_PRIVATE_KEY' : 'SMTP_DKIM_PRIVATE_KEY_FILE';
  // An env file holds one line: a key given inline may carry its line breaks as \n.
  const pem = e.SMTP_DKIM_PRIVATE_KEY?.replace(/\\n/g, '\n') ?? readPem(name, e.SMTP_DKIM_PRIVATE_KEY_FILE!, readFile, problems);
  if (pem === undefined) return undefined;
  try {
    createPrivateKey(pem);
  } catch {
    return void problems.push(`${name} must hold a PEM private key (-----BEGIN PRIVATE KEY----- …)`);
  }
  const domain = e.SMTP_DKIM_DOMAIN!.toLowerCase();
  if (fromDomain && fromDomain !== domain && !fromDomain.endsWith(`.${domain}`)) {
    return void problems.push(
      "SMTP_DKIM_DOMAIN must be MAIL_FROM's domain or a parent of it, or receiving servers will not count the signature (DMARC alignment)",
    );
  }
  return { domainName: domain, keySelector: e.SMTP_DKIM_SELECTOR!, privateKey: pem };
}

/**
 * SMTP settings from an env record. Nothing set: `{ problems: [] }` (no
 * SMTP). A server given (SMTP_URL, or SMTP_HOST with SMTP_PORT, SMTP_USER,
 * SMTP_PASSWORD and SMTP_TLS): options, or the problems that stop it.
 * SMTP_TLS defaults to implicit on port 465 and starttls elsewhere; the port
 * defaults to 465, 587 or 25 by SMTP_TLS. MAIL_FROM is required with SMTP.
 */
export function parseSmtpConfig(env: Env, readFile?: ReadFile): SmtpConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) return { problems: [...new Set(parsed.error.issues.map((issue) => issue.message))] };
  const e = parsed.data;
  const problems: string[] = [];
  if (!e.SMTP_URL && !e.SMTP_HOST) {
    const stray = SMTP_VARIABLES.filter((n) => cleaned[n] !== undefined);
    return {
      problems: stray.length ? [`${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'} set without SMTP_HOST or SMTP_URL: name the mail server too`] : [],
    };
  }
  const s = server(e, problems);
  const tls: Tls = s.tls ?? (s.port === 465 ? 'implicit' : 'starttls');
  const port = s.port ?? PORTS[tls];
  if (port === 465 && tls !== 'implicit') problems.push('SMTP_TLS must be implicit on port 465 (the port speaks TLS from the first byte)');
  if (tls === 'implicit' && (port === 587 || port === 25))
    problems.push(`SMTP_TLS=implicit does not fit port ${port}, which starts in plain text: use starttls`);
  if (Boolean(s.user) !== Boolean(s.pass)) problems.push(s.user ? 'SMTP_PASSWORD is required with SMTP_USER' : 'SMTP_USER is required with SMTP_PASSWORD');
  if (s.pass && tls === 'none' && !LOOPBACK.has(s.host ?? ''))
    problems.push('SMTP_TLS=none would send SMTP_PASSWORD unencrypted: use starttls or implicit, or a relay on this machine (localhost)');
  const sender = e.MAIL_FROM === undefined ? undefined : fromAddress(e.MAIL_FROM);
  if (e.MAIL_FROM === undefined)
    problems.push('MAIL_FROM is required with SMTP: the address the mail server lets you send from, e.g. 校务监督 <noreply@bureau.example>');
  else if (!sender) problems.push('MAIL_FROM must be an address: 名称 <user@domain> or user@domain');
  const signing = dkim(e, sender?.split('@').pop()?.toLowerCase(), readFile, problems);
  const ca = e.SMTP_TLS_CA_FILE ? readPem('SMTP_TLS_CA_FILE', e.SMTP_TLS_CA_FILE, readFile, problems) : undefined;
  if (ca !== undefined && !isCertificate(ca)) problems.push('SMTP_TLS_CA_FILE must name a PEM certificate (-----BEGIN CERTIFICATE----- …)');
  if (problems.length) return { problems };
  const timeouts = Object.fromEntries(
    (
      [
        ['connectMs', e.SMTP_CONNECT_TIMEOUT_MS],
        ['greetingMs', e.SMTP_GREETING_TIMEOUT_MS],
        ['socketMs', e.SMTP_SOCKET_TIMEOUT_MS],
        ['totalMs', e.SMTP_SEND_TIMEOUT_MS],
      ] as const
    ).filter(([, v]) => v !== undefined),
  );
  const options: SmtpOptions = {
    host: s.host!,
    port,
    tls,
    from: e.MAIL_FROM!,
    ...(s.user && s.pass ? { auth: { user: s.user, pass: s.pass } } : {}),
    ...(ca ? { ca } : {}),
    ...(signing ? { dkim: signing } : {}),
    ...(Object.keys(timeouts).length ? { timeouts } : {}),
  };
  return { options, problems };
}

function isCertificate(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}
