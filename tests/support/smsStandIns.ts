// Local stand-ins for the two SMS providers, written from their documented
// protocols (not from the SDKs), so that the adapters' requests are checked
// the way the real services check them:
// - Alibaba Cloud Dysmsapi 2017-05-25, signature ACS3-HMAC-SHA256
//   (https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature):
//   SendSms and QuerySendDetails, parameters in the query string.
// - Tencent Cloud SMS 2021-01-11, signature TC3-HMAC-SHA256
//   (https://cloud.tencent.com/document/api/382/52072): SendSms and
//   PullSmsSendStatusByPhoneNumber, a JSON body.
// A request whose signature, action, signature name, template or parameters
// are wrong is refused as the provider would refuse it. Each accepted message
// is recorded; `acceptThenHang` accepts one and never answers (a timeout after
// acceptance), and `refuseNext` answers the next sends with a provider code.
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInMessage {
  provider: 'aliyun' | 'tencent';
  phone: string;
  signName: string;
  templateCode: string;
  /** Alibaba: the named parameters; Tencent: the ordered values under "1", "2", … */
  params: Record<string, string>;
  /** OutId (Alibaba) or SessionContext (Tencent). */
  tag: string;
  at: number;
}

export interface StandInAccount {
  /** Alibaba AccessKey id/secret, or Tencent SecretId/SecretKey. */
  id: string;
  secret: string;
  signName: string;
  /** Template code → the names (Alibaba) or the count (Tencent) of its parameters. */
  templates: Record<string, string[]>;
  /** Tencent only: the SmsSdkAppId. */
  appId?: string;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
/** RFC 3986 percent-encoding, as both signature specifications require. */
const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export async function smsStandIn(provider: 'aliyun' | 'tencent', account: StandInAccount) {
  const accepted: StandInMessage[] = [];
  const requests: Array<{ action: string; refused?: string }> = [];
  let refusals: string[] = [];
  let hangNext = 0;

  const send = (m: Omit<StandInMessage, 'provider' | 'at'>): { code: string; hang?: boolean } => {
    if (m.signName !== account.signName)
      return { code: provider === 'aliyun' ? 'isv.SMS_SIGNATURE_ILLEGAL' : 'FailedOperation.SignatureIncorrectOrUnapproved' };
    const names = account.templates[m.templateCode];
    if (!names) return { code: provider === 'aliyun' ? 'isv.SMS_TEMPLATE_ILLEGAL' : 'FailedOperation.TemplateIncorrectOrUnapproved' };
    const given = Object.keys(m.params);
    const wanted = provider === 'aliyun' ? names : names.map((_, i) => String(i + 1));
    if (given.length !== wanted.length || wanted.some((n) => !(n in m.params)))
      return { code: provider === 'aliyun' ? 'isv.TEMPLATE_MISSING_PARAMETERS' : 'InvalidParameterValue.TemplateParameterFormatError' };
    if (!/^1\d{10}$/.test(m.phone)) return { code: provider === 'aliyun' ? 'isv.MOBILE_NUMBER_ILLEGAL' : 'InvalidParameterValue.IncorrectPhoneNumber' };
    const refusal = refusals.shift();
    if (refusal) return { code: refusal };
    accepted.push({ provider, ...m, at: Date.now() });
    if (hangNext > 0) {
      hangNext--;
      return { code: 'OK', hang: true };
    }
    return { code: 'OK' };
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const answer = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
        res.end(JSON.stringify(json));
      };
      if (provider === 'aliyun') aliyun(req, body, answer);
      else tencent(req, body, answer);
    });
  });

  function aliyun(req: http.IncomingMessage, body: Buffer, answer: (status: number, json: unknown) => void) {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const action = String(req.headers['x-acs-action'] ?? '');
    const problem = checkAcs3(req, url, body, account);
    requests.push({ action, ...(problem ? { refused: problem } : {}) });
    if (problem) return answer(problem === 'InvalidAccessKeyId.NotFound' ? 404 : 400, { Code: problem, Message: problem, RequestId: 'stand-in' });
    if (req.headers['x-acs-version'] !== '2017-05-25') return answer(400, { Code: 'InvalidVersion', Message: 'version', RequestId: 'stand-in' });
    const q = url.searchParams;
    if (action === 'SendSms') {
      let params: Record<string, string>;
      try {
        params = JSON.parse(q.get('TemplateParam') ?? '{}') as Record<string, string>;
      } catch {
        return answer(200, { Code: 'isv.INVALID_JSON_PARAM', Message: 'json', RequestId: 'stand-in' });
      }
      const result = send({
        phone: q.get('PhoneNumbers') ?? '',
        signName: q.get('SignName') ?? '',
        templateCode: q.get('TemplateCode') ?? '',
        params,
        tag: q.get('OutId') ?? '',
      });
      if (result.hang) return; // accepted, and the answer never comes
      return answer(200, {
        Code: result.code,
        Message: result.code,
        RequestId: 'stand-in',
        ...(result.code === 'OK' ? { BizId: `biz-${accepted.length}` } : {}),
      });
    }
    if (action === 'QuerySendDetails') {
      const day = q.get('SendDate') ?? '';
      const found = accepted.filter((m) => m.provider === 'aliyun' && m.phone === q.get('PhoneNumber') && chinaDay(m.at) === day);
      return answer(200, {
        Code: 'OK',
        Message: 'OK',
        RequestId: 'stand-in',
        TotalCount: String(found.length),
        SmsSendDetailDTOs: { SmsSendDetailDTO: found.map((m) => ({ PhoneNum: m.phone, OutId: m.tag, SendStatus: 3, TemplateCode: m.templateCode })) },
      });
    }
    answer(400, { Code: 'InvalidAction.NotFound', Message: action, RequestId: 'stand-in' });
  }

  function tencent(req: http.IncomingMessage, body: Buffer, answer: (status: number, json: unknown) => void) {
    const action = String(req.headers['x-tc-action'] ?? '');
    const problem = checkTc3(req, body, account);
    requests.push({ action, ...(problem ? { refused: problem } : {}) });
    const error = (code: string) => answer(200, { Response: { Error: { Code: code, Message: code }, RequestId: 'stand-in' } });
    if (problem) return error(problem);
    if (req.headers['x-tc-version'] !== '2021-01-11') return error('InvalidParameter.Version');
    const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    if (json.SmsSdkAppId !== account.appId) return error('InvalidParameterValue.SdkAppIdNotExist');
    if (action === 'SendSms') {
      const values = (json.TemplateParamSet as string[] | undefined) ?? [];
      const phones = (json.PhoneNumberSet as string[] | undefined) ?? [];
      if (phones.length !== 1 || !phones[0]!.startsWith('+86')) return error('InvalidParameterValue.IncorrectPhoneNumber');
      const result = send({
        phone: phones[0]!.slice(3),
        signName: String(json.SignName ?? ''),
        templateCode: String(json.TemplateId ?? ''),
        params: Object.fromEntries(values.map((v, i) => [String(i + 1), v])),
        tag: String(json.SessionContext ?? ''),
      });
      if (result.hang) return;
      const ok = result.code === 'OK';
      return answer(200, {
        Response: {
          SendStatusSet: [
            {
              SerialNo: ok ? `serial-${accepted.length}` : '',
              PhoneNumber: phones[0],
              Fee: ok ? 1 : 0,
              SessionContext: json.SessionContext ?? '',
              Code: ok ? 'Ok' : result.code,
              Message: ok ? 'send success' : result.code,
              IsoCode: 'CN',
            },
          ],
          RequestId: 'stand-in',
        },
      });
    }
    if (action === 'PullSmsSendStatusByPhoneNumber') {
      const phone = String(json.PhoneNumber ?? '');
      const from = Number(json.BeginTime) * 1000;
      const found = accepted.filter((m) => m.provider === 'tencent' && `+86${m.phone}` === phone && m.at >= from);
      return answer(200, {
        Response: {
          PullSmsSendStatusSet: found.map((m, i) => ({
            PhoneNumber: phone,
            SerialNo: `serial-${i + 1}`,
            ReportStatus: 'SUCCESS',
            SessionContext: m.tag,
            UserReceiveTime: Math.floor(m.at / 1000),
          })),
          RequestId: 'stand-in',
        },
      });
    }
    error('InvalidAction');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    accepted,
    requests,
    /** The next sends are refused with these provider codes, in order. */
    refuseNext(...codes: string[]) {
      refusals = [...refusals, ...codes];
    },
    /** The next accepted send gets no answer: the client times out after the provider took it. */
    acceptThenHang() {
      hangNext++;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const chinaDay = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10).replace(/-/g, '');

/** ACS3-HMAC-SHA256: the canonical request over the signed headers and the query, signed with the AccessKey secret. */
function checkAcs3(req: http.IncomingMessage, url: URL, body: Buffer, account: StandInAccount): string | undefined {
  const auth = String(req.headers.authorization ?? '');
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return 'IncompleteSignature';
  if (m[1] !== account.id) return 'InvalidAccessKeyId.NotFound';
  const signed = m[2]!.split(';');
  if (!signed.includes('host') || !signed.includes('x-acs-date') || !signed.includes('x-acs-content-sha256')) return 'IncompleteSignature';
  if (req.headers['x-acs-content-sha256'] !== sha256(body)) return 'SignatureDoesNotMatch';
  const date = Date.parse(String(req.headers['x-acs-date'] ?? ''));
  if (!Number.isFinite(date) || Math.abs(Date.now() - date) > 15 * 60_000) return 'InvalidTimeStamp.Expired';
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [encode(k), encode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers = signed.map((name) => `${name}:${String(req.headers[name] ?? '').trim()}\n`).join('');
  const canonical = [req.method, url.pathname, query, headers, signed.join(';'), sha256(body)].join('\n');
  const expected = hmac(account.secret, `ACS3-HMAC-SHA256\n${sha256(canonical)}`).toString('hex');
  return expected === m[3] ? undefined : 'SignatureDoesNotMatch';
}

/** TC3-HMAC-SHA256: keys derived from the secret, the day and the service ("sms"), over the canonical request. */
function checkTc3(req: http.IncomingMessage, body: Buffer, account: StandInAccount): string | undefined {
  const auth = String(req.headers.authorization ?? '');
  const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return 'AuthFailure.InvalidAuthorization';
  const [, id, day, service, signedList, signature] = m;
  if (id !== account.id) return 'AuthFailure.SecretIdNotFound';
  if (service !== 'sms') return 'AuthFailure.InvalidAuthorization';
  const timestamp = Number(req.headers['x-tc-timestamp']);
  if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300) return 'AuthFailure.SignatureExpire';
  if (new Date(timestamp * 1000).toISOString().slice(0, 10) !== day) return 'AuthFailure.InvalidAuthorization';
  const signed = signedList!.split(';');
  if (!signed.includes('content-type') || !signed.includes('host')) return 'AuthFailure.InvalidAuthorization';
  // The real service is reached on port 443, where Host carries no port; the stand-in listens elsewhere.
  const value = (name: string) => (name === 'host' ? String(req.headers.host ?? '').replace(/:\d+$/, '') : String(req.headers[name] ?? ''));
  const headers = signed.map((name) => `${name}:${value(name).trim().toLowerCase()}\n`).join('');
  const canonical = ['POST', '/', '', headers, signed.join(';'), sha256(body)].join('\n');
  const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${day}/${service}/tc3_request\n${sha256(canonical)}`;
  const key = hmac(hmac(hmac(`TC3${account.secret}`, day!), service!), 'tc3_request');
  return hmac(key, toSign).toString('hex') === signature ? undefined : 'AuthFailure.SignatureFailure';
}
