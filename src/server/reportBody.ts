import busboy from 'busboy';
import { once } from 'node:events';
import { BODY_LIMIT, readFormBody, type FormBody } from './http';
import { jsonLog } from './log';
import { EVIDENCE_LIMITS } from '../domain/evidence';
import { uploadOf, type Upload } from './services/evidenceUpload';
import type { Admission } from './services/uploads';
import type { SpooledFile, UploadSpool } from '../ports/uploadSpool';

/**
 * The report form's body cap when it carries images (multipart/form-data):
 * three files at their limit and the answers. Every other body, and this
 * form without images, keeps the 32 KB cap of http.ts.
 */
export const REPORT_MULTIPART_LIMIT = EVIDENCE_LIMITS.perComplaint * EVIDENCE_LIMITS.fileBytes + 1024 * 1024;

const TOO_LARGE = `图片加起来太大：一次最多 ${EVIDENCE_LIMITS.perComplaint} 张，每张不超过 ${EVIDENCE_LIMITS.fileBytes / 1024 / 1024} MB。您填写的内容没有保存，请重新填写后少附几张图片。`;
const BAD_FORMAT = '提交的内容格式不对，请从网页上的表单提交。';
const INCOMPLETE = '提交的内容不完整，请重新提交。';
const LIMITED = '上传图片太频繁，这次提交的内容没有收到。请过一段时间再试。';

/**
 * The report page's body: text fields as `readFormBody` gives them, plus the
 * files of the `evidence` field; `filesDropped` says why they were drained
 * unread (no place for them, or the store could not admit them: the page
 * says so, 503, answers kept); `release` frees the upload's place once the
 * page has answered.
 */
export type ReportBody =
  | (FormBody & { files?: Upload[]; filesDropped?: 'busy' | 'unavailable'; release?: () => void })
  | { ok: false; kind: 'limited'; errors: Record<string, string>; retryAfterSeconds: number };

/**
 * Reads the report page's POST. multipart/form-data (the form with its file
 * field) is streamed through busboy: a body that may carry images (over 32
 * KB, or of unknown length) is first admitted from the client's address
 * alone (services/uploads.ts), so an over-limit client is answered before
 * its body is read; each file goes as it arrives to the admission's spool
 * (encrypted temporary files, adapters/encryptedSpool.ts), never to disk as
 * sent, and is read back only while it is processed; `release` removes them.
 * A body of at most 32 KB is not admitted (it cannot carry a photo) and its
 * files are held in memory. Anything else goes to `readFormBody` unchanged.
 */
export async function readReportBody(request: Request, admit?: () => Promise<Admission>): Promise<ReportBody> {
  const type = request.headers.get('content-type') ?? '';
  if (type.split(';')[0]!.trim().toLowerCase() !== 'multipart/form-data') return readFormBody(request);
  const declared = request.headers.get('content-length');
  if (Number(declared ?? 0) > REPORT_MULTIPART_LIMIT) return { ok: false, kind: 'too-large', errors: { body: TOO_LARGE } };
  let admission: Admission = { kind: 'admitted', release: () => undefined };
  if (admit && (declared === null || Number(declared) > BODY_LIMIT)) admission = await admit();
  if (admission.kind === 'limited') return { ok: false, kind: 'limited', errors: { evidence: LIMITED }, retryAfterSeconds: admission.retryAfterSeconds };
  // Busy or a store that cannot admit: the images are drained unread, the answers still read and kept.
  const keepFiles = admission.kind === 'admitted';
  const spooled: SpooledFile[] = [];
  const body = await readMultipart(request, type, keepFiles, admission.kind === 'admitted' ? admission.spool : undefined, spooled);
  if (admission.kind === 'admitted') {
    const { release } = admission;
    const done = () => {
      release();
      for (const file of spooled.splice(0)) void file.discard();
    };
    if (!body.ok) done();
    else body.release = done;
  }
  return body.ok && admission.kind !== 'admitted' ? { ...body, filesDropped: admission.kind } : body;
}

/**
 * The fields, and the files when `keepFiles` (else each is drained unread,
 * only its name kept): into `spool` when there is one, each added to
 * `spooled` once kept (also when the body then fails: the caller removes them).
 */
async function readMultipart(request: Request, type: string, keepFiles: boolean, spool: UploadSpool | undefined, spooled: SpooledFile[]): Promise<ReportBody> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { 'content-type': type },
      defParamCharset: 'utf8',
      limits: { fileSize: EVIDENCE_LIMITS.fileBytes, fieldSize: BODY_LIMIT, fields: 100, parts: 200 },
    });
  } catch {
    return { ok: false, kind: 'malformed', errors: { body: BAD_FORMAT } };
  }
  const fields: Record<string, string> = {};
  const files: Upload[] = [];
  /** Files on their way to the spool: each settles once its stream has ended or failed. */
  const keeping: Array<Promise<void>> = [];
  let failed = false;
  const parsed = new Promise<boolean>((resolve) => {
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (name, stream, info) => {
      // Past the images a complaint may carry, a file is counted (the page refuses too many) but not held.
      const held = keepFiles && name === 'evidence' && files.length < EVIDENCE_LIMITS.perComplaint;
      const upload: Upload = uploadOf(info.filename ?? '', new Uint8Array(0));
      if (name === 'evidence') files.push(upload);
      // A body cut short (a phone losing signal, a part without its closing
      // boundary) errors the file's stream; without a listener that error
      // would end the process. The parser's own 'error' answers the request.
      stream.on('error', () => undefined);
      if (!held) {
        stream.resume();
        return;
      }
      // Over the per-file cap: the file is refused (busboy drains the rest; a spooled part is removed).
      stream.on('limit', () => (upload.tooLarge = true));
      if (spool) {
        keeping.push(
          spool.keep(stream).then(
            (file) => {
              spooled.push(file);
              if (upload.tooLarge) return;
              upload.size = file.size;
              upload.read = file.read;
            },
            // The disk failed (503 when the image is processed) or the body was cut short (400 before that).
            (error: unknown) => void (upload.read = () => Promise.reject(error)),
          ),
        );
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => void (upload.tooLarge || chunks.push(chunk)));
      stream.on('end', () => {
        if (!upload.tooLarge) Object.assign(upload, uploadOf(upload.name, Buffer.concat(chunks)));
        chunks.length = 0;
      });
    });
    parser.on('close', () => resolve(true));
    parser.on('error', () => {
      failed = true;
      resolve(false);
    });
  });
  if (request.body) {
    const reader = request.body.getReader();
    let size = 0;
    for (;;) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch (error) {
        jsonLog('info', 'request.incomplete', { reason: (error as NodeJS.ErrnoException)?.code ?? (error as Error)?.name ?? 'unknown' });
        parser.destroy();
        await Promise.all(keeping);
        return { ok: false, kind: 'malformed', errors: { body: INCOMPLETE } };
      }
      if (read.done || failed) break;
      size += read.value.byteLength;
      if (size > REPORT_MULTIPART_LIMIT) {
        await reader.cancel().catch(() => undefined);
        parser.destroy();
        await Promise.all(keeping);
        return { ok: false, kind: 'too-large', errors: { body: TOO_LARGE } };
      }
      if (!parser.write(read.value)) await Promise.race([once(parser, 'drain'), parsed]);
    }
  }
  if (!failed) parser.end();
  const ok = await parsed;
  await Promise.all(keeping);
  if (!ok) return { ok: false, kind: 'malformed', errors: { body: BAD_FORMAT } };
  return { ok: true, fields, files };
}
