import { createHmac } from 'node:crypto';

const base32Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

const decodeBase32 = (text: string): Buffer => {
  let bits = '';
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const value = base32Alphabet.indexOf(char);
    if (value < 0) throw new Error(`not base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const bytes = bits.match(/.{8}/g) ?? [];
  return Buffer.from(bytes.map((byte) => parseInt(byte, 2)));
};

/** The base32 secret of an `otpauth://totp/...` URI. */
export const secretOf = (totpUri: string): string => {
  const secret = new URL(totpUri).searchParams.get('secret');
  if (!secret) throw new Error(`no secret in ${totpUri}`);
  return secret;
};

/** RFC 6238 TOTP (HMAC-SHA-1, 6 digits, 30-second steps); `offset` counts steps from now. */
export const totp = (base32Secret: string, { offset = 0, at = Date.now() } = {}): string => {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000) + offset));
  const hmac = createHmac('sha1', decodeBase32(base32Secret)).update(counter).digest();
  const start = hmac[hmac.length - 1]! & 0x0f;
  return String((hmac.readUInt32BE(start) & 0x7fffffff) % 1_000_000).padStart(6, '0');
};

/** A six-digit code that is valid in none of the steps a verifier accepts around now (±2 for safety). */
export const wrongTotp = (base32Secret: string): string => {
  const valid = new Set([-2, -1, 0, 1, 2].map((offset) => totp(base32Secret, { offset })));
  let code = 0;
  while (valid.has(String(code).padStart(6, '0'))) code += 1;
  return String(code).padStart(6, '0');
};
