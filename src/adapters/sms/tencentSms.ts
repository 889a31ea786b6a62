import type { Agent } from 'node:http';
import { sms as tencent } from 'tencentcloud-sdk-nodejs-sms';
import type { SendResult } from '../../ports/mailer';
import type { OutgoingSms, SmsSender } from '../../ports/smsSender';

export interface TencentSmsOptions {
  secretId: string;
  secretKey: string;
  /** The SMS application (SmsSdkAppId, 1400…). */
  appId: string;
  region: string;
  /** host[:port]; sms.tencentcloudapi.com. Its first label names the service in the signature. */
  endpoint: string;
  protocol: 'https://' | 'http://';
  timeoutMs: number;
  /** Tests only: resolves the real host name to a local stand-in. */
  agent?: Agent;
  now: () => number;
}

/**
 * Codes that fail the same way on every retry: the number, template, sign or
 * credentials are wrong. Limits, balance and the service itself are retried.
 * https://cloud.tencent.com/document/api/382/52075
 */
const FINAL =
  /^(InvalidParameterValue|FailedOperation\.(TemplateIncorrectOrUnapproved|SignatureIncorrectOrUnapproved|PhoneNumberInBlacklist|MissingTemplateToModify|ContainSensitiveWord)|UnauthorizedOperation|AuthFailure|UnsupportedOperation|MissingParameter|InvalidParameter)/;

/**
 * Tencent Cloud SMS (API 2021-01-11, SendSms) through its official SDK, which
 * signs each request (TC3-HMAC-SHA256). The job id goes as SessionContext:
 * after an attempt that may have been accepted, the adapter asks
 * PullSmsSendStatusByPhoneNumber for the last day's reports before sending again.
 */
export function tencentSms(options: TencentSmsOptions): SmsSender {
  const client = new tencent.v20210111.Client({
    credential: { secretId: options.secretId, secretKey: options.secretKey },
    region: options.region,
    profile: {
      httpProfile: {
        endpoint: options.endpoint,
        protocol: options.protocol,
        reqTimeout: Math.ceil(options.timeoutMs / 1000),
        ...(options.agent ? { agent: options.agent } : {}),
      },
    },
  });
  const e164 = (mobile: string) => `+86${mobile}`;

  const alreadySent = async (sms: OutgoingSms): Promise<string | undefined> => {
    const end = Math.floor(options.now() / 1000);
    const answer = await client.PullSmsSendStatusByPhoneNumber({
      PhoneNumber: e164(sms.to),
      SmsSdkAppId: options.appId,
      BeginTime: end - 86_400,
      EndTime: end,
      Offset: 0,
      Limit: 100,
    });
    const found = answer.PullSmsSendStatusSet?.find((s) => s.SessionContext === sms.idempotencyKey);
    return found ? `tencent ${found.SerialNo ?? 'sent'}` : undefined;
  };

  return {
    describe: `Tencent Cloud SMS (${options.endpoint})`,
    async send(sms): Promise<SendResult> {
      try {
        if (sms.afterUncertain) {
          const id = await alreadySent(sms);
          if (id) return { ok: true, id };
        }
        const answer = await client.SendSms({
          PhoneNumberSet: [e164(sms.to)],
          SmsSdkAppId: options.appId,
          SignName: sms.signName,
          TemplateId: sms.templateCode,
          TemplateParamSet: sms.params.map((p) => p.value),
          SessionContext: sms.idempotencyKey,
        });
        const status = answer.SendStatusSet?.[0];
        if (status?.Code === 'Ok') return { ok: true, id: status.SerialNo ?? 'tencent' };
        const code = status?.Code ?? 'no-status';
        return { ok: false, retryable: !FINAL.test(code), reason: `tencent ${code}` };
      } catch (error) {
        return failure(error);
      }
    },
  };
}

/** A refusal of the whole request carries a code; anything else is the network, where the message may have gone out. */
function failure(error: unknown): SendResult {
  const e = error as { code?: unknown; name?: string };
  const code = typeof e?.code === 'string' && e.code !== '' ? e.code : undefined;
  if (code && /^[A-Z][A-Za-z]+(\.[A-Za-z]+)*$/.test(code)) return { ok: false, retryable: !FINAL.test(code), reason: `tencent ${code}` };
  return { ok: false, retryable: true, reason: `tencent network ${e?.name ?? 'error'}`.slice(0, 80), maybeDelivered: true };
}
