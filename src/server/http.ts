/** Largest request body accepted: a complaint is a few KB; 32 KB leaves room for form encoding of Chinese text. */
export const BODY_LIMIT = 32 * 1024;

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: Record<string, string>,
  ) {
    super(`HTTP ${status}`);
  }
}

/** Reads at most `limit` bytes of the body; a larger body is a 413 without reading the rest. */
export async function readBodyText(request: Request, limit = BODY_LIMIT): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw new HttpError(413, { body: `提交的内容太长（上限 ${limit / 1024} KB）` });
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new HttpError(413, { body: `提交的内容太长（上限 ${limit / 1024} KB）` });
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HttpError(400, { body: '提交的内容不是有效的 UTF-8 文字' });
  }
}

/** The body as an object of fields, from JSON or a url-encoded form; anything else is 415. */
export async function readFields(request: Request): Promise<{ fields: unknown; form: boolean }> {
  const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && type !== 'application/x-www-form-urlencoded') {
    throw new HttpError(415, { body: '只接受 application/json 或 application/x-www-form-urlencoded 格式的提交' });
  }
  const text = await readBodyText(request);
  if (type === 'application/x-www-form-urlencoded') return { fields: Object.fromEntries(new URLSearchParams(text)), form: true };
  try {
    return { fields: JSON.parse(text) as unknown, form: false };
  } catch {
    throw new HttpError(400, { body: '提交的内容不是有效的 JSON' });
  }
}

/** A JSON response that no cache keeps. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers } });
}
