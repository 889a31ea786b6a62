// The acceptance path with the embedded SQLite store: a parent files a
// complaint through the HTML form, the server restarts, and the receipt code
// still finds the complaint. A reload of the confirmation page files nothing new.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DatabaseSync } from 'node:sqlite';
import { startServer, type RunningServer } from '../support/server';
import { hiddenFields, postForm, sampleAspect, sampleSchool, textOf, titleOf } from '../support/intakeForms';

const dataDir = mkdtempSync(join(tmpdir(), 'schoolwatch-restart-'));
const servers: RunningServer[] = [];
const description = '重启测试：学校在国庆假期组织初二学生到校补课，每天八节课。';

async function serve(): Promise<RunningServer> {
  const server = await startServer({ SCHOOLWATCH_DATA_DIR: dataDir });
  servers.push(server);
  return server;
}

/** What the database in the data folder holds, read as an operator would with sqlite3. */
function stored(): { complaints: string[]; receipts: number; jobs: string[] } {
  const db = new DatabaseSync(join(dataDir, 'schoolwatch.db'), { readOnly: true });
  try {
    const column = (sql: string) =>
      db
        .prepare(sql)
        .all()
        .map((row) => String(Object.values(row)[0]));
    return {
      complaints: column('SELECT reference FROM complaints ORDER BY reference'),
      receipts: column('SELECT receipt_hash FROM complaints').length,
      jobs: column('SELECT id FROM jobs'),
    };
  } finally {
    db.close();
  }
}

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

describe('a complaint filed through the form survives a restart', () => {
  let formKey: string;
  let submitted: Record<string, string>;
  let reference: string;
  let receiptCode: string;

  it('files the complaint: check page, then confirmation with a reference and a receipt code', async () => {
    const server = await serve();
    const check = await postForm(`${server.url}/report/`, {
      step: 'check',
      website: '',
      school: sampleSchool.id,
      aspect: sampleAspect.id,
      description,
      occurredOn: '',
      anonymous: 'true',
      contactConsent: 'false',
    });
    expect(check.status).toBe(200);
    const checkHtml = await check.text();
    expect(titleOf(checkHtml)).toMatch(/^检查填写内容/);
    const hidden = hiddenFields(checkHtml);
    expect(hidden).toMatchObject({ school: sampleSchool.id, aspect: sampleAspect.id, description, anonymous: 'true' });
    expect(hidden.formKey).toMatch(/^form-[0-9A-Z]{26}$/);
    formKey = hidden.formKey!;
    submitted = { ...hidden, step: 'submit' };

    const done = await postForm(`${server.url}/report/`, submitted);
    expect(done.status).toBe(200);
    const html = await done.text();
    expect(titleOf(html)).toMatch(/^举报已提交/);
    reference = textOf(html, 'data-reference')!;
    receiptCode = textOf(html, 'data-receipt-code')!;
    expect(reference).toMatch(/^JB-\d{8}-[0-9A-Z]{8}$/);
    expect(receiptCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
  });

  it('shows the same receipt code when the confirmation is reloaded (same formKey)', async () => {
    const [server] = servers;
    const again = await postForm(`${server!.url}/report/`, submitted);
    expect(again.status).toBe(200);
    const html = await again.text();
    expect(textOf(html, 'data-reference')).toBe(reference);
    expect(textOf(html, 'data-receipt-code')).toBe(receiptCode);
  });

  it('stops on SIGTERM with one complaint and its job stored', async () => {
    const [server] = servers;
    await server!.stop('SIGTERM');
    expect(server!.process.exitCode).toBe(0);
    const { complaints, receipts, jobs } = stored();
    expect(complaints).toEqual([reference]);
    expect(receipts).toBe(1);
    // Its one notification job is still queued or already sent to the local outbox.
    for (const job of jobs) expect(job).toBe(`complaint.filed/${reference}`);
  });

  it('finds the complaint by its receipt code after the restart', async () => {
    const server = await serve();
    const res = await postForm(`${server.url}/report/status/`, { receiptCode: receiptCode.toLowerCase() });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(titleOf(html)).toContain(reference);
    expect(textOf(html, 'data-status')).toBe('待受理');
    expect(html).toContain(sampleSchool.name);
    expect(html).not.toContain(description);
  });

  it('still answers a reload of the confirmation after the restart, filing nothing new', async () => {
    const server = servers.at(-1)!;
    const html = await (await postForm(`${server.url}/report/`, { ...submitted, formKey })).text();
    expect(textOf(html, 'data-receipt-code')).toBe(receiptCode);
    await server.stop();
    expect(stored().complaints).toEqual([reference]);
  });

  it('answers an unknown code with the error summary', async () => {
    const server = await serve();
    const res = await postForm(`${server.url}/report/status/`, { receiptCode: '00000-00000-00000-00000' });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(titleOf(html)).toMatch(/^错误：/);
    expect(html).toContain('class="error-summary"');
    expect(html).toContain('href="#receiptCode"');
  });
});
