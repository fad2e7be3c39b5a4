/** What an observable can be (PRODUCT.md, "Incident": URLs, domains, IP addresses, accounts, e-mail, file hashes). */
export const observableTypes = [
  'url',
  'domain',
  'ipv4',
  'ipv6',
  'email',
  'social_account',
  'md5',
  'sha1',
  'sha256',
  'sha512',
] as const;
export type ObservableType = (typeof observableTypes)[number];

export const hashTypes = ['md5', 'sha1', 'sha256', 'sha512'] as const;
export type HashType = (typeof hashTypes)[number];

export const hashLengths: Record<HashType, number> = { md5: 32, sha1: 40, sha256: 64, sha512: 128 };

/** The names STIX 2.1 gives the algorithms (hash-algorithm-ov), in its order of preference. */
export const stixHashNames: Record<HashType, string> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
};

/**
 * Platforms of social-media accounts. `twitter` is X: STIX's account-type vocabulary still calls it
 * twitter. YouTube channel ids are case-sensitive, so its handles are kept as written.
 */
export const socialPlatforms = [
  'bluesky',
  'discord',
  'facebook',
  'instagram',
  'linkedin',
  'mastodon',
  'reddit',
  'snapchat',
  'telegram',
  'threads',
  'tiktok',
  'twitter',
  'vk',
  'whatsapp',
  'youtube',
] as const;
export type SocialPlatform = (typeof socialPlatforms)[number];
export const caseSensitivePlatforms: ReadonlySet<SocialPlatform> = new Set(['youtube']);
