import type { AccessEntry, ExportEntry } from '../../domain/audit';
import { ACCESS_KEPT, EXPORTS_KEPT, type WorkspaceStore } from '../../ports/workspaceStore';
import type { RedisConnection } from './connect';
import { keyspace } from './keyspace';
import { guarded } from './redisComplaintStore';
import { END_SESSION, END_SESSIONS_OF, OPEN_SESSION, RECORD_EXPORT, TAKE_LINK, TOUCH_SESSION } from './workspaceScripts';

/** A link is kept as `<body>|<expires ms>`; a body id never holds a '|'. */
const linkOf = (value: unknown, nowMs: number) => {
  if (typeof value !== 'string') return null;
  const [body, expires] = value.split('|') as [string, string];
  return Number(expires) > nowMs ? { body, expiresAt: Number(expires) } : null;
};

/** The entries of a list kept as `<expires ms>|<JSON>` that are still alive at `nowMs`. */
function alive<T>(items: string[], nowMs: number): T[] {
  return items.flatMap((item) => {
    const at = item.indexOf('|');
    return Number(item.slice(0, at)) > nowMs ? [JSON.parse(item.slice(at + 1)) as T] : [];
  });
}

/**
 * The workspace store on Redis, through the Upstash client, in the same
 * keyspace as the complaint store. What touches more than one key, or must
 * read and write as one step, is a script (workspaceScripts.ts).
 */
export function redisWorkspaceStore(connection: RedisConnection, prefix = 'sw'): WorkspaceStore {
  const { redis } = connection;
  const k = keyspace(prefix);
  const [take, open, touch, end, endAll, record] = [TAKE_LINK, OPEN_SESSION, TOUCH_SESSION, END_SESSION, END_SESSIONS_OF, RECORD_EXPORT].map((lua) =>
    redis.createScript(lua),
  );
  const setPrefix = k.sessionsOf('');
  const sessionPrefix = k.session('');

  return {
    describe: connection.describe,
    close: () => connection.close(),

    saveLink: (hash, link, nowMs) =>
      guarded(async () => void (await redis.set(k.signInLink(hash), `${link.body}|${link.expiresAt}`, { px: Math.max(1, link.expiresAt - nowMs) }))),
    findLink: (hash, nowMs) => guarded(async () => linkOf(await redis.get(k.signInLink(hash)), nowMs)),
    takeLink: (hash, nowMs) => guarded(async () => linkOf(await take!.exec([k.signInLink(hash)], []), nowMs)),

    openSession: (hash, session, nowMs) =>
      guarded(
        async () =>
          void (await open!.exec(
            [k.session(hash), k.sessionsOf(session.body)],
            [hash, session.body, String(session.createdAt), String(session.expiresAt), String(Math.max(1, session.expiresAt - nowMs))],
          )),
      ),
    touchSession: (hash, nowMs, idleMs) =>
      guarded(async () => {
        const found = (await touch!.exec([k.session(hash)], [String(nowMs), String(idleMs), setPrefix])) as [string, string, string] | null;
        return found ? { body: found[0], createdAt: Number(found[1]), expiresAt: Number(found[2]) } : null;
      }),
    endSession: (hash) => guarded(async () => void (await end!.exec([k.session(hash)], [hash, setPrefix]))),
    endSessionsOf: (body, nowMs) => guarded(async () => Number(await endAll!.exec([k.sessionsOf(body)], [sessionPrefix, String(nowMs)]))),

    recordExport: (entry, nowMs, keepMs) =>
      guarded(
        async () => void (await record!.exec([k.exportsOf(entry.body)], [`${nowMs + keepMs}|${JSON.stringify(entry)}`, String(keepMs), String(EXPORTS_KEPT)])),
      ),
    exportsOf: (body, nowMs) => guarded(async () => alive<ExportEntry>((await redis.lrange(k.exportsOf(body), 0, -1)) as string[], nowMs)),

    // The same list as the export log: newest first, trimmed, each item with its own expiry.
    recordAccess: (log, entry, nowMs, keepMs) =>
      guarded(async () => void (await record!.exec([k.accessLog(log)], [`${nowMs + keepMs}|${JSON.stringify(entry)}`, String(keepMs), String(ACCESS_KEPT)]))),
    accessOf: (log, nowMs) => guarded(async () => alive<AccessEntry>((await redis.lrange(k.accessLog(log), 0, -1)) as string[], nowMs)),
  };
}
