import type { RectificationItem } from '../../domain/rectification';
import type { RectificationStore } from '../../ports/rectificationStore';
import type { RedisConnection } from './connect';
import { guarded } from './redisComplaintStore';

/** The rectification store's keys, beside the other stores' under the same prefix. Ids and references never hold ':'. */
export function rectificationKeys(prefix: string) {
  return {
    item: (id: string) => `${prefix}:rect:${id}`,
    /** The complaints linked to an item, scored by the order they were linked in. */
    links: (id: string) => `${prefix}:rect-links:${id}`,
    told: (id: string) => `${prefix}:rect-told:${id}`,
    ofSchool: (school: string) => `${prefix}:rect-school:${school}`,
    ofBureau: (bureau: string) => `${prefix}:rect-bureau:${bureau}`,
    ofComplaint: (reference: string) => `${prefix}:rect-complaint:${reference}`,
    seq: () => `${prefix}:rect-seq`,
  };
}

/**
 * A new item, its lists and its first links, or nothing when the id is taken.
 * KEYS: item, school's list, bureau's list, item's links, the link counter,
 * then one complaint's list per reference. ARGV: the item (JSON, without its
 * links), created ms, id, then the references.
 */
const CREATE = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX') then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
for i = 4, #ARGV do
  local seq = redis.call('INCR', KEYS[5])
  redis.call('ZADD', KEYS[4], seq, ARGV[i])
  redis.call('ZADD', KEYS[i + 2], seq, ARGV[3])
end
return 1
`;

/** One more link (none when there is no item; nothing new when linked already). KEYS: item, links, counter, complaint's list. ARGV: id, reference. */
const LINK = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('ZSCORE', KEYS[2], ARGV[2]) then return 1 end
local seq = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[2], seq, ARGV[2])
redis.call('ZADD', KEYS[4], seq, ARGV[1])
return 1
`;

/**
 * The rectification store on Redis, through the Upstash client. Writes that
 * touch several keys are one script each, so an item never exists without
 * its lists, nor a link on one side only.
 */
export function redisRectificationStore(connection: RedisConnection, prefix = 'sw'): RectificationStore {
  const { redis } = connection;
  const k = rectificationKeys(prefix);
  const [create, link] = [CREATE, LINK].map((lua) => redis.createScript(lua));

  const find = async (id: string): Promise<RectificationItem | null> => {
    const text = await redis.get<string>(k.item(id));
    if (typeof text !== 'string') return null;
    const complaints = (await redis.zrange(k.links(id), 0, -1)) as string[];
    return { ...(JSON.parse(text) as Omit<RectificationItem, 'complaints'>), complaints: complaints.map(String) };
  };
  const listed = async (key: string, newestFirst: boolean) => {
    const ids = (await redis.zrange(key, 0, -1, newestFirst ? { rev: true } : undefined)) as string[];
    return (await Promise.all(ids.map((id) => find(String(id))))).filter((item): item is RectificationItem => item !== null);
  };

  return {
    create: (item) =>
      guarded(async () => {
        const { complaints, ...words } = item;
        const keys = [k.item(item.id), k.ofSchool(item.school), k.ofBureau(item.bureau), k.links(item.id), k.seq(), ...complaints.map(k.ofComplaint)];
        return Number(await create!.exec(keys, [JSON.stringify(words), String(Date.parse(item.createdAt)), item.id, ...complaints])) === 1;
      }),
    find: (id) => guarded(() => find(id)),
    link: (id, reference) =>
      guarded(async () => {
        const linked = Number(await link!.exec([k.item(id), k.links(id), k.seq(), k.ofComplaint(reference)], [id, reference]));
        return linked === 1 ? find(id) : null;
      }),
    ofBureau: (bureau) => guarded(() => listed(k.ofBureau(bureau), true)),
    ofSchool: (school) => guarded(() => listed(k.ofSchool(school), true)),
    ofComplaint: (reference) => guarded(() => listed(k.ofComplaint(reference), false)),
    markTold: (id, reference) => guarded(async () => Number(await redis.sadd(k.told(id), reference)) === 1),
    toldOf: (id) => guarded(async () => ((await redis.smembers(k.told(id))) as string[]).map(String).sort()),
  };
}
