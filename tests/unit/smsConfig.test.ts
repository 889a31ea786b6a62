import { describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/config/env';

const problems = (env: Record<string, string>) => {
  const check = checkConfig(env);
  return check.ok ? [] : check.problems;
};

describe('SMS settings in the environment', () => {
  it('with no provider, short messages go to a local folder', () => {
    const check = checkConfig({});
    expect(check.ok && check.config.sms).toEqual({ kind: 'outbox', dir: '.sms-outbox' });
  });

  it('Alibaba Cloud: the AccessKey pair is required, the endpoint has its default', () => {
    expect(problems({ SMS_PROVIDER: 'aliyun' })).toEqual([
      'Missing environment variable ALIYUN_SMS_ACCESS_KEY_ID: SMS_PROVIDER=aliyun needs it',
      'Missing environment variable ALIYUN_SMS_ACCESS_KEY_SECRET: SMS_PROVIDER=aliyun needs it',
    ]);
    const check = checkConfig({ SMS_PROVIDER: 'aliyun', ALIYUN_SMS_ACCESS_KEY_ID: 'id', ALIYUN_SMS_ACCESS_KEY_SECRET: 'secret' });
    expect(check.ok && check.config.sms).toEqual({
      kind: 'aliyun',
      accessKeyId: 'id',
      accessKeySecret: 'secret',
      endpoint: 'dysmsapi.aliyuncs.com',
      timeoutMs: 10_000,
    });
  });

  it('Tencent Cloud: the secret pair and the SMS application are required', () => {
    expect(problems({ SMS_PROVIDER: 'tencent', TENCENT_SMS_SECRET_ID: 'id' })).toEqual([
      'Missing environment variable TENCENT_SMS_SECRET_KEY: SMS_PROVIDER=tencent needs it',
      'Missing environment variable TENCENT_SMS_APP_ID: SMS_PROVIDER=tencent needs it',
    ]);
    const check = checkConfig({ SMS_PROVIDER: 'tencent', TENCENT_SMS_SECRET_ID: 'id', TENCENT_SMS_SECRET_KEY: 'key', TENCENT_SMS_APP_ID: '1400000001' });
    expect(check.ok && check.config.sms).toEqual({
      kind: 'tencent',
      secretId: 'id',
      secretKey: 'key',
      appId: '1400000001',
      region: 'ap-guangzhou',
      endpoint: 'sms.tencentcloudapi.com',
      timeoutMs: 10_000,
    });
  });

  it('refuses an unknown provider and credentials without a provider', () => {
    expect(problems({ SMS_PROVIDER: 'twilio' })).toEqual(['Invalid environment variable SMS_PROVIDER: must be aliyun or tencent']);
    expect(problems({ TENCENT_SMS_SECRET_ID: 'id' })).toEqual([
      'Missing environment variable SMS_PROVIDER: TENCENT_SMS_SECRET_ID is set without it (aliyun or tencent)',
    ]);
  });
});
