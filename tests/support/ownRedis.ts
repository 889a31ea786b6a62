// A redis-server of a test's own, on a port of its own, for tests that stop,
// kill or pause Redis: the shared one at 6379 serves every other test.
import { spawn, type ChildProcess } from 'node:child_process';
import { createClient } from 'redis';

/**
 * Starts `redis-server` on loopback at `port`, without snapshots, with `args`
 * added (persistence, its folder); resolves once it answers PING.
 */
export async function startOwnRedis(port: number, args: string[] = []): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...args], { stdio: 'ignore' });
  const client = createClient({ url: `redis://127.0.0.1:${port}`, RESP: 2, socket: { reconnectStrategy: false } });
  client.on('error', () => undefined);
  for (let i = 0; i < 100; i++) {
    try {
      await client.connect();
      await client.ping();
      client.destroy();
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill('SIGKILL');
  throw new Error('redis-server did not start');
}

/** Kills it outright (a crash, not a shutdown) and waits until it has exited. */
export async function killOwnRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
