import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { checkFeedAddress, feedFetch, type Lookup } from './feed-address.js';

const resolvesTo =
  (...addresses: string[]): Lookup =>
  async () =>
    addresses;

const refused = (url: string, networks: string[] = [], lookup?: Lookup) =>
  expect(checkFeedAddress(new URL(url), networks, lookup)).rejects.toThrow(/private or reserved network/);
const allowed = (url: string, networks: string[] = [], lookup?: Lookup) =>
  expect(checkFeedAddress(new URL(url), networks, lookup)).resolves.toBeUndefined();

describe('the addresses a partner feed may reach', () => {
  it('refuses loopback, private, link-local (cloud metadata) and reserved addresses, v4 and v6', async () => {
    for (const url of [
      'http://127.0.0.1:8080/taxii2/',
      'http://10.1.2.3/',
      'http://172.20.0.5/',
      'http://192.168.1.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://[::1]/',
      'http://[fd00::5]/',
      'http://[fe80::1]/',
      'http://[::ffff:10.0.0.1]/',
      'http://[::ffff:7f00:1]/',
    ])
      await refused(url);
  });

  it('refuses a name that resolves to a private address, even when another of its addresses is public', async () => {
    await refused('https://partner.example/taxii2/', [], resolvesTo('10.0.0.8'));
    await refused('https://partner.example/taxii2/', [], resolvesTo('198.51.100.7', '127.0.0.1'));
  });

  it('lets public addresses through, and private networks the operator listed', async () => {
    await allowed('https://partner.example/taxii2/', [], resolvesTo('198.51.100.7', '2001:db8::7'));
    await allowed('https://203.0.113.9/feed/');
    await allowed('http://10.20.3.4/', ['10.20.0.0/16']);
    await allowed('http://[fd00::5]/', ['fd00::/8']);
    await refused('http://10.21.3.4/', ['10.20.0.0/16']);
  });

  it('says so when the name does not resolve, and refuses other schemes', async () => {
    const nowhere: Lookup = async () => {
      throw new Error('ENOTFOUND');
    };
    await expect(checkFeedAddress(new URL('https://nowhere.example/'), [], nowhere)).rejects.toThrow(
      'could not be resolved',
    );
    await expect(checkFeedAddress(new URL('file:///etc/passwd'), [])).rejects.toThrow('HTTP(S)');
  });
});

describe('fetch for feeds', () => {
  const answers = (routes: Record<string, Response | (() => Response)>) => {
    const seen: { url: string; authorization: string | null }[] = [];
    const stand: typeof fetch = async (input, init) => {
      const url = String(input);
      seen.push({ url, authorization: new Headers(init?.headers).get('authorization') });
      const answer = routes[url];
      if (!answer) return new Response('not found', { status: 404 });
      return typeof answer === 'function' ? answer() : answer;
    };
    return { stand, seen };
  };
  const redirect = (location: string) => new Response(null, { status: 302, headers: { location } });
  const publicLookup = resolvesTo('198.51.100.7');

  it('checks every hop of a redirect, and stops at one to a private address', async () => {
    const { stand, seen } = answers({
      'https://partner.example/feed/manifest.json': redirect('http://169.254.169.254/latest/'),
    });
    const guarded = feedFetch([], { fetch: stand, lookup: publicLookup });
    await expect(guarded('https://partner.example/feed/manifest.json')).rejects.toThrow(
      /private or reserved network \(169\.254\.169\.254\)/,
    );
    expect(seen.map((s) => s.url)).toEqual(['https://partner.example/feed/manifest.json']);
  });

  it("follows redirects between public addresses, and keeps the partner's token on the partner's server", async () => {
    const { stand, seen } = answers({
      'https://partner.example/a': redirect('/b'),
      'https://partner.example/b': redirect('https://cdn.example/c'),
      'https://cdn.example/c': () => new Response('{}', { status: 200 }),
    });
    const guarded = feedFetch([], { fetch: stand, lookup: publicLookup });
    const response = await guarded('https://partner.example/a', {
      headers: { authorization: 'Bearer secret' },
    });
    expect(response.status).toBe(200);
    expect(seen).toEqual([
      { url: 'https://partner.example/a', authorization: 'Bearer secret' },
      { url: 'https://partner.example/b', authorization: 'Bearer secret' },
      { url: 'https://cdn.example/c', authorization: null },
    ]);
  });

  it('hands a redirect back to a caller that follows none itself, and gives up after five hops', async () => {
    const { stand } = answers({ 'https://partner.example/loop': redirect('https://partner.example/loop') });
    const guarded = feedFetch([], { fetch: stand, lookup: publicLookup });
    expect((await guarded('https://partner.example/loop', { redirect: 'manual' })).status).toBe(302);
    await expect(guarded('https://partner.example/loop')).rejects.toThrow('Too many redirects');
  });
});

describe('FEED_PRIVATE_NETWORKS', () => {
  it('takes addresses and CIDR ranges, v4 and v6, and refuses anything else by name', () => {
    expect(
      loadConfig({ FEED_PRIVATE_NETWORKS: ' 10.20.0.0/16, fd00::/8,127.0.0.1 ' }).feedPrivateNetworks,
    ).toEqual(['10.20.0.0/16', 'fd00::/8', '127.0.0.1/32']);
    expect(loadConfig({}).feedPrivateNetworks).toEqual([]);
    for (const bad of ['10.0.0.0/33', 'intranet.example', '10.0.0.0/8/1', 'fd00::/129', '10.0.0.0/x'])
      expect(() => loadConfig({ FEED_PRIVATE_NETWORKS: bad })).toThrow(/FEED_PRIVATE_NETWORKS/);
  });
});
