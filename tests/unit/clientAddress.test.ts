// clientAddress: the address rate limits key on, behind a configured number
// of trusted proxies. What a client writes into X-Forwarded-For must change
// nothing; what the trusted proxies wrote decides.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientAddress, limitKeyOf, normalizeAddress } from '../../src/server/clientAddress';
import { webCryptoKeys } from '../../src/adapters/webCryptoKeys';

const NGINX = '127.0.0.1';
const CLIENT = '203.0.113.7';

describe('clientAddress', () => {
  it.each<[string, string | undefined, string | string[] | undefined, number, string | undefined]>([
    // No proxy: the socket's peer is the client, whatever the header says.
    ['no proxy, no header', CLIENT, undefined, 0, CLIENT],
    ['no proxy, a forged header is ignored', CLIENT, '198.51.100.1', 0, CLIENT],
    // One proxy that sets the header to $remote_addr (deploy/nginx): one entry.
    ['one proxy, the entry it wrote', NGINX, CLIENT, 1, CLIENT],
    // One proxy that appends ($proxy_add_x_forwarded_for): forged entries stay on the left.
    ['one proxy appending to a forged header', NGINX, `198.51.100.1, 10.0.0.1, ${CLIENT}`, 1, CLIENT],
    ['one proxy, a forged entry that looks like loopback', NGINX, `127.0.0.1, ${CLIENT}`, 1, CLIENT],
    ['one proxy, but the request reached the app directly (health check)', NGINX, undefined, 1, NGINX],
    // Two proxies (a CDN or load balancer, then nginx).
    ['two proxies', NGINX, `198.51.100.1, ${CLIENT}, 192.0.2.10`, 2, CLIENT],
    ['more hops configured than present: the left-most entry', NGINX, CLIENT, 3, CLIENT],
    ['more hops configured than present, empty header', NGINX, '', 2, NGINX],
    // Several header lines are one list, in order.
    ['several header lines', NGINX, ['198.51.100.1', `10.0.0.1, ${CLIENT}`], 1, CLIENT],
    ['several header lines, two proxies', NGINX, [`198.51.100.1, ${CLIENT}`, '192.0.2.10'], 2, CLIENT],
    // IPv6 and the forms one address takes.
    ['an IPv6 client', NGINX, '2001:DB8:0:0:0:0:0:1', 1, '2001:db8::1'],
    ['an IPv6 client with brackets and a port', NGINX, '[2001:db8::1]:443', 1, '2001:db8::1'],
    ['an IPv4 client with a port', NGINX, '203.0.113.7:51234', 1, CLIENT],
    ['an IPv4-mapped IPv6 socket peer, no proxy', `::ffff:${CLIENT}`, undefined, 0, CLIENT],
    ['an IPv4-mapped entry', '::1', `::ffff:${CLIENT}`, 1, CLIENT],
    ['an IPv4-mapped entry in hex', '::1', '::ffff:cb00:7107', 1, CLIENT],
    ['an IPv6 loopback proxy', '::1', CLIENT, 1, CLIENT],
    ['a zone id is dropped', NGINX, 'fe80::1%eth0', 1, 'fe80::1'],
    // Garbage where a trusted proxy should have written an address: never a fresh key.
    ['garbage in the trusted entry: the proxy’s own address', NGINX, 'unknown', 1, NGINX],
    ['garbage in the second trusted entry: the first proxy’s entry', NGINX, `not-an-ip, ${'192.0.2.10'}`, 2, '192.0.2.10'],
    ['garbage on the left changes nothing', NGINX, `<script>, ;DROP, ${CLIENT}`, 1, CLIENT],
    ['an out-of-range IPv4', NGINX, '203.0.113.256', 1, NGINX],
    ['empty entries are skipped', NGINX, `, ,${CLIENT},`, 1, CLIENT],
    ['no socket address at all', undefined, undefined, 0, undefined],
  ])('%s', (_name, socket, header, hops, expected) => {
    expect(clientAddress(socket, header, hops)).toBe(expected);
  });

  it.each([-1, 1.5, Number.NaN])('refuses %s trusted hops', (hops) => {
    expect(() => clientAddress(NGINX, CLIENT, hops)).toThrow(new RangeError('trustedHops must be a whole number ≥ 0'));
  });

  it('with one trusted hop, random forged headers from one client all give the same address', () => {
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 60; i++) {
      const forged = Array.from({ length: 1 + (i % 4) }, () => [...randomBytes(4)].join('.')).join(', ');
      seen.add(clientAddress(NGINX, `${forged}, ${CLIENT}`, 1));
    }
    expect([...seen]).toEqual([CLIENT]);
  });
});

describe('normalizeAddress', () => {
  it.each([
    ['1.2.3.4', '1.2.3.4'],
    [' 1.2.3.4 ', '1.2.3.4'],
    ['::FFFF:1.2.3.4', '1.2.3.4'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
    ['[::1]', '::1'],
    ['', undefined],
    ['localhost', undefined],
    ['1.2.3', undefined],
    ['1.2.3.4.5', undefined],
    ['2001:db8::g', undefined],
  ])('%j → %j', (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });
});

describe('the rate-limit key behind one proxy', () => {
  it('60 posts from one client with random X-Forwarded-For values all count against one bucket', async () => {
    // Rate limits count per keyed hash of the client address (src/domain/rateLimit.ts).
    const keys = await webCryptoKeys(randomBytes(32).toString('base64url'));
    const buckets = new Set<string>();
    for (let i = 0; i < 60; i++) {
      const forwardedFor = `${[...randomBytes(4)].join('.')}, ${CLIENT}`;
      buckets.add(await keys.clientHash(clientAddress(NGINX, forwardedFor, 1)!));
    }
    expect(buckets).toEqual(new Set([await keys.clientHash(CLIENT)]));
  });

  it('with no trusted proxy, the same forged headers all count against the proxy’s one bucket', async () => {
    const keys = await webCryptoKeys(randomBytes(32).toString('base64url'));
    const buckets = new Set<string>();
    for (let i = 0; i < 60; i++) buckets.add(await keys.clientHash(clientAddress(NGINX, `${[...randomBytes(4)].join('.')}, ${CLIENT}`, 0)!));
    expect(buckets).toEqual(new Set([await keys.clientHash(NGINX)]));
  });
});

// One client holds a /64 (RFC 6177): counting each of its addresses apart let
// it walk past every limit (70 lookups from 2001:db8:1:1::N, none refused).
describe('limitKeyOf', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:1::1', '2001:db8:1:1::/64'],
    ['2001:db8:1:1::46', '2001:db8:1:1::/64'],
    ['2001:db8:1:1:ffff:ffff:ffff:ffff', '2001:db8:1:1::/64'],
    ['2001:db8:1:2::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8:0:0:1::', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1', 'fe80:0:0:0::/64'],
    ['2001:db8:a:b:c:d:e:f', '2001:db8:a:b::/64'],
    ['unknown', 'unknown'],
  ])('%s → %s', (address, expected) => {
    expect(limitKeyOf(address)).toBe(expected);
  });
});
