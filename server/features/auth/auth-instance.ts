import { apiKey } from '@better-auth/api-key';
import { betterAuth } from 'better-auth';
import { twoFactor } from 'better-auth/plugins/two-factor';
import type { Db } from '../../db/connection.js';

export const API_TOKEN_PREFIX = 'vv_';
export const SESSION_HOURS = 12;

export interface AuthOptions {
  db: Db;
  baseUrl: string;
  secret: string;
}

/**
 * better-auth owns passwords, sessions, two-factor and API tokens. Its tables follow our naming
 * through Kysely's CamelCasePlugin on the shared connection, so `twoFactors` is `two_factors`.
 */
export const createAuth = ({ db, baseUrl, secret }: AuthOptions) =>
  betterAuth({
    appName: 'Vaalivahti',
    baseURL: baseUrl,
    basePath: '/api/v1/auth',
    secret,
    database: { db, type: 'postgres' },
    telemetry: { enabled: false },
    // Our own log and audit trail record what matters; better-auth speaks only of real errors.
    logger: { level: 'error' },
    trustedOrigins: [new URL(baseUrl).origin],
    user: {
      modelName: 'users',
      // Accounts are created by our own code (createAccount); better-auth only reads these.
      additionalFields: {
        organisationId: { type: 'string', required: true, input: false, returned: false },
        roles: { type: 'string[]', required: true, input: false, returned: false },
      },
    },
    session: {
      modelName: 'sessions',
      expiresIn: SESSION_HOURS * 3600,
      // Sessions last a fixed working day; our cookie reader (session-cookie.ts) does not refresh them.
      disableSessionRefresh: true,
      // Every request reads the session row, so that a deactivated user or a revoked session is out at once.
      cookieCache: { enabled: false },
    },
    account: { modelName: 'accounts' },
    verification: { modelName: 'verifications' },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: 12,
      maxPasswordLength: 256,
      revokeSessionsOnPasswordReset: true,
    },
    // Sign-in throttling is ours (per account and source, in the database, shared by every node).
    rateLimit: { enabled: false },
    advanced: {
      cookiePrefix: 'vaalivahti',
      useSecureCookies: baseUrl.startsWith('https://'),
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
      database: { generateId: 'uuid' },
    },
    plugins: [
      twoFactor({ issuer: 'Vaalivahti', schema: { twoFactor: { modelName: 'twoFactors' } } }),
      apiKey({
        defaultPrefix: API_TOKEN_PREFIX,
        requireName: true,
        maximumNameLength: 100,
        rateLimit: { enabled: false },
        enableMetadata: false,
        keyExpiration: { defaultExpiresIn: null, maxExpiresIn: 366 },
        schema: { apikey: { modelName: 'apiKeys' } },
      }),
    ],
  });

export type Auth = ReturnType<typeof createAuth>;
