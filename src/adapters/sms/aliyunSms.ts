import DysmsapiModule, { QuerySendDetailsRequest, SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import type { SendResult } from '../../ports/mailer';
import type { OutgoingSms, SmsSender } from '../../ports/smsSender';

export interface AliyunSmsOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** host[:port]; dysmsapi.aliyuncs.com unless a test points it at a stand-in. */
  endpoint: string;
  protocol: 'HTTPS' | 'HTTP';
  timeoutMs: number;
  /** Today in China as YYYYMMDD: QuerySendDetails looks up one day. */
  today: () => string;
}

// The SDK is CommonJS with its class on `default`: Node's ESM import wraps it once more.
const Dysmsapi = ((DysmsapiModule as unknown as { default?: typeof DysmsapiModule }).default ?? DysmsapiModule) as typeof DysmsapiModule;

/**
 * Codes that will fail the same way however often they are retried: the
 * number, the template or the signature is wrong. Everything else (flow
 * control, balance, the service itself) is retried by the dispatcher.
 * https://help.aliyun.com/zh/sms/developer-reference/api-error-codes
 */
const FINAL =
  /^isv\.(MOBILE_NUMBER_ILLEGAL|MOBILE_COUNT_OVER_LIMIT|TEMPLATE_MISSING_PARAMETERS|SMS_TEMPLATE_ILLEGAL|SMS_SIGNATURE_ILLEGAL|SMS_SIGN_ILLEGAL|PARAM_LENGTH_LIMIT|INVALID_PARAMETERS|BLACK_KEY_CONTROL_LIMIT|DENY_IP_RANGE)$|^(InvalidAccessKeyId|SignatureDoesNotMatch|Forbidden)/;

/**
 * Alibaba Cloud SMS (Dysmsapi 2017-05-25, SendSms) through its official SDK,
 * which signs each request (ACS3-HMAC-SHA256). The job id goes as OutId: SMS
 * has no idempotency key, so after an attempt that may have been accepted the
 * adapter asks QuerySendDetails whether a message with that OutId went out
 * today before sending again.
 */
export function aliyunSms(options: AliyunSmsOptions): SmsSender {
  const client = new Dysmsapi(
    new $OpenApiUtil.Config({
      accessKeyId: options.accessKeyId,
      accessKeySecret: options.accessKeySecret,
      endpoint: options.endpoint,
      protocol: options.protocol,
      connectTimeout: options.timeoutMs,
      readTimeout: options.timeoutMs,
    }),
  );

  const alreadySent = async (sms: OutgoingSms): Promise<string | undefined> => {
    const answer = await client.querySendDetails(new QuerySendDetailsRequest({ phoneNumber: sms.to, sendDate: options.today(), pageSize: 50, currentPage: 1 }));
    const found = answer.body?.smsSendDetailDTOs?.smsSendDetailDTO?.find((d) => d.outId === sms.idempotencyKey && d.sendStatus !== 2);
    return found ? `aliyun ${found.outId}` : undefined;
  };

  return {
    describe: `Alibaba Cloud SMS (${options.endpoint})`,
    async send(sms): Promise<SendResult> {
      try {
        if (sms.afterUncertain) {
          const id = await alreadySent(sms);
          if (id) return { ok: true, id };
        }
        const answer = await client.sendSms(
          new SendSmsRequest({
            phoneNumbers: sms.to,
            signName: sms.signName,
            templateCode: sms.templateCode,
            templateParam: JSON.stringify(Object.fromEntries(sms.params.map((p) => [p.name, p.value]))),
            outId: sms.idempotencyKey,
          }),
        );
        const code = answer.body?.code ?? 'no-code';
        if (code === 'OK') return { ok: true, id: answer.body?.bizId ?? 'aliyun' };
        return { ok: false, retryable: !FINAL.test(code), reason: `aliyun ${code}` };
      } catch (error) {
        return failure(error);
      }
    },
  };
}

/** An exception from the SDK: a refusal with a code (HTTP 4xx/5xx) or the network. Only the code is kept: no number, no text. */
function failure(error: unknown): SendResult {
  const e = error as { code?: unknown; statusCode?: unknown; name?: string };
  const code = typeof e?.code === 'string' ? e.code : undefined;
  if (code && typeof e.statusCode === 'number')
    return { ok: false, retryable: !FINAL.test(code) && e.statusCode !== 400, reason: `aliyun ${e.statusCode} ${code}` };
  // No answer: the request may have been accepted before the connection dropped.
  return { ok: false, retryable: true, reason: `aliyun network ${code ?? e?.name ?? 'error'}`.slice(0, 80), maybeDelivered: true };
}
