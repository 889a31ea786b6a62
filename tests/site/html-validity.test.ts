// Every page kind, static and on demand, error states included, through the
// W3C Nu HTML checker (vnu.jar from npm, on the machine's Java).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distDir, root } from '../support/content';
import { startServer, type RunningServer } from '../support/server';
import { hiddenFields, postForm, sampleAspect, sampleSchool } from '../support/intakeForms';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';
import { signAnswerToken } from '../../src/domain/answerLink';
import { nextSignInMail, outboxOf, signInOverHttp } from '../support/workspace';

const secret = randomBytes(32).toString('base64url');
const pages = mkdtempSync(join(tmpdir(), 'schoolwatch-vnu-'));
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ SITE_SECRET: secret, INTAKE_RATE_LIMIT: '1000', LOOKUP_RATE_LIMIT: '1000' });
});
afterAll(() => server?.stop());

/** Saves what a page answered, under a name that says which state it is. */
const save = async (name: string, response: Response | Promise<Response>) => writeFileSync(join(pages, `${name}.html`), await (await response).text());

/** Runs the checker over a folder; its errors, each with the file and the line. */
function check(dir: string): Promise<Array<{ url: string; lastLine?: number; message: string }>> {
  const jar = join(root, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
  return new Promise((resolve, reject) => {
    execFile('java', ['-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', dir], { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      try {
        resolve((JSON.parse(stderr) as { messages: Array<{ url: string; lastLine?: number; message: string }> }).messages);
      } catch {
        reject(error ?? new Error(stderr));
      }
    });
  });
}

describe('the W3C Nu HTML checker', () => {
  it('finds no error on any prerendered page', async () => {
    const client = join(distDir(), 'client');
    const files = readdirSync(client, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.html'));
    expect(files.length).toBeGreaterThan(50);
    expect(await check(client)).toEqual([]);
  });

  it('finds no error on the on-demand pages, in every state', async () => {
    const { url } = server;
    await save('report-form', fetch(`${url}/report/?school=${sampleSchool.id}`));
    await save('report-errors', postForm(`${url}/report/`, { step: 'check', school: '', description: '短' }));
    const answers = {
      step: 'check',
      school: sampleSchool.id,
      aspect: sampleAspect.id,
      description: '学校在国庆假期组织全年级学生到校上课。',
      anonymous: 'false',
      name: '王女士',
      phone: '13800001234',
      contactConsent: 'true',
    };
    const checkPage = await (await postForm(`${url}/report/`, answers)).text();
    writeFileSync(join(pages, 'report-check.html'), checkPage);
    const done = await (await postForm(`${url}/report/`, { ...hiddenFields(checkPage), step: 'submit' })).text();
    writeFileSync(join(pages, 'report-done.html'), done);
    const reference = /data-reference>([^<]+)</.exec(done)![1]!;
    const receiptCode = /data-receipt-code>([^<]+)</.exec(done)![1]!;
    const receiptLine = /data-receipt-line>([^<]+)</.exec(done)![1]!;
    await save('verify-form', fetch(`${url}/verify/`));
    await save('verify-valid', postForm(`${url}/verify/`, { receipt: receiptLine }));
    await save('verify-invalid', postForm(`${url}/verify/`, { receipt: `${receiptLine}x` }));
    await save('verify-empty', postForm(`${url}/verify/`, { receipt: '' }));

    await save('status-form', fetch(`${url}/report/status/`));
    await save('status-unknown', postForm(`${url}/report/status/`, { receiptCode: '00000-00000-00000-00000' }));
    await save('status-found', postForm(`${url}/report/status/`, { receiptCode }));

    const keys = await webCryptoKeys(secret);
    const token = await signAnswerToken(keys, { reference, bureau: sampleSchool.bureau, history: [] }, new Date());
    await save('answer-refused', fetch(`${url}/answer/?t=not-a-token`));
    await save('answer-open', fetch(`${url}/answer/?t=${encodeURIComponent(token)}`));
    await save('answer-problem', postForm(`${url}/answer/`, { t: token, action: 'resolve', answer: '' }));
    await save('answer-accepted', postForm(`${url}/answer/`, { t: token, action: 'accept' }));
    await save(
      'answer-resolved',
      postForm(`${url}/answer/`, { t: token, action: 'resolve', answer: '经查属实，已责令学校停止假期上课。', finding: 'substantiated' }),
    );
    await save('status-answered', postForm(`${url}/report/status/`, { receiptCode }));
    await save('status-disputed', postForm(`${url}/report/status/`, { receiptCode, action: 'dispute', reason: '学校本周六仍在上课。' }));

    // Statistics, public answers and open data (from the snapshot the server made at start), and the form opened from a ledger row.
    await save('stats-city', fetch(`${url}/stats/`));
    await save('stats-bureau', fetch(`${url}/stats/${sampleSchool.bureau}/`));
    await save('stats-school', fetch(`${url}/stats/schools/${sampleSchool.id}/`));
    await save('answers', fetch(`${url}/answers/`));
    await save('open-data', fetch(`${url}/open-data/`));
    await save('assessment', fetch(`${url}/assessment/`));
    await save('report-ledger', fetch(`${url}/report/?item=${encodeURIComponent('2024-07-10-qc-xinghe-rectification#0')}`));

    // "我也遇到了" (its one-step form, a problem on it, its confirmation) and a complaint waiting for other parents.
    const same = `${url}/report/?school=${sampleSchool.id}&aspect=${sampleAspect.id}&same=1`;
    await save('same-form', fetch(same));
    const sameFields = { step: 'submit', same: '1', school: sampleSchool.id, aspect: sampleAspect.id, anonymous: 'true' };
    await save('same-errors', postForm(`${url}/report/`, { ...sameFields, description: '短' }));
    await save('same-done', postForm(`${url}/report/`, { ...sameFields, formKey: 'vnu-same-0123456789abcdef' }));
    const waiting = { ...answers, aspect: 'paid-tutoring', waitForOthers: 'true' };
    await save('waiting-errors', postForm(`${url}/report/`, waiting));
    const waitCheck = await (await postForm(`${url}/report/`, { ...waiting, waitEnd: 'alone' })).text();
    const waitDone = await (await postForm(`${url}/report/`, { ...hiddenFields(waitCheck), step: 'submit' })).text();
    writeFileSync(join(pages, 'waiting-done.html'), waitDone);
    await save('waiting-status', postForm(`${url}/report/status/`, { receiptCode: /data-receipt-code>([^<]+)</.exec(waitDone)![1]! }));
    await save('waiting-verify', postForm(`${url}/verify/`, { receipt: /data-receipt-line>([^<]+)</.exec(waitDone)![1]! }));

    expect(readFileSync(join(pages, 'waiting-status.html'), 'utf8')).toContain('等待其他家长：已有 1 位，还需 2 位');
    expect(readFileSync(join(pages, 'waiting-verify.html'), 'utf8')).toContain('提交时尚无期限');
    expect(readFileSync(join(pages, 'same-done.html'), 'utf8')).toContain('data-receipt-code');

    expect(readdirSync(pages)).toHaveLength(32);
    for (const file of readdirSync(pages)) expect(readFileSync(join(pages, file), 'utf8'), file).toMatch(/^<!DOCTYPE html>/i);
    expect(await check(pages)).toEqual([]);
  });

  it('finds no error on the bureau workspace’s pages, in every state', async () => {
    const { url } = server;
    const folder = mkdtempSync(join(tmpdir(), 'schoolwatch-vnu-ws-'));
    const keep = async (name: string, response: Promise<Response>) => writeFileSync(join(folder, `${name}.html`), await (await response).text());
    const filed = (await (
      await fetch(`${url}/api/complaints`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ school: sampleSchool.id, aspect: sampleAspect.id, description: '学校在国庆假期组织全年级学生到校上课。', anonymous: true }),
      })
    ).json()) as { reference: string };
    const as = (cookie: string) => ({ headers: { Cookie: cookie } });
    await keep('signin-form', fetch(`${url}/bureau/`));
    await keep('signin-error', postForm(`${url}/bureau/`, { body: '' }));
    await keep('signin-sent', postForm(`${url}/bureau/`, { body: 'lixin' }));
    await keep('link-refused', fetch(`${url}/bureau/signin/?t=nope`));
    const mail = await nextSignInMail(outboxOf(server), 'lixin', 0);
    await keep('link-open', fetch(mail.url));
    const bureau = await signInOverHttp(server, sampleSchool.bureau);
    await keep('cases', fetch(`${url}/bureau/cases/`, as(bureau)));
    await keep('cases-filtered-empty', fetch(`${url}/bureau/cases/?due=overdue&status=resolved`, as(bureau)));
    await keep('cases-signed-out', fetch(`${url}/bureau/cases/`));
    await keep('complaint', fetch(`${url}/bureau/complaint/?ref=${filed.reference}`, as(bureau)));
    await keep('complaint-problem', postForm(`${url}/bureau/complaint/`, { ref: filed.reference, action: 'reject', reason: '' }, { Cookie: bureau }));
    await keep('complaint-accepted', postForm(`${url}/bureau/complaint/`, { ref: filed.reference, action: 'accept' }, { Cookie: bureau }));
    await keep('complaint-unknown', fetch(`${url}/bureau/complaint/?ref=JB-20000101-AAAAAAAA`, as(bureau)));
    await keep('export-refused', fetch(`${url}/bureau/export/`, as(bureau)));
    await keep('record-form', fetch(`${url}/bureau/record/`, as(bureau)));
    await keep('record-errors', postForm(`${url}/bureau/record/`, { channel: 'phone', receivedOn: '2000-01-01' }, { Cookie: bureau }));
    const recorded = {
      channel: 'letter',
      school: sampleSchool.id,
      aspect: sampleAspect.id,
      description: '来信反映学校在国庆假期组织全年级学生到校上课。',
      anonymous: 'true',
    };
    await keep(
      'record-done',
      postForm(`${url}/bureau/record/`, { ...recorded, receivedOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) }, { Cookie: bureau }),
    );
    const office = await signInOverHttp(server, '@office');
    await keep('office', fetch(`${url}/bureau/office/`, as(office)));
    await keep('office-cases', fetch(`${url}/bureau/cases/?bureau=${sampleSchool.bureau}`, as(office)));
    await keep('office-complaint', fetch(`${url}/bureau/complaint/?ref=${filed.reference}`, as(office)));
    await keep('signout-form', fetch(`${url}/bureau/signout/`, as(office)));
    await keep('signed-out', postForm(`${url}/bureau/signout/`, {}, { Cookie: office }));
    expect(readdirSync(folder)).toHaveLength(21);
    expect(await check(folder)).toEqual([]);
  });
});
