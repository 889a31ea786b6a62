import { readFormBody, type FormBody } from './http';
import { jsonLog } from './log';
import { EVIDENCE_LIMITS } from '../domain/evidence';
import type { Upload } from './services/evidence';

/**
 * The report form's body cap when it carries images (multipart/form-data):
 * three files at their limit and the answers. Every other body, and this
 * form without images, keeps the 32 KB cap of http.ts.
 */
export const REPORT_MULTIPART_LIMIT = EVIDENCE_LIMITS.perComplaint * EVIDENCE_LIMITS.fileBytes + 1024 * 1024;

const TOO_LARGE = `图片加起来太大：一次最多 ${EVIDENCE_LIMITS.perComplaint} 张，每张不超过 ${EVIDENCE_LIMITS.fileBytes / 1024 / 1024} MB。您填写的内容没有保存，请重新填写后少附几张图片。`;

/** The report page's body: text fields as `readFormBody` gives them, plus the files of the `evidence` field. */
export type ReportBody = FormBody & { files?: Upload[] };

async function readBytes(request: Request, limit: number): Promise<Uint8Array | { status: number; message: string }> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) return { status: 413, message: TOO_LARGE };
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let read: ReadableStreamReadResult<Uint8Array>;
    try {
      read = await reader.read();
    } catch (error) {
      jsonLog('info', 'request.incomplete', { reason: (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.name ?? 'unknown' });
      return { status: 400, message: '提交的内容不完整，请重新提交。' };
    }
    if (read.done) break;
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { status: 413, message: TOO_LARGE };
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}

/**
 * Reads the report page's POST: multipart/form-data (the form with its file
 * field) is read up to REPORT_MULTIPART_LIMIT and parsed by the platform's
 * own parser; anything else goes to `readFormBody` unchanged.
 */
export async function readReportBody(request: Request): Promise<ReportBody> {
  const type = request.headers.get('content-type') ?? '';
  if (type.split(';')[0]!.trim().toLowerCase() !== 'multipart/form-data') return readFormBody(request);
  const bytes = await readBytes(request, REPORT_MULTIPART_LIMIT);
  if (!(bytes instanceof Uint8Array)) return { ok: false, status: bytes.status, errors: { body: bytes.message } };
  let form: FormData;
  try {
    form = await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': type } }).formData();
  } catch {
    return { ok: false, status: 400, errors: { body: '提交的内容格式不对，请从网页上的表单提交。' } };
  }
  const fields: Record<string, string> = {};
  const files: Upload[] = [];
  for (const [name, value] of form) {
    if (typeof value === 'string') fields[name] = value;
    else if (name === 'evidence') files.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return { ok: true, fields, files };
}
