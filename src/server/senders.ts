import type { Config } from '../config/env';
import type { Registry } from '../catalogue/registry';
import { resendMailer } from '../adapters/mail/resendMailer';
import { outboxMailer } from '../adapters/mail/outboxMailer';
import { smtpMailer } from '../adapters/mail/smtpMailer';
import { outboxSms } from '../adapters/sms/outboxSms';
import { chinaDate } from '../domain/deadlines';
import type { Clock } from '../ports/clock';
import type { Mailer } from '../ports/mailer';
import type { SmsSender } from '../ports/smsSender';

// How messages leave, chosen from the configuration for the composition root (root.ts): mail always, SMS when the
// campaign's settings turn it on. With no provider configured, both write to a local outbox: nothing is sent by accident.

/** Resend, SMTP where mail must stay in the country, else the local outbox. */
export function chooseMailer(config: Config): Mailer {
  const mail = config.mail;
  if (mail.kind === 'resend')
    return resendMailer({ apiKey: mail.apiKey, from: mail.from, timeoutMs: mail.timeoutMs, ...(mail.baseUrl ? { baseUrl: mail.baseUrl } : {}) });
  if (mail.kind === 'smtp') return smtpMailer(mail.options);
  return outboxMailer(mail.dir);
}

/** The SMS provider's SDK is loaded only when it is the one configured. */
export async function chooseSms(config: Config, settings: NonNullable<Registry['settings']['sms']>, clock: Clock): Promise<SmsSender> {
  const target = config.sms;
  if (target.kind === 'aliyun') {
    const { aliyunSms } = await import('../adapters/sms/aliyunSms');
    const today = () => chinaDate(clock.now()).replace(/-/g, '');
    return aliyunSms({ ...target, protocol: 'HTTPS', today });
  }
  if (target.kind === 'tencent') {
    const { tencentSms } = await import('../adapters/sms/tencentSms');
    return tencentSms({ ...target, protocol: 'https://', now: () => clock.now().getTime() });
  }
  return outboxSms(target.dir, (template) => settings.templates[template as keyof typeof settings.templates]?.text);
}
