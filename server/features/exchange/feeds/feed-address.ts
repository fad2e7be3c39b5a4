import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { FeedError } from './taxii-client.js';

/**
 * Partner feeds reach out from inside the operator's network, to an address a coordinator typed or
 * a partner's server redirected to. Without a guard a feed could read the instance's own services
 * (the database's neighbours, a cloud's metadata service at 169.254.169.254) and show what came
 * back in the feed's error. So a feed may reach only public addresses, unless the operator lists a
 * private network in FEED_PRIVATE_NETWORKS (a partner reached over a government network or VPN).
 *
 * The check runs on every address the name resolves to, before each request and each redirect
 * hop. It cannot see a name that resolves differently a moment later (DNS rebinding): the
 * connection resolves it again. Pinning the address needs an HTTP agent of our own (undici's
 * `connect.lookup`): see decision 0005, "Feeds reach only public addresses".
 */
const nonPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const)
  nonPublic.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48], // local NAT64
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const)
  nonPublic.addSubnet(network, prefix, 'ipv6');

export type Lookup = (host: string) => Promise<string[]>;

const systemLookup: Lookup = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** Throws a FeedError naming the address when `url` may not be reached from a feed. */
export const checkFeedAddress = async (
  url: URL,
  privateNetworks: readonly string[],
  lookup: Lookup = systemLookup,
): Promise<void> => {
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new FeedError(`A feed is reached over HTTP(S), not ${url.protocol.replace(/:$/, '')}.`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : await lookup(host);
  } catch {
    throw new FeedError(`The name ${host} could not be resolved.`);
  }
  const allowed = new BlockList();
  for (const network of privateNetworks) {
    const [address, bits] = network.split('/') as [string, string];
    allowed.addSubnet(address, Number(bits), isIP(address) === 6 ? 'ipv6' : 'ipv4');
  }
  // BlockList checks an IPv4-mapped IPv6 address (::ffff:10.0.0.1) against the IPv4 ranges.
  for (const address of addresses) {
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (nonPublic.check(address, family) && !allowed.check(address, family))
      throw new FeedError(
        `${host} is on a private or reserved network (${address}); feeds reach only public addresses unless the operator lists the network in FEED_PRIVATE_NETWORKS.`,
      );
  }
};

const MAX_REDIRECTS = 5;

/**
 * `fetch` for feeds: every address checked with checkFeedAddress, and redirects followed here,
 * hop by hop, so that each new address is checked too. A caller that asks for `redirect: 'manual'`
 * gets the redirect answer itself, as from fetch.
 */
export const feedFetch = (
  privateNetworks: readonly string[],
  options: { lookup?: Lookup; fetch?: typeof fetch } = {},
): typeof fetch => {
  const doFetch = options.fetch ?? fetch;
  return async (input, init) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    for (let hop = 0; ; hop += 1) {
      await checkFeedAddress(url, privateNetworks, options.lookup);
      const response = await doFetch(url, { ...init, headers, redirect: 'manual' });
      const location = response.headers.get('location');
      if (init?.redirect === 'manual' || response.status < 300 || response.status >= 400 || !location)
        return response;
      await response.body?.cancel();
      if (init?.redirect === 'error' || hop >= MAX_REDIRECTS)
        throw new FeedError(`Too many redirects, or a redirect where none may be: ${url.origin}.`);
      const next = new URL(location, url);
      // The partner's token is for the partner's server only.
      if (next.origin !== url.origin) headers.delete('authorization');
      url = next;
    }
  };
};
