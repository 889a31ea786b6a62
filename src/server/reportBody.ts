import { HttpError, readBodyBytes, readFormBody, type FormBody } from './http';
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

/**
 * Reads the report page's POST: multipart/form-data (the form with its file
 * field) is read up to REPORT_MULTIPART_LIMIT and parsed by the platform's
 * own parser; anything else goes to `readFormBody` unchanged.
 */
export async function readReportBody(request: Request): Promise<ReportBody> {
  const type = request.headers.get('content-type') ?? '';
  if (type.split(';')[0]!.trim().toLowerCase() !== 'multipart/form-data') return readFormBody(request);
  let bytes: Buffer;
  try {
    bytes = await readBodyBytes(request, REPORT_MULTIPART_LIMIT, TOO_LARGE);
  } catch (error) {
    if (error instanceof HttpError) return { ok: false, status: error.status, errors: error.errors };
    throw error;
  }
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
