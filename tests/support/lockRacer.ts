// Child process for the lock race: takes the lock `race` of the store at
// argv[2] until it has held it argv[4] times, and while holding it adds one to
// the number in the file argv[3] with a read, a pause and a write. Prints how
// often it found the lock busy. It starts when the test writes a line to its input.
// Run with: node --import tsx tests/support/lockRacer.ts <store address> <counter file> <times>
import { readFileSync, writeFileSync } from 'node:fs';
import { storeAt } from './stores';

const [address, counter, times] = process.argv.slice(2) as [string, string, string];
const store = storeAt(address);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Says it is ready and waits for the test's "go", so that both racers start together.
await store.ping();
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
let held = 0;
let busy = 0;
while (held < Number(times)) {
  const outcome = await store.withLock('race', 5000, async () => {
    let value = 0;
    try {
      value = Number(readFileSync(counter, 'utf8'));
    } catch {
      // first holder: no file yet
    }
    await pause(5);
    writeFileSync(counter, String(value + 1));
  });
  if (outcome === 'busy') {
    busy++;
    await pause(1 + Math.random() * 3);
  } else held++;
}
await store.close();
process.stdout.write(`held=${held} busy=${busy}\n`);
