/**
 * How short messages to parents leave: Alibaba Cloud SMS, Tencent Cloud SMS,
 * or, with neither, a local folder (development). The provider is chosen by
 * SMS_PROVIDER and each one's credentials are required when it is chosen,
 * so that a deployment that meant to send SMS never starts writing files
 * instead. What the messages say (signature and template codes) is content:
 * `sms` in content/site.yaml. Only erasable TypeScript, as env.ts.
 */

export type SmsTarget =
  | { kind: 'aliyun'; accessKeyId: string; accessKeySecret: string; endpoint: string; timeoutMs: number }
  | { kind: 'tencent'; secretId: string; secretKey: string; appId: string; region: string; endpoint: string; timeoutMs: number }
  | { kind: 'outbox'; dir: string };

const NEEDS = {
  aliyun: ['ALIYUN_SMS_ACCESS_KEY_ID', 'ALIYUN_SMS_ACCESS_KEY_SECRET'],
  tencent: ['TENCENT_SMS_SECRET_ID', 'TENCENT_SMS_SECRET_KEY', 'TENCENT_SMS_APP_ID'],
} as const;

/** Reads what envSchema has already checked value by value; says what is missing for the chosen provider. */
export function parseSmsConfig(env: Record<string, string>): { target?: SmsTarget; problems: string[] } {
  const provider = env.SMS_PROVIDER;
  const timeoutMs = Number(env.SMS_TIMEOUT_MS ?? 10_000);
  if (provider !== 'aliyun' && provider !== 'tencent') {
    // Credentials without a provider would be silently unused.
    const stray = [...NEEDS.aliyun, ...NEEDS.tencent].filter((name) => name in env);
    if (stray.length > 0) return { problems: [`Missing environment variable SMS_PROVIDER: ${stray[0]} is set without it (aliyun or tencent)`] };
    return { target: { kind: 'outbox', dir: env.SMS_OUTBOX_DIR ?? '.sms-outbox' }, problems: [] };
  }
  const problems = NEEDS[provider].filter((name) => !(name in env)).map((name) => `Missing environment variable ${name}: SMS_PROVIDER=${provider} needs it`);
  if (problems.length > 0) return { problems };
  if (provider === 'aliyun')
    return {
      target: {
        kind: 'aliyun',
        accessKeyId: env.ALIYUN_SMS_ACCESS_KEY_ID!,
        accessKeySecret: env.ALIYUN_SMS_ACCESS_KEY_SECRET!,
        endpoint: env.ALIYUN_SMS_ENDPOINT ?? 'dysmsapi.aliyuncs.com',
        timeoutMs,
      },
      problems,
    };
  return {
    target: {
      kind: 'tencent',
      secretId: env.TENCENT_SMS_SECRET_ID!,
      secretKey: env.TENCENT_SMS_SECRET_KEY!,
      appId: env.TENCENT_SMS_APP_ID!,
      region: env.TENCENT_SMS_REGION ?? 'ap-guangzhou',
      endpoint: env.TENCENT_SMS_ENDPOINT ?? 'sms.tencentcloudapi.com',
      timeoutMs,
    },
    problems,
  };
}
