import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { noticeMarkdown } from '../catalogue/storeNotices';
import type { NoticeStore } from '../ports/noticeStore';

const PAGE = 500;

/**
 * Writes every published notice of the store (withdrawn ones too) as
 * `<dir>/<id>.md` in the content format (catalogue/storeNotices.ts), so that
 * a city can keep a git record of what was published in the site. Files of
 * the same name are replaced: the store's copy is the one the public sees.
 */
export async function exportNotices(store: NoticeStore, dir: string): Promise<{ written: string[]; skipped: string[] }> {
  const written: string[] = [];
  const skipped: string[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const { total, notices } = await store.published({ all: true }, { offset, limit: PAGE });
    for (const record of notices) {
      const file = noticeMarkdown(record);
      if (!file) {
        skipped.push(record.id);
        continue;
      }
      const path = join(dir, `${file.id}.md`);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, file.text);
      written.push(path);
    }
    if (offset + PAGE >= total || notices.length === 0) return { written, skipped };
  }
}
