import { describe, expect, it } from 'vitest';
import { completions } from '../../src/domain/jobCompletions';

/** A store whose writes wait until the test lets them finish, recording what each wrote. */
function heldStore() {
  const writes: string[][] = [];
  const finish: Array<(error?: Error) => void> = [];
  return {
    writes,
    finishNext: (error?: Error) => finish.shift()!(error),
    store: {
      completeJobs: (ids: string[]) =>
        new Promise<void>((resolve, reject) => {
          writes.push([...ids]);
          finish.push((error) => (error ? reject(error) : resolve()));
        }),
    },
  };
}
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('completions of sent jobs', () => {
  it('writes the jobs completed together in one step, and those completed during it in the next', async () => {
    const held = heldStore();
    const complete = completions(held.store);
    const first = [complete('a'), complete('b')];
    await tick();
    const second = [complete('c'), complete('d'), complete('e')];
    await tick();
    expect(held.writes).toEqual([['a', 'b']]);
    held.finishNext();
    await Promise.all(first);
    await tick();
    expect(held.writes).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
    held.finishNext();
    await Promise.all(second);
  });

  it('fails the jobs of a failed write only, and goes on with the next', async () => {
    const held = heldStore();
    const complete = completions(held.store);
    const lost = complete('a');
    await tick();
    const later = complete('b');
    held.finishNext(new Error('store down'));
    await expect(lost).rejects.toThrow('store down');
    await tick();
    expect(held.writes).toEqual([['a'], ['b']]);
    held.finishNext();
    await expect(later).resolves.toBeUndefined();
  });
});
