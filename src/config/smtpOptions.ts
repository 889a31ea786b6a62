// What the SMTP mailer receives (adapters/mail/smtpMailer.ts): the shape
// config/smtp.ts builds from the environment. Types only, so that the
// adapter depends on configuration's shape, not on how it is parsed.

/** How long each phase of one send may take. */
export interface SmtpTimeouts {
  /** TCP connect, DNS included. */
  connectMs: number;
  /** From connected to the server's 220 greeting (and a STARTTLS upgrade). */
  greetingMs: number;
  /** Longest silence of the server once the session runs (each reply, the one after DATA included). */
  socketMs: number;
  /** The whole send. Keep it below the dispatcher's lease (60 s), or a second dispatcher may take the job meanwhile. */
  totalMs: number;
}

/** Everything the SMTP mailer needs; parseSmtpConfig builds it, the composition root hands it to the SMTP mailer (adapters/mail/smtpMailer.ts), which never reads env. */
export interface SmtpOptions {
  host: string;
  port: number;
  /**
   * `implicit`: TLS from the first byte (port 465). `starttls`: plain, then
   * upgraded; a server that does not offer STARTTLS is refused, so a
   * password never crosses the network in clear. `none`: never encrypted,
   * only for a relay on the same machine or a trusted LAN.
   */
  tls: 'implicit' | 'starttls' | 'none';
  /** PEM of a private CA that the server's certificate chains to (a bureau's own mail server). */
  ca?: string;
  auth?: { user: string; pass: string };
  /** The From header and the envelope sender: `名称 <address@domain>` or `address@domain`. */
  from: string;
  /** The part after @ in each Message-ID; the From address's domain by default. */
  messageIdDomain?: string;
  /** Signs each message (relaxed/relaxed, rsa-sha256) when set. */
  dkim?: { domainName: string; keySelector: string; privateKey: string };
  timeouts?: Partial<SmtpTimeouts>;
}
