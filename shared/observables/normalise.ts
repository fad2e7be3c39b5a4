import {
  caseSensitivePlatforms,
  hashLengths,
  socialPlatforms,
  type HashType,
  type ObservableType,
  type SocialPlatform,
} from './types.js';

export type ObservableInput =
  | { type: Exclude<ObservableType, 'social_account'>; value: string }
  | { type: 'social_account'; platform: string; handle: string };

export interface NormalisedObservable {
  type: ObservableType;
  /** The canonical form: equal values of one type are the same observable. */
  value: string;
}

export type NormaliseResult =
  | ({ ok: true } & NormalisedObservable)
  | { ok: false; field: 'value' | 'platform' | 'handle'; message: string };

export interface NormaliseOptions {
  /**
   * IDNA ToASCII of a host name, '' when it cannot be converted. The server passes node:url's
   * domainToASCII; the default goes through the WHATWG URL parser, which applies the same
   * UTS #46 processing and works in a browser too.
   */
  domainToAscii?: (domain: string) => string;
}

const urlDomainToAscii = (domain: string): string => {
  try {
    return new URL(`http://${domain}/`).hostname;
  } catch {
    return '';
  }
};

const MAX_VALUE = 4096;

/** Analysts paste indicators "defanged" so that nobody clicks them: hxxp://example[.]com. */
const refang = (value: string): string =>
  value
    .replace(/^hxxp(s?):\/\//i, 'http$1://')
    .replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]/gi, '.')
    .replace(/\[:\]/g, ':')
    .replace(/\[@\]|\[at\]/gi, '@');

const fail = (message: string, field: 'value' | 'platform' | 'handle' = 'value'): NormaliseResult => ({
  ok: false,
  field,
  message,
});

const hasSpaceOrControl = (value: string) => /[\s\u0000-\u001f\u007f-\u009f]/u.test(value);

// ---------------------------------------------------------------- IP addresses

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Dotted quad without leading zeros, which some parsers read as octal: refused, not guessed. */
const parseIpv4 = (text: string): number[] | undefined => {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1).map((part) => (part.length > 1 && part.startsWith('0') ? NaN : Number(part)));
  return octets.every((n) => Number.isInteger(n) && n <= 255) ? octets : undefined;
};

