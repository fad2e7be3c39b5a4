import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Partner servers' tokens at rest: AES-256-GCM under a key derived (HKDF-SHA-256) from the
 * instance's auth secret, with the feed's id as associated data, so a ciphertext copied onto
 * another feed's row does not decrypt. Stored as `v1.<iv>.<ciphertext>.<tag>` (base64url).
 */

const VERSION = 'v1';
const INFO = 'vaalivahti partner feed token v1';
const SALT = 'vaalivahti.partner_feeds';

export const feedTokenKey = (authSecret: string): Buffer =>
  Buffer.from(hkdfSync('sha256', Buffer.from(authSecret, 'utf8'), SALT, INFO, 32));

export const encryptFeedToken = (key: Buffer, feedId: string, token: string): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(feedId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
  return [VERSION, iv, ciphertext, cipher.getAuthTag()]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
};

/** Throws when the ciphertext was altered, belongs to another feed or another instance's secret. */
export const decryptFeedToken = (key: Buffer, feedId: string, stored: string): string => {
  const [version, iv, ciphertext, tag, ...rest] = stored.split('.');
  if (version !== VERSION || !iv || !ciphertext || !tag || rest.length > 0) {
    throw new Error('unknown format of a stored feed token');
  }
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(feedId, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
};
