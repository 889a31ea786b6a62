import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliyunSms } from '../../src/adapters/sms/aliyunSms';
import { tencentSms } from '../../src/adapters/sms/tencentSms';
import type { OutgoingSms, SmsSender } from '../../src/ports/smsSender';
import { smsStandIn } from '../support/smsStandIns';

// Each adapter against a local stand-in that checks the provider's request
// signing and parameters as documented (tests/support/smsStandIns.ts).

const message = (over: Partial<OutgoingSms> = {}): OutgoingSms => ({
  to: '13800001234',
  template: 'update',
  templateCode: 'T-UPDATE',
  signName: '示例教育局',
  params: [
    { name: 'reference', value: 'JB-20261207-ABCD' },
    { name: 'status', value: '办理中' },
  ],
  idempotencyKey: 'parent.sms/JB-20261207-ABCD/2',
  ...over,
});

const account = {
  id: 'AKID-EXAMPLE',
  secret: 'secret-for-tests-only',
  signName: '示例教育局',
  templates: { 'T-UPDATE': ['reference', 'status'] },
  appId: '1400000001',
};

/** Resolves every host to the stand-in, so the Tencent adapter signs for the real host name (its service, "sms", comes from it). */
const toLocal = new http.Agent({
  lookup: ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
    options.all ? callback(null, [{ address: '127.0.0.1', family: 4 }]) : callback(null, '127.0.0.1', 4)) as never,
});

type StandIn = Awaited<ReturnType<typeof smsStandIn>>;

const providers: Array<{ name: 'aliyun' | 'tencent'; make: (standIn: StandIn, secret?: string, timeoutMs?: number) => SmsSender }> = [
  {
    name: 'aliyun',
    make: (s, secret = account.secret, timeoutMs = 2000) =>
      aliyunSms({
        accessKeyId: account.id,
        accessKeySecret: secret,
        endpoint: `127.0.0.1:${s.port}`,
        protocol: 'HTTP',
        timeoutMs,
        today: () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, ''),
      }),
  },
  {
    name: 'tencent',
    make: (s, secret = account.secret, timeoutMs = 2000) =>
      tencentSms({
        secretId: account.id,
        secretKey: secret,
        appId: account.appId,
        region: 'ap-guangzhou',
        endpoint: `sms.tencentcloudapi.com:${s.port}`,
        protocol: 'http://',
        timeoutMs,
        agent: toLocal,
        now: () => Date.now(),
      }),
  },
];

describe.each(providers)('$name SMS adapter against its stand-in', ({ name, make }) => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await smsStandIn(name, account);
  });
  afterAll(async () => {
    await standIn.close();
  });

  it('sends a signed request the provider accepts, with the template and its parameters', async () => {
    const before = standIn.accepted.length;
    const result = await make(standIn).send(message());
    expect(result.ok).toBe(true);
    expect(standIn.accepted.slice(before)).toEqual([
      expect.objectContaining({
        phone: '13800001234',
        signName: '示例教育局',
        templateCode: 'T-UPDATE',
        params: name === 'aliyun' ? { reference: 'JB-20261207-ABCD', status: '办理中' } : { '1': 'JB-20261207-ABCD', '2': '办理中' },
        tag: 'parent.sms/JB-20261207-ABCD/2',
      }),
    ]);
  });

  it('is refused with a wrong secret, and does not retry what cannot succeed', async () => {
    const result = await make(standIn, 'not-the-secret').send(message());
    expect(result).toEqual({
      ok: false,
      retryable: false,
      reason: name === 'aliyun' ? 'aliyun 400 SignatureDoesNotMatch' : 'tencent AuthFailure.SignatureFailure',
    });
    expect(standIn.requests.at(-1)?.refused).toBe(name === 'aliyun' ? 'SignatureDoesNotMatch' : 'AuthFailure.SignatureFailure');
  });

  it('tells a final refusal (unknown template) from one worth retrying (flow control)', async () => {
    const unknown = await make(standIn).send(message({ templateCode: 'T-NONE' }));
    expect(unknown).toEqual({
      ok: false,
      retryable: false,
      reason: name === 'aliyun' ? 'aliyun isv.SMS_TEMPLATE_ILLEGAL' : 'tencent FailedOperation.TemplateIncorrectOrUnapproved',
    });
    standIn.refuseNext(name === 'aliyun' ? 'isv.BUSINESS_LIMIT_CONTROL' : 'LimitExceeded.PhoneNumberThirtySecondLimit');
    const limited = await make(standIn).send(message());
    expect(limited).toEqual({
      ok: false,
      retryable: true,
      reason: name === 'aliyun' ? 'aliyun isv.BUSINESS_LIMIT_CONTROL' : 'tencent LimitExceeded.PhoneNumberThirtySecondLimit',
    });
  });

  it('after a timeout that followed acceptance, asks the provider and does not send a second copy', async () => {
    const key = `parent.sms/JB-UNCERTAIN-${name}/3`;
    standIn.acceptThenHang();
    const first = await make(standIn, account.secret, 500).send(message({ idempotencyKey: key }));
    expect(first).toMatchObject({ ok: false, retryable: true, maybeDelivered: true });
    const retry = await make(standIn).send(message({ idempotencyKey: key, afterUncertain: true }));
    expect(retry.ok).toBe(true);
    expect(standIn.accepted.filter((m) => m.tag === key)).toHaveLength(1);
  });

  it('after a timeout before acceptance, the retry sends it once', async () => {
    const key = `parent.sms/JB-LOST-${name}/4`;
    const retry = await make(standIn).send(message({ idempotencyKey: key, afterUncertain: true }));
    expect(retry.ok).toBe(true);
    expect(standIn.accepted.filter((m) => m.tag === key)).toHaveLength(1);
  });
});
