/** An email ready to send. Only addresses from content/ or a validated parent address go in `to`. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<event>/<reference>/<n>`: Resend sends a key once within 24 hours; the outbox once ever. */
  idempotencyKey: string;
}

export type SendResult = { ok: true; id: string } | { ok: false; retryable: boolean; reason: string };

/** Sends mail. Returns failures as values; never throws for an expected failure. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  describe: string;
}
