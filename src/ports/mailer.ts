/** An email ready to send. Only addresses from content/ or a validated parent address go in `to`. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<event>/<reference>/<n>`: Resend sends a key once within 24 hours; the outbox once ever. */
  idempotencyKey: string;
}

export type SendResult =
  | { ok: true; id: string }
  | {
      ok: false;
      retryable: boolean;
      /** Short and free of personal data: it is stored as the job's lastError and logged. */
      reason: string;
      /**
       * The whole message went out but no answer came back (a timeout or a
       * dropped connection after SMTP's DATA): the server may have accepted
       * it. A mailer without idempotency keys (SMTP) sets it; retry later with
       * the same Message-ID rather than at once, since a resend may be a
       * second copy. Absent means the message was certainly not accepted.
       */
      maybeDelivered?: boolean;
    };

/** Sends mail. Returns failures as values; never throws for an expected failure. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<SendResult>;
  describe: string;
}
