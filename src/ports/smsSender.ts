import type { SendResult } from './mailer';

/**
 * The short messages a parent can receive. Each is a template approved by
 * the provider in advance (Chinese SMS services send nothing else); the
 * codes are named per city in content/site.yaml (`sms.templates`).
 */
export type SmsTemplate = 'update' | 'question' | 'rating' | 'followUp';

/**
 * A short message ready to send. Its parameters are the complaint's
 * reference and its state in words: never the complaint's text, a name or
 * the receipt code (domain/smsText.ts decides what goes in).
 */
export interface OutgoingSms {
  /** A mainland mobile number, 11 digits. */
  to: string;
  template: SmsTemplate;
  /** The template code from settings (e.g. SMS_123456789 or 1234567). */
  templateCode: string;
  signName: string;
  /** In the order the template names them: Tencent's templates number their slots ({1}, {2}); Alibaba's name them. */
  params: Array<{ name: string; value: string }>;
  /** The dispatcher's job id: sent as OutId (Alibaba) or SessionContext (Tencent), so a retry can ask whether it went. */
  idempotencyKey: string;
  /** An earlier attempt may have been accepted (a timeout after sending): ask the provider before sending again. */
  afterUncertain?: boolean;
}

/** Sends short messages. Returns failures as values; never throws for an expected failure. */
export interface SmsSender {
  send(sms: OutgoingSms): Promise<SendResult>;
  describe: string;
}
