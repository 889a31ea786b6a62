// Lists the emails the local outbox holds (no RESEND_API_KEY set), newest
// last; `npm run outbox -- 3` prints the third one in full.
// OUTBOX_DIR chooses the folder (default .outbox), as for the server.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const dir = process.env.OUTBOX_DIR || '.outbox';
const names = (await readdir(dir).catch(() => [])).filter((n) => n.endsWith('.json'));
const mails = (await Promise.all(names.map(async (n) => ({ file: join(dir, n), ...JSON.parse(await readFile(join(dir, n), 'utf8')) })))).sort((a, b) =>
  a.writtenAt.localeCompare(b.writtenAt),
);
const pick = Number(process.argv[2]);
if (pick) {
  const mail = mails[pick - 1];
  if (!mail) throw new Error(`No email number ${pick}; the outbox has ${mails.length}.`);
  console.log(`To: ${mail.to}\nSubject: ${mail.subject}\nKey: ${mail.idempotencyKey}\nHTML: ${mail.file.replace(/\.json$/, '.html')}\n\n${mail.text}`);
} else if (mails.length === 0) {
  console.log(`The outbox ${dir} is empty.`);
} else {
  mails.forEach((m, i) => console.log(`${String(i + 1).padStart(3)}  ${m.writtenAt}  ${m.to}  ${m.subject}`));
  console.log(`\nnpm run outbox -- <number> prints one in full; the .html files open in a browser.`);
}
