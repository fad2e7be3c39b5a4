import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Auth } from './auth-instance.js';

/**
 * Reads better-auth's signed session cookie (`<token>.<base64 HMAC-SHA256>`, URI-encoded) without
 * going through its endpoint machinery, which costs several milliseconds a request. better-auth
 * still issues, refreshes and revokes sessions; this only checks the signature, and the caller
 * looks the token up in the sessions table.
 */
export const createSessionCookieReader = async (auth: Auth) => {
  const context = await auth.$context;
  const name = context.authCookies.sessionToken.name;
  const secret = context.secret;

  return (cookieHeader: string | undefined): string | undefined => {
    if (!cookieHeader) return undefined;
    for (const part of cookieHeader.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
      let value: string;
      try {
        value = decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
      const dot = value.lastIndexOf('.');
      if (dot < 1) return undefined;
      const token = value.slice(0, dot);
      const given = Buffer.from(value.slice(dot + 1), 'base64');
      const expected = createHmac('sha256', secret).update(token).digest();
      return given.length === expected.length && timingSafeEqual(given, expected) ? token : undefined;
    }
    return undefined;
  };
};
