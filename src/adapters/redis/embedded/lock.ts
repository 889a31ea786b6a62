// One process at a time per data folder: two processes appending to the same
// log would each replay only their own writes and overwrite each other on
// compaction. The lock is a file naming its owner; an owner that no longer
// runs (killed, crashed, the machine rebooted) leaves a stale lock that the
// next opener takes over.
//
// A pid alone is a weak name. In a container the server is often pid 1 or 7
// on every start, so a lock left by a killed predecessor names our own pid;
// and pids get reused. So the lock also records the boot and the start time
// of the owning process (Linux /proc), and a pid that now belongs to a process
// started at another time is not the owner.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const LOCK_FILE = 'LOCK';

interface Owner {
  pid: number;
  host: string;
  token: string;
  since: string;
  /** Linux only: /proc/sys/kernel/random/boot_id and the process's start time in clock ticks. */
  boot?: string;
  started?: string;
}

export class FolderLockedError extends Error {
  constructor(
    readonly dir: string,
    readonly owner: { pid: number; host: string },
  ) {
    super(
      `The data folder ${dir} is in use by process ${owner.pid} on ${owner.host}. ` +
        `Stop that process, or delete ${path.join(dir, LOCK_FILE)} if it is certainly not running.`,
    );
    this.name = 'FolderLockedError';
  }
}

/**
 * Lock files held by this process: the only way to tell our own live lock
 * from a predecessor's with our pid. On globalThis so that a module the dev
 * server re-evaluates does not forget them.
 */
const heldHere = ((globalThis as { [key: symbol]: unknown })[Symbol.for('schoolwatch.heldFolderLocks')] ??=
  new Set()) as Set<string>;

export class FolderLock {
  readonly #file: string;
  readonly #token: string;
  readonly #onExit = () => this.release();
  #held = true;

  private constructor(file: string, token: string) {
    this.#file = file;
    this.#token = token;
    heldHere.add(file);
    // Not needed for correctness (a dead owner's lock is taken over), but a
    // clean exit should leave no lock for a person to wonder about.
    process.once('exit', this.#onExit);
  }

  /** Takes the folder's lock, or throws FolderLockedError while a live process holds it. */
  static acquire(dir: string): FolderLock {
    const file = path.resolve(dir, LOCK_FILE);
    const owner: Owner = {
      pid: process.pid,
      host: os.hostname(),
      token: randomUUID(),
      since: new Date().toISOString(),
      boot: bootId(),
      started: startTime(process.pid),
    };
    // Written aside and linked into place: link() fails if the lock exists, and
    // the lock never exists half-written.
    const draft = `${file}.${process.pid}.${owner.token}`;
    fs.writeFileSync(draft, JSON.stringify(owner));
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        if (createExclusive(file, draft, owner)) return new FolderLock(file, owner.token);
        const current = readOwner(file);
        if (current && isAlive(file, current)) throw new FolderLockedError(path.resolve(dir), current);
        takeOver(file, current);
      }
      throw new Error(`Could not take the lock of ${dir}: other processes keep taking it`);
    } finally {
      fs.rmSync(draft, { force: true });
    }
  }

  release(): void {
    if (!this.#held) return;
    this.#held = false;
    heldHere.delete(this.#file);
    process.removeListener('exit', this.#onExit);
    // Only our own lock: after a takeover the file may belong to someone else.
    if (readOwner(this.#file)?.token === this.#token) fs.rmSync(this.#file, { force: true });
  }
}

/** Creates the lock file unless it exists. */
function createExclusive(file: string, draft: string, owner: Owner): boolean {
  try {
    fs.linkSync(draft, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
  }
  // A file system without hard links: exclusive creation, at the price of a
  // moment in which the lock exists but is still empty (read as stale).
  try {
    fs.writeFileSync(file, JSON.stringify(owner), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

function readOwner(file: string): Owner | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Owner;
  } catch {
    return undefined; // vanished meanwhile, or unreadable: treated as stale
  }
}

function isAlive(file: string, owner: Owner): boolean {
  if (owner.pid === process.pid) return heldHere.has(file);
  const boot = bootId();
  if (owner.boot && boot && owner.boot !== boot) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false; // EPERM: alive, another user's
  }
  const started = startTime(owner.pid);
  return !(owner.started && started && owner.started !== started);
}

function bootId(): string | undefined {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks after boot. */
function startTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * Removes a stale lock. It is renamed aside first, which only one of several
 * racing openers can do; if what was renamed turns out not to be the stale
 * lock we looked at (someone took over in between), it is put back.
 */
function takeOver(file: string, stale: Owner | undefined): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = readOwner(aside);
  if (stale && moved && moved.token !== stale.token) {
    try {
      fs.linkSync(aside, file);
    } catch {
      // a third opener got in; it holds the lock now
    }
  }
  fs.rmSync(aside, { force: true });
}
