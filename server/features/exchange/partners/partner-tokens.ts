import { createHash, randomBytes } from 'node:crypto';

/**
 * Partner tokens: `vvp_` and 32 random bytes (base64url). Only the SHA-256 is stored: a 256-bit
 * random secret cannot be guessed, so a slow hash would add nothing (docs/decisions/0005).
 */
export const PARTNER_TOKEN_PREFIX = 'vvp_';
const START_LENGTH = PARTNER_TOKEN_PREFIX.length + 6;
const TOKEN_PATTERN = /^vvp_[A-Za-z0-9_-]{43}$/;

export const generatePartnerToken = (): { token: string; hash: string; start: string } => {
  const token = `${PARTNER_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashPartnerToken(token), start: token.slice(0, START_LENGTH) };
};

export const hashPartnerToken = (token: string): string => createHash('sha256').update(token).digest('hex');

export const looksLikePartnerToken = (value: string): boolean => TOKEN_PATTERN.test(value);
