import { domainToASCII } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatIpv6, normaliseObservable, type ObservableInput } from './normalise.js';

const value = (input: ObservableInput, server = true) => {
  const result = normaliseObservable(input, server ? { domainToAscii: domainToASCII } : {});
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.value;
};
const refusal = (input: ObservableInput) => {
  const result = normaliseObservable(input, { domainToAscii: domainToASCII });
  if (result.ok) throw new Error(`accepted as ${result.value}`);
  return result;
};

describe('normalising observables', () => {
  describe('URLs', () => {
    it.each([
      ['HTTPS://Example.COM:443/Path?q=A#frag', 'https://example.com/Path?q=A'],
      ['http://example.com:80', 'http://example.com/'],
      ['http://example.com:8080/a', 'http://example.com:8080/a'],
      ['https://vaalit.fi./ehdokkaat', 'https://vaalit.fi/ehdokkaat'],
      ['https://äänestä.fi/ohje', 'https://xn--nest-koaae.fi/ohje'],
      ['  https://example.com/a b  ', 'https://example.com/a%20b'],
      ['hxxps://evil[.]example/x', 'https://evil.example/x'],
      ['http://[2001:DB8:0:0::1]/', 'http://[2001:db8::1]/'],
      ['ftp://files.example.org/pub', 'ftp://files.example.org/pub'],
    ])('writes %s as %s', (raw, expected) => {
      expect(value({ type: 'url', value: raw })).toBe(expected);
      expect(value({ type: 'url', value: raw }, false)).toBe(expected);
    });

    it.each([
      ['', 'Not a URL'],
      ['example.com/page', 'Not a URL'],
      ['javascript:alert(1)', 'Only http, https and ftp'],
      ['file:///etc/passwd', 'Only http, https and ftp'],
      ['mailto:a@example.com', 'Only http, https and ftp'],
      ['http://', 'Not a URL'],
      [`https://example.com/${'a'.repeat(4100)}`, 'at most'],
    ])('refuses %j', (raw, message) => {
      expect(refusal({ type: 'url', value: raw }).message).toContain(message);
    });
  });

  describe('domains', () => {
    it.each([
      ['Example.COM', 'example.com'],
      ['vaalit.fi.', 'vaalit.fi'],
      ['Ääkkönen.FI', 'xn--kknen-fraa0m.fi'],
      ['münchen.de.', 'xn--mnchen-3ya.de'],
      ['xn--mnchen-3ya.de', 'xn--mnchen-3ya.de'],
      ['_dmarc.example.com', '_dmarc.example.com'],
      ['evil[.]example', 'evil.example'],
    ])('writes %s as %s', (raw, expected) => {
      expect(value({ type: 'domain', value: raw })).toBe(expected);
      expect(value({ type: 'domain', value: raw }, false)).toBe(expected);
    });

    it.each([
      ['', 'empty'],
      ['.', 'empty'],
      ['localhost', 'at least two labels'],
      ['https://example.com', 'only a host name'],
      ['example.com/path', 'only a host name'],
      ['example.com:443', 'only a host name'],
      ['exa mple.com', 'only a host name'],
      ['a..b', 'Each part'],
      ['-start.example', 'Each part'],
      [`${'a'.repeat(64)}.example`, 'Each part'],
      ['198.51.100.3', 'IP address'],
      ['example.123', 'not a number'],
      [`${'abc.'.repeat(64)}fi`, 'at most 253'],
    ])('refuses %j', (raw, message) => {
      expect(refusal({ type: 'domain', value: raw }).message).toContain(message);
    });
  });

  describe('IP addresses', () => {
    it.each([
      ['198.51.100.3', '198.51.100.3'],
      [' 203.0.113.0/24 ', '203.0.113.0/24'],
      ['198.51.100.3/32', '198.51.100.3'],
      ['198[.]51[.]100[.]3', '198.51.100.3'],
    ])('writes IPv4 %s as %s', (raw, expected) => {
      expect(value({ type: 'ipv4', value: raw })).toBe(expected);
    });

    it.each(['256.1.1.1', '1.2.3', '01.2.3.4', '1.2.3.4/33', '1.2.3.4/', 'a.b.c.d', '::1', '1.2.3.4.5'])(
      'refuses IPv4 %j',
      (raw) => {
        expect(refusal({ type: 'ipv4', value: raw }).field).toBe('value');
      },
    );

    it.each([
      ['2001:DB8:0000:0000:0000:0000:0000:0001', '2001:db8::1'],
      ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
      ['2001:db8::0:1', '2001:db8::1'],
      ['2001:db8:1:1:1:1:1:0', '2001:db8:1:1:1:1:1:0'],
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['0:0:0:0:0:0:0:0', '::'],
      ['::1', '::1'],
      ['[fe80::1]', 'fe80::1'],
      ['::ffff:192.0.2.1', '::ffff:c000:201'],
      ['2001:db8::/32', '2001:db8::/32'],
      ['2001:db8::1/128', '2001:db8::1'],
    ])('writes IPv6 %s in the compressed form of RFC 5952: %s', (raw, expected) => {
      expect(value({ type: 'ipv6', value: raw })).toBe(expected);
    });

    it.each([
      '2001:db8::1::1',
      '2001:db8:0:0:0:0:0:0:1',
      '12345::1',
      'fe80::1%eth0',
      '2001:db8::g',
      '1.2.3.4',
      '::1/129',
      '1.2.3.4::',
    ])('refuses IPv6 %j', (raw) => {
      refusal({ type: 'ipv6', value: raw });
    });

    it('compresses the first of two equally long runs of zeros', () => {
      expect(formatIpv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    });
  });

  describe('e-mail addresses', () => {
    it.each([
      ['John.Doe@Example.COM', 'John.Doe@example.com'],
      ['mailto:vaalit@Äänestä.fi', 'vaalit@xn--nest-koaae.fi'],
      ['someone[@]example[.]org', 'someone@example.org'],
    ])('writes %s as %s, lower-casing only the domain', (raw, expected) => {
      expect(value({ type: 'email', value: raw })).toBe(expected);
    });

    it.each(['no-at-sign', '@example.com', 'a b@example.com', 'a@localhost', 'a..b@example.com', 'a@b@c'])(
      'refuses %j',
      (raw) => {
        refusal({ type: 'email', value: raw });
      },
    );
  });

  describe('social-media accounts', () => {
    it('strips the @ and lower-cases handles of case-insensitive platforms', () => {
      expect(value({ type: 'social_account', platform: 'Twitter', handle: ' @TheGrugq_Ebooks ' })).toBe(
        'twitter:thegrugq_ebooks',
      );
    });

    it('keeps the case of YouTube handles, whose channel ids are case-sensitive', () => {
      expect(value({ type: 'social_account', platform: 'youtube', handle: 'UCabcDEF' })).toBe(
        'youtube:UCabcDEF',
      );
    });

    it('refuses an unknown platform and a handle with spaces or a link', () => {
      expect(refusal({ type: 'social_account', platform: 'myspace', handle: 'x' }).field).toBe('platform');
      expect(refusal({ type: 'social_account', platform: 'telegram', handle: 'two words' }).field).toBe(
        'handle',
      );
      expect(refusal({ type: 'social_account', platform: 'telegram', handle: 't.me/x/y' }).field).toBe(
        'handle',
      );
      expect(refusal({ type: 'social_account', platform: 'telegram', handle: '@' }).field).toBe('handle');
    });
  });

  describe('file hashes', () => {
    it('lower-cases hashes and checks their length per algorithm', () => {
      expect(value({ type: 'md5', value: ' A92E5B2BAE0B4B3A3D81C85610B95CD4 ' })).toBe(
        'a92e5b2bae0b4b3a3d81c85610b95cd4',
      );
      expect(value({ type: 'sha1', value: 'a'.repeat(40) })).toBe('a'.repeat(40));
      expect(value({ type: 'sha256', value: 'F'.repeat(64) })).toBe('f'.repeat(64));
      expect(value({ type: 'sha512', value: '0'.repeat(128) })).toBe('0'.repeat(128));
    });

    it.each([
      ['md5', 'a'.repeat(31), '32 hexadecimal digits long; this one has 31'],
      ['sha1', 'a'.repeat(64), '40 hexadecimal digits'],
      ['sha256', 'a'.repeat(40), '64 hexadecimal digits'],
      ['sha512', 'a'.repeat(64), '128 hexadecimal digits'],
      ['sha256', `${'g'.repeat(64)}`, 'hexadecimal digits 0–9'],
      ['md5', '', 'this one has 0'],
    ] as const)('refuses a %s of %j', (type, raw, message) => {
      expect(refusal({ type, value: raw }).message).toContain(message);
    });
  });
});