const parsePrefix = (text: string | undefined, max: number): number | null | undefined => {
  if (text === undefined) return null;
  if (!/^(0|[1-9]\d{0,2})$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
};

const splitPrefix = (value: string): [string, string | undefined] => {
  const slash = value.indexOf('/');
  return slash < 0 ? [value, undefined] : [value.slice(0, slash), value.slice(slash + 1)];
};

const normaliseIpv4 = (raw: string): NormaliseResult => {
  const [address, prefixText] = splitPrefix(refang(raw.trim()));
  const octets = parseIpv4(address);
  if (!octets)
    return fail('Not an IPv4 address: expected four numbers 0–255 without leading zeros, like 198.51.100.3.');
  const prefix = parsePrefix(prefixText, 32);
  if (prefix === undefined) return fail('The prefix length of an IPv4 network is a number 0–32.');
  const text = octets.join('.');
  return { ok: true, type: 'ipv4', value: prefix === null || prefix === 32 ? text : `${text}/${prefix}` };
};

/** Eight 16-bit groups, or undefined. Accepts '::' once and a trailing dotted quad. */
const parseIpv6 = (text: string): number[] | undefined => {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const pieces = part.split(':');
    const groups: number[] = [];
    for (const [i, piece] of pieces.entries()) {
      if (piece.includes('.')) {
        if (i !== pieces.length - 1) return undefined;
        const octets = parseIpv4(piece);
        if (!octets) return undefined;
        groups.push((octets[0]! << 8) | octets[1]!, (octets[2]! << 8) | octets[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(piece)) return undefined;
        groups.push(parseInt(piece, 16));
      }
    }
    return groups;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  // An embedded dotted quad may only end the address.
  if (halves[0]!.includes('.')) return undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
};

/** RFC 5952 §4: lower case, no leading zeros, the longest run (≥ 2) of zero groups as '::', the first on a tie. */
export const formatIpv6 = (groups: readonly number[]): string => {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j += 1;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
};

const normaliseIpv6 = (raw: string): NormaliseResult => {
  const [bracketed, prefixText] = splitPrefix(raw.trim());
  const address = bracketed.startsWith('[') && bracketed.endsWith(']') ? bracketed.slice(1, -1) : bracketed;
  if (address.includes('%')) return fail('An IPv6 address with a zone index (%…) is local to one machine.');
  const groups = parseIpv6(address);
  if (!groups) return fail('Not an IPv6 address, like 2001:db8::1.');
  const prefix = parsePrefix(prefixText, 128);
  if (prefix === undefined) return fail('The prefix length of an IPv6 network is a number 0–128.');
  const text = formatIpv6(groups);
  return { ok: true, type: 'ipv6', value: prefix === null || prefix === 128 ? text : `${text}/${prefix}` };
};

// ---------------------------------------------------------------- domains

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** Lower case, IDN as punycode, no trailing dot; at least two labels. Undefined with a reason. */
const canonicalDomain = (
  raw: string,
  toAscii: (domain: string) => string,
): { domain: string } | { error: string } => {
  let domain = raw.trim();
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  if (domain === '') return { error: 'The domain name is empty.' };
  if (hasSpaceOrControl(domain) || /[/\\?#@:[\]%<>"'`|^{}]/.test(domain))
    return { error: 'A domain name is only a host name, like example.com: no scheme, path, port or spaces.' };
  if (/^\d+$/.test(domain.slice(domain.lastIndexOf('.') + 1)))
    return parseIpv4(domain)
      ? { error: 'This is an IP address, not a domain name.' }
      : { error: 'The last part of a domain name is not a number.' };
  const ascii = toAscii(domain).toLowerCase();
  if (!ascii) return { error: 'Not a valid international domain name.' };
  if (ascii.length > 253) return { error: 'A domain name is at most 253 characters long.' };
  const labels = ascii.split('.');
  if (labels.length < 2) return { error: 'A domain name has at least two labels, like example.com.' };
  if (!labels.every((label) => LABEL.test(label)))
    return {
      error:
        'Each part of a domain name is 1–63 letters, digits or hyphens, and neither starts nor ends with a hyphen.',
    };
  return { domain: ascii };
};

const normaliseDomain = (raw: string, toAscii: (d: string) => string): NormaliseResult => {
  const result = canonicalDomain(refang(raw), toAscii);
  return 'error' in result ? fail(result.error) : { ok: true, type: 'domain', value: result.domain };
};

// ---------------------------------------------------------------- e-mail

/** The domain is case-insensitive and becomes punycode; the local part is kept as written (RFC 5321 §2.4). */
const normaliseEmail = (raw: string, toAscii: (d: string) => string): NormaliseResult => {
  const value = refang(raw.trim()).replace(/^mailto:/i, '');
  const at = value.lastIndexOf('@');
  if (at < 0) return fail('An e-mail address has the form name@example.com.');
  const local = value.slice(0, at);
  if (local === '' || local.length > 64 || hasSpaceOrControl(local) || /[@"<>()[\]\\,;:]/.test(local))
    return fail('The part before @ is 1–64 characters without spaces, quotes, brackets or another @.');
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..'))
    return fail('The part before @ neither starts nor ends with a dot, nor has two dots in a row.');
  const domain = canonicalDomain(value.slice(at + 1), toAscii);
  if ('error' in domain) return fail(`The domain of the e-mail address: ${domain.error}`);
  const address = `${local}@${domain.domain}`;
  if (address.length > 254) return fail('An e-mail address is at most 254 characters long.');
  return { ok: true, type: 'email', value: address };
};

// ---------------------------------------------------------------- URLs

const urlSchemes = new Set(['http:', 'https:', 'ftp:']);

/**
 * The WHATWG URL serialisation: scheme and host in lower case, IDN host as punycode, default port
 * removed, path and query kept as given (percent-encoded where the standard says), fragment
 * dropped (it never reaches the server), and the host's trailing dot removed.
 */
const normaliseUrl = (raw: string): NormaliseResult => {
  let url: URL;
  try {
    url = new URL(refang(raw.trim()));
  } catch {
    return fail('Not a URL: give the whole address, like https://example.com/page.');
  }
  if (!urlSchemes.has(url.protocol)) return fail('Only http, https and ftp URLs are accepted.');
  if (!url.hostname) return fail('The URL has no host.');
  url.hash = '';
  if (url.hostname.endsWith('.')) url.hostname = url.hostname.slice(0, -1);
  if (!url.hostname) return fail('The URL has no host.');
  const value = url.href;
  if (value.length > MAX_VALUE) return fail(`A URL is at most ${MAX_VALUE} characters long.`);
  return { ok: true, type: 'url', value };
};

// ---------------------------------------------------------------- hashes

const hashLabels: Record<HashType, string> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
};

const normaliseHash = (type: HashType, raw: string): NormaliseResult => {
  const value = raw.trim().toLowerCase();
  const length = hashLengths[type];
  if (!/^[0-9a-f]*$/.test(value))
    return fail(`A ${hashLabels[type]} hash is written in hexadecimal digits 0–9 and a–f.`);
  if (value.length !== length)
    return fail(
      `A ${hashLabels[type]} hash is ${length} hexadecimal digits long; this one has ${value.length}.`,
    );
  return { ok: true, type, value };
};

// ---------------------------------------------------------------- social-media accounts

export const isSocialPlatform = (value: string): value is SocialPlatform =>
  (socialPlatforms as readonly string[]).includes(value);

/** `platform:handle`, the handle without a leading @ and (except YouTube) in lower case. */
const normaliseSocialAccount = (platformRaw: string, handleRaw: string): NormaliseResult => {
  const platform = platformRaw.trim().toLowerCase();
  if (!isSocialPlatform(platform))
    return fail(`Unknown platform; one of: ${socialPlatforms.join(', ')}.`, 'platform');
  let handle = handleRaw.trim().replace(/^@/, '');
  if (!caseSensitivePlatforms.has(platform)) handle = handle.toLowerCase();
  if (handle === '' || handle.length > 200)
    return fail('The account name is 1–200 characters long.', 'handle');
  if (hasSpaceOrControl(handle) || /[/\\?#]/.test(handle))
    return fail('The account name is the handle only, without spaces or a profile link.', 'handle');
  return { ok: true, type: 'social_account', value: `${platform}:${handle}` };
};

/** Splits a stored social-account value back into its platform and handle. */
export const splitSocialAccount = (value: string): { platform: string; handle: string } => {
  const colon = value.indexOf(':');
  return { platform: value.slice(0, colon), handle: value.slice(colon + 1) };
};

/** The one place that decides when two observables are the same: their normalised (type, value). */
export const normaliseObservable = (
  input: ObservableInput,
  options: NormaliseOptions = {},
): NormaliseResult => {
  const toAscii = options.domainToAscii ?? urlDomainToAscii;
  if (input.type === 'social_account') return normaliseSocialAccount(input.platform, input.handle);
  if (input.value.length > MAX_VALUE) return fail(`The value is at most ${MAX_VALUE} characters long.`);
  switch (input.type) {
    case 'url':
      return normaliseUrl(input.value);
    case 'domain':
      return normaliseDomain(input.value, toAscii);
    case 'ipv4':
      return normaliseIpv4(input.value);
    case 'ipv6':
      return normaliseIpv6(input.value);
    case 'email':
      return normaliseEmail(input.value, toAscii);
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'sha512':
      return normaliseHash(input.type, input.value);
  }
};
