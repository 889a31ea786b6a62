import type { NoticeAudit, NoticeRecord } from '../../domain/notices/model';
import { noticeIndex, waitingEntry, type NoticeScope, type NoticeStore } from '../../ports/noticeStore';
import type { RedisConnection } from './connect';
import { guarded } from './redisComplaintStore';
import { CHANGED_NOTICES, LIST_NOTICES, SAVE_NOTICE } from './noticeScripts';

/** The notice store's keys, beside the complaint store's (keyspace.ts) under the same prefix. Ids never hold ':'. */
export function noticeKeys(prefix: string) {
  return {
    notice: (id: string) => `${prefix}:notice:${id}`,
    audit: (id: string) => `${prefix}:notice-audit:${id}`,
    of: (owner: string) => `${prefix}:notices-of:${owner}`,
    waiting: (bureau: string) => `${prefix}:notices-waiting:${bureau}`,
    published: () => `${prefix}:notices-published`,
    publishedOfSchool: (school: string) => `${prefix}:notices-published-school:${school}`,
    publishedOfBureau: (bureau: string) => `${prefix}:notices-published-bureau:${bureau}`,
    publications: () => `${prefix}:notices-publications`,
    changes: () => `${prefix}:notices-changes`,
  };
}

/**
 * The notice store on Redis, through the Upstash client. A save is one
 * script (noticeScripts.ts): the revision check, the record, its lists and
 * its audit line change together or not at all, on Upstash as on Redis.
 * Records are stored as JSON text and parsed here (the client's automatic
 * deserialization is off, connect.ts), so ids stay strings.
 */
export function redisNoticeStore(connection: RedisConnection, prefix = 'sw'): NoticeStore {
  const { redis } = connection;
  const k = noticeKeys(prefix);
  const [save, list, changed] = [SAVE_NOTICE, LIST_NOTICES, CHANGED_NOTICES].map((lua) => redis.createScript(lua));
  const noticePrefix = k.notice('');

  const put = (record: NoticeRecord, expected: number, audit: NoticeAudit) =>
    guarded(async () => {
      const index = noticeIndex(record);
      const keys = [
        k.notice(record.id),
        k.audit(record.id),
        k.of(index.owner),
        k.waiting(index.waiting?.bureau ?? '-'),
        k.published(),
        k.publishedOfSchool(index.school ?? '-'),
        k.publishedOfBureau(index.bureau ?? '-'),
        k.publications(),
        k.changes(),
      ];
      const args = [
        String(expected),
        String(record.revision),
        JSON.stringify(record),
        JSON.stringify(audit),
        String(index.createdAt),
        index.waiting ? String(index.waiting.since) : '',
        index.publishedAt !== undefined ? String(index.publishedAt) : '',
        record.id,
        index.school ? '1' : '',
        index.bureau ? '1' : '',
      ];
      return Number(await save!.exec(keys, args)) === 1;
    });

  const page = async (key: string, offset: number, limit: number, newestFirst: boolean) => {
    const [total, ...records] = (await list!.exec([key], [String(offset), String(limit), newestFirst ? '1' : '', noticePrefix])) as string[];
    return { total: Number(total), notices: records.map((text) => JSON.parse(text) as NoticeRecord) };
  };
  const scopeKey = (scope: NoticeScope) =>
    'school' in scope ? k.publishedOfSchool(scope.school) : 'bureau' in scope ? k.publishedOfBureau(scope.bureau) : k.published();

  return {
    create: (record, audit) => put(record, 0, audit),
    save: (record, expectedRevision, audit) => put(record, expectedRevision, audit),
    find: (id) =>
      guarded(async () => {
        const text = await redis.hget<string>(k.notice(id), 'record');
        return typeof text === 'string' ? (JSON.parse(text) as NoticeRecord) : null;
      }),
    noticesOf: (owner) => guarded(async () => (await page(k.of(owner), 0, -1, true)).notices),
    waitingFor: (bureau) => guarded(async () => (await page(k.waiting(bureau), 0, -1, false)).notices.map(waitingEntry)),
    published: (scope, { offset, limit }) => guarded(() => page(scopeKey(scope), offset, limit, true)),
    publications: () => guarded(async () => Number((await redis.get<string>(k.publications())) ?? 0)),
    changedSince: (since, limit) =>
      guarded(async () => {
        const [until, more, ...records] = (await changed!.exec([k.publications(), k.changes()], [String(since), String(limit), noticePrefix])) as string[];
        return { notices: records.map((text) => JSON.parse(text) as NoticeRecord), until: Number(until), more: more === '1' };
      }),
    auditOf: (id) => guarded(async () => ((await redis.lrange(k.audit(id), 0, -1)) as string[]).map((text) => JSON.parse(text) as NoticeAudit)),
  };
}
