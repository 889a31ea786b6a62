// parseSmtpConfig: which SMTP settings an env record gives, and the one-line
// problems (variable and what is expected, never the value) when it gives
// none that can work.
import { generateKeyPairSync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { generate } from 'selfsigned';
import { parseSmtpConfig, type ReadFile } from '../../src/config/smtp';
import { run } from '../support/project';

const FROM = '亳州市教育局校务监督 <noreply@jyj.bozhou.example>';
const PASSWORD = 'pa55/word:with@signs';
const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A fake file system for the *_FILE variables. */
const files: Record<string, string> = { '/etc/schoolwatch/dkim.pem': KEY };
beforeAll(async () => {
  files['/etc/ssl/bureau-ca.pem'] = (await generate([{ name: 'commonName', value: 'Bureau CA' }], { keySize: 2048, algorithm: 'sha256' })).cert;
});
const readFile: ReadFile = (path) => {
  const text = files[path];
  if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  return text;
};

describe('SMTP settings that work', () => {
  it.each([
    [
      'a provider on 465 by URL',
      { SMTP_URL: 'smtps://noreply%40jyj.bozhou.example:pa55%2Fword%3Awith%40signs@smtp.mail-provider.example', MAIL_FROM: FROM },
      { host: 'smtp.mail-provider.example', port: 465, tls: 'implicit', from: FROM, auth: { user: 'noreply@jyj.bozhou.example', pass: PASSWORD } },
    ],
    [
      'a provider on 587 by URL',
      { SMTP_URL: 'smtp://user:secret@smtp.mail-provider.example:587', MAIL_FROM: FROM },
      { host: 'smtp.mail-provider.example', port: 587, tls: 'starttls', from: FROM, auth: { user: 'user', pass: 'secret' } },
    ],
    [
      'separate variables, port 465 implies implicit TLS',
      { SMTP_HOST: 'smtp.mail-provider.example', SMTP_PORT: '465', SMTP_USER: 'u', SMTP_PASSWORD: PASSWORD, MAIL_FROM: FROM },
      { host: 'smtp.mail-provider.example', port: 465, tls: 'implicit', from: FROM, auth: { user: 'u', pass: PASSWORD } },
    ],
    [
      'separate variables, no port: STARTTLS on 587',
      { SMTP_HOST: 'mail.jyj.bozhou.example', MAIL_FROM: FROM },
      { host: 'mail.jyj.bozhou.example', port: 587, tls: 'starttls', from: FROM },
    ],
    [
      'SMTP_TLS=implicit, no port: 465',
      { SMTP_HOST: 'mail.jyj.bozhou.example', SMTP_TLS: 'implicit', MAIL_FROM: FROM },
      { host: 'mail.jyj.bozhou.example', port: 465, tls: 'implicit', from: FROM },
    ],
    [
      'a relay on this machine, plain, with a password',
      { SMTP_HOST: 'localhost', SMTP_TLS: 'none', SMTP_USER: 'u', SMTP_PASSWORD: 'p', MAIL_FROM: FROM },
      { host: 'localhost', port: 25, tls: 'none', from: FROM, auth: { user: 'u', pass: 'p' } },
    ],
    [
      'a relay on the LAN, plain, no password',
      { SMTP_HOST: '10.20.0.5', SMTP_PORT: '25', SMTP_TLS: 'none', MAIL_FROM: 'noreply@jyj.bozhou.example' },
      { host: '10.20.0.5', port: 25, tls: 'none', from: 'noreply@jyj.bozhou.example' },
    ],
    ['an IPv6 relay by URL', { SMTP_URL: 'smtp://[::1]:2525', SMTP_TLS: 'none', MAIL_FROM: FROM }, { host: '::1', port: 2525, tls: 'none', from: FROM }],
    [
      'timeouts',
      { SMTP_HOST: 'mail.jyj.bozhou.example', MAIL_FROM: FROM, SMTP_CONNECT_TIMEOUT_MS: '5000', SMTP_SEND_TIMEOUT_MS: '30000' },
      { host: 'mail.jyj.bozhou.example', port: 587, tls: 'starttls', from: FROM, timeouts: { connectMs: 5000, totalMs: 30000 } },
    ],
    [
      'empty values count as unset',
      { SMTP_HOST: 'mail.jyj.bozhou.example', SMTP_PORT: '', SMTP_USER: '', MAIL_FROM: FROM },
      { host: 'mail.jyj.bozhou.example', port: 587, tls: 'starttls', from: FROM },
    ],
  ])('%s', (_name, env, options) => {
    expect(parseSmtpConfig(env, readFile)).toEqual({ options, problems: [] });
  });

  it('DKIM from a key file, the signing domain a parent of the From domain', () => {
    const env = {
      SMTP_HOST: 'mail.jyj.bozhou.example',
      MAIL_FROM: FROM,
      SMTP_DKIM_DOMAIN: 'bozhou.example',
      SMTP_DKIM_SELECTOR: 'sw2026',
      SMTP_DKIM_PRIVATE_KEY_FILE: '/etc/schoolwatch/dkim.pem',
    };
    expect(parseSmtpConfig(env, readFile).options?.dkim).toEqual({ domainName: 'bozhou.example', keySelector: 'sw2026', privateKey: KEY });
  });

  it('a private CA from a file', () => {
    const env = { SMTP_HOST: 'mail.jyj.bozhou.example', MAIL_FROM: FROM, SMTP_TLS_CA_FILE: '/etc/ssl/bureau-ca.pem' };
    expect(parseSmtpConfig(env, readFile)).toEqual({
      options: { host: 'mail.jyj.bozhou.example', port: 587, tls: 'starttls', from: FROM, ca: files['/etc/ssl/bureau-ca.pem'] },
      problems: [],
    });
  });

  it('DKIM from an inline key whose line breaks are written \\n (one line of an env file)', () => {
    const env = {
      SMTP_HOST: 'mail.jyj.bozhou.example',
      MAIL_FROM: FROM,
      SMTP_DKIM_DOMAIN: 'jyj.bozhou.example',
      SMTP_DKIM_SELECTOR: 'sw2026',
      SMTP_DKIM_PRIVATE_KEY: KEY.replace(/\n/g, '\\n'),
    };
    expect(parseSmtpConfig(env).options?.dkim).toEqual({ domainName: 'jyj.bozhou.example', keySelector: 'sw2026', privateKey: KEY });
  });
});

describe('no SMTP', () => {
  it('nothing set: no options, no problems (Resend or the outbox is used)', () => {
    expect(parseSmtpConfig({})).toEqual({ problems: [] });
    expect(parseSmtpConfig({ MAIL_FROM: FROM, RESEND_API_KEY: 're_x' })).toEqual({ problems: [] });
  });
});

const base = { SMTP_HOST: 'mail.jyj.bozhou.example', MAIL_FROM: FROM };
const dkim = { SMTP_DKIM_DOMAIN: 'jyj.bozhou.example', SMTP_DKIM_SELECTOR: 'sw2026' };

describe('SMTP settings that cannot work, one line each', () => {
  it.each([
    [
      'settings without a server',
      { SMTP_PORT: '587', SMTP_PASSWORD: PASSWORD },
      ['SMTP_PORT, SMTP_PASSWORD are set without SMTP_HOST or SMTP_URL: name the mail server too'],
    ],
    ['a port that is not one', { ...base, SMTP_PORT: '70000' }, ['SMTP_PORT must be a whole number from 1 to 65535']],
    ['a port that is a word', { ...base, SMTP_PORT: 'smtp' }, ['SMTP_PORT must be a whole number from 1 to 65535']],
    ['an unknown TLS mode', { ...base, SMTP_TLS: 'ssl' }, ['SMTP_TLS must be implicit (TLS from the start, port 465), starttls (port 587) or none']],
    ['a host with a scheme', { ...base, SMTP_HOST: 'smtp://mail.x.example' }, ['SMTP_HOST must be a host name or IP address alone (no smtp://, no port)']],
    [
      'a URL of another scheme',
      { SMTP_URL: 'https://mail.x.example', MAIL_FROM: FROM },
      ['SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465 (user and password percent-encoded, no path or query)'],
    ],
    [
      'a URL with a query',
      { SMTP_URL: 'smtp://mail.x.example?pool=true', MAIL_FROM: FROM },
      ['SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465 (user and password percent-encoded, no path or query)'],
    ],
    [
      'a URL and separate variables',
      { SMTP_URL: 'smtp://mail.x.example', SMTP_HOST: 'other.example', SMTP_PASSWORD: PASSWORD, MAIL_FROM: FROM },
      ['SMTP_URL is set together with SMTP_HOST, SMTP_PASSWORD: give the server in one of the two ways'],
    ],
    [
      'smtps:// with SMTP_TLS=starttls',
      { SMTP_URL: 'smtps://mail.x.example', SMTP_TLS: 'starttls', MAIL_FROM: FROM },
      ['SMTP_TLS contradicts SMTP_URL: smtps:// means TLS from the start (implicit)'],
    ],
    [
      'port 465 with STARTTLS',
      { ...base, SMTP_PORT: '465', SMTP_TLS: 'starttls' },
      ['SMTP_TLS must be implicit on port 465 (the port speaks TLS from the first byte)'],
    ],
    [
      'implicit TLS on 587',
      { ...base, SMTP_PORT: '587', SMTP_TLS: 'implicit' },
      ['SMTP_TLS=implicit does not fit port 587, which starts in plain text: use starttls'],
    ],
    ['a user without a password', { ...base, SMTP_USER: 'u' }, ['SMTP_PASSWORD is required with SMTP_USER']],
    ['a password without a user', { ...base, SMTP_PASSWORD: PASSWORD }, ['SMTP_USER is required with SMTP_PASSWORD']],
    [
      'a password in clear over the network',
      { ...base, SMTP_TLS: 'none', SMTP_USER: 'u', SMTP_PASSWORD: PASSWORD },
      ['SMTP_TLS=none would send SMTP_PASSWORD unencrypted: use starttls or implicit, or a relay on this machine (localhost)'],
    ],
    [
      'no MAIL_FROM',
      { SMTP_HOST: 'mail.x.example' },
      ['MAIL_FROM is required with SMTP: the address the mail server lets you send from, e.g. 校务监督 <noreply@bureau.example>'],
    ],
    ['a MAIL_FROM that is no address', { ...base, MAIL_FROM: '校务监督' }, ['MAIL_FROM must be an address: 名称 <user@domain> or user@domain']],
    [
      'half a DKIM set-up',
      { ...base, SMTP_DKIM_DOMAIN: 'jyj.bozhou.example' },
      [
        'DKIM needs SMTP_DKIM_DOMAIN, SMTP_DKIM_SELECTOR and SMTP_DKIM_PRIVATE_KEY (or SMTP_DKIM_PRIVATE_KEY_FILE) together: SMTP_DKIM_SELECTOR, SMTP_DKIM_PRIVATE_KEY (or SMTP_DKIM_PRIVATE_KEY_FILE) missing',
      ],
    ],
    [
      'a DKIM key that is not one',
      { ...base, ...dkim, SMTP_DKIM_PRIVATE_KEY: 'not-a-key-0123456789' },
      ['SMTP_DKIM_PRIVATE_KEY must hold a PEM private key (-----BEGIN PRIVATE KEY----- …)'],
    ],
    [
      'both DKIM key variables',
      { ...base, ...dkim, SMTP_DKIM_PRIVATE_KEY: KEY, SMTP_DKIM_PRIVATE_KEY_FILE: '/etc/schoolwatch/dkim.pem' },
      ['SMTP_DKIM_PRIVATE_KEY and SMTP_DKIM_PRIVATE_KEY_FILE are both set: use one'],
    ],
    [
      'a DKIM key file that is missing',
      { ...base, ...dkim, SMTP_DKIM_PRIVATE_KEY_FILE: '/etc/schoolwatch/missing.pem' },
      ['SMTP_DKIM_PRIVATE_KEY_FILE names a file that cannot be read by this process'],
    ],
    [
      'a DKIM domain that does not align with From',
      { ...base, ...dkim, SMTP_DKIM_DOMAIN: 'mail-provider.example', SMTP_DKIM_PRIVATE_KEY: KEY },
      ["SMTP_DKIM_DOMAIN must be MAIL_FROM's domain or a parent of it, or receiving servers will not count the signature (DMARC alignment)"],
    ],
    [
      'a DKIM selector with spaces',
      { ...base, ...dkim, SMTP_DKIM_SELECTOR: 'my key', SMTP_DKIM_PRIVATE_KEY: KEY },
      ['SMTP_DKIM_SELECTOR must be letters, digits, dots, hyphens or underscores, e.g. sw2026'],
    ],
    [
      'a CA file that holds no certificate',
      { ...base, SMTP_TLS_CA_FILE: '/etc/schoolwatch/dkim.pem' },
      ['SMTP_TLS_CA_FILE must name a PEM certificate (-----BEGIN CERTIFICATE----- …)'],
    ],
    [
      'a send timeout longer than the lease',
      { ...base, SMTP_SEND_TIMEOUT_MS: '90000' },
      ["SMTP_SEND_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 55000, below the dispatcher's 60-second lease"],
    ],
    ['a timeout in seconds', { ...base, SMTP_SOCKET_TIMEOUT_MS: '20s' }, ['SMTP_SOCKET_TIMEOUT_MS must be a whole number of milliseconds from 100 to 60000']],
    [
      'several at once',
      { ...base, SMTP_USER: 'u', MAIL_FROM: 'nobody' },
      ['SMTP_PASSWORD is required with SMTP_USER', 'MAIL_FROM must be an address: 名称 <user@domain> or user@domain'],
    ],
  ])('%s', (_name, env, problems) => {
    const result = parseSmtpConfig(env, readFile);
    expect(result).toEqual({ problems });
    // A problem names the variable, never its value: no password, key or credential-bearing URL in a log.
    const secrets = (['SMTP_PASSWORD', 'SMTP_URL', 'SMTP_DKIM_PRIVATE_KEY', 'SMTP_DKIM_PRIVATE_KEY_FILE', 'SMTP_TLS_CA_FILE', 'SMTP_HOST'] as const)
      .map((n) => (env as Record<string, string>)[n])
      .filter((v) => v !== undefined);
    for (const value of secrets) for (const line of result.problems) expect(line).not.toContain(value);
  });

  it('a file variable without a reader', () => {
    expect(parseSmtpConfig({ ...base, SMTP_TLS_CA_FILE: '/etc/ssl/bureau-ca.pem' })).toEqual({
      problems: ['SMTP_TLS_CA_FILE cannot be read: no file reader was given to parseSmtpConfig'],
    });
  });
});

describe('the module', () => {
  it('is imported by Node 24 directly (type stripping, no build step)', async () => {
    const script = `const { parseSmtpConfig } = await import('./src/config/smtp.ts');
console.log(JSON.stringify(parseSmtpConfig({ SMTP_URL: 'smtps://u:p@smtp.mail-provider.example', MAIL_FROM: 'noreply@jyj.bozhou.example' })));`;
    const { code, output } = await run(['--input-type=module', '--no-warnings', '-e', script], { timeoutMs: 30_000 });
    expect({ code, output: output.trim() }).toEqual({
      code: 0,
      output: JSON.stringify({
        options: { host: 'smtp.mail-provider.example', port: 465, tls: 'implicit', from: 'noreply@jyj.bozhou.example', auth: { user: 'u', pass: 'p' } },
        problems: [],
      }),
    });
  });
});
