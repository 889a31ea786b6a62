import { isIP } from 'node:net';

/**
 * One address in a canonical form, or undefined when it is none: a port
 * (`1.2.3.4:5678`, `[2001:db8::1]:443`) and an IPv6 zone are dropped,
 * IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes IPv4, IPv6 is lower-case and
 * compressed. One client is then one rate-limit key, however it is written.
 */
export function normalizeAddress(raw: string): string | undefined {
  let s = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  s = s.replace(/%[\w.-]*$/, '');
  const family = isIP(s);
  if (family === 4) return s;
  if (family !== 6) return undefined;
  const canonical = new URL(`http://[${s}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return canonical;
  const [high, low] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/**
 * The address to key rate limits on, behind `trustedHops` reverse proxies
 * (0: none, the socket's peer is the client; 1: one nginx or Caddy in front).
 *
 * X-Forwarded-For grows to the right: each proxy appends the address it saw.
 * Only the right-most `trustedHops` entries were written by proxies we
 * trust; anything left of them came from the client and can say anything.
 * So the walk starts at the socket's peer (the nearest proxy) and goes
 * right to left through X-Forwarded-For, `trustedHops` steps at most:
 * forged entries on the left are never reached. With fewer entries than
 * hops, it ends at the left-most entry. An entry that is no address, where a
 * trusted proxy should have written one, ends the walk at the entry before
 * it, so a garbage value can never become a fresh rate-limit key.
 *
 * This trusts the configured hops only if the app's port is reachable from
 * the proxy alone (listen on 127.0.0.1, or a firewall): a client that
 * reaches the port directly could otherwise write its own X-Forwarded-For.
 *
 * @param socketAddress `req.socket.remoteAddress` (undefined once the socket is gone)
 * @param forwardedFor `req.headers['x-forwarded-for']`: one value, or several header lines
 * @param trustedHops how many proxies in front of the app to trust, a whole number ≥ 0
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | readonly string[] | undefined,
  trustedHops: number,
): string | undefined {
  if (!Number.isInteger(trustedHops) || trustedHops < 0) throw new RangeError('trustedHops must be a whole number ≥ 0');
  const peer = socketAddress === undefined ? undefined : (normalizeAddress(socketAddress) ?? socketAddress);
  if (trustedHops === 0 || forwardedFor === undefined) return peer;
  // Several header lines are one list, in order (RFC 9110 §5.3).
  const entries = [forwardedFor]
    .flat()
    .join(',')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  let found = peer;
  for (let step = 1; step <= trustedHops && step <= entries.length; step++) {
    const address = normalizeAddress(entries[entries.length - step]!);
    if (address === undefined) break;
    found = address;
  }
  return found;
}

/**
 * The client as rate limits count it: an IPv4 address is one client; an IPv6
 * address counts as its /64, the block one home, phone or server is given
 * (RFC 6177), so a client cannot escape a limit by walking through the 2^64
 * addresses it holds. Takes `normalizeAddress`'s form; anything else is kept
 * as it is (one key, as before).
 */
export function limitKeyOf(address: string): string {
  if (!address.includes(':') || normalizeAddress(address) !== address) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = address.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
