// Child process for the crash test: writes to an embedded store in a folder
// (argv[2]) as fast as it can, from several concurrent loops, and prints the
// number of each write once it has been acknowledged, until it is killed.
// Run with: node --import tsx tests/support/embedded-writer.ts <dir>
import { connectRedis } from '../../src/adapters/redis/connect';

const dir = process.argv[2];
if (!dir) throw new Error('usage: embedded-writer <data folder>');

const { redis } = connectRedis({ kind: 'embedded', dir });
let next = 0;

/** The same rule decides what write `i` was, here and in the test that checks it. */
async function write(i: number): Promise<void> {
  if (i % 3 === 0) await redis.set(`string:${i}`, `值-${i}-✓`);
  else if (i % 3 === 1) await redis.multi().hset(`hash:${i}`, { n: String(i) }).sadd('members', String(i)).exec();
  else await redis.zadd('scores', { score: i, member: `m${i}` });
}

async function loop(): Promise<never> {
  for (;;) {
    const i = next++;
    await write(i);
    process.stdout.write(`${i}\n`);
  }
}

process.stdout.write('ready\n');
await Promise.all([loop(), loop(), loop(), loop()]);
