import type { z } from 'zod';
import type {
  ApiToken,
  ChangePassword,
  CreateApiToken,
  apiTokenListSchema,
  createdApiTokenSchema,
  sessionListSchema,
} from '../../../../shared/contracts/me.js';
import { api } from '../../lib/api.js';

export type SessionList = z.infer<typeof sessionListSchema>;
export type Session = SessionList['items'][number];
export type ApiTokenList = z.infer<typeof apiTokenListSchema>;
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;
export type { ApiToken };

export interface TwoFactorSetup {
  totpURI: string;
  backupCodes: string[];
}

export const sessionsQueryKey = ['me', 'sessions'] as const;
export const tokensQueryKey = ['me', 'tokens'] as const;

export const profileApi = {
  changePassword: (body: ChangePassword) => api.post<unknown>('/api/v1/me/password', body),
  enableTwoFactor: (password: string) =>
    api.post<TwoFactorSetup>('/api/v1/auth/two-factor/enable', { password }),
  verifyTotp: (code: string) => api.post<unknown>('/api/v1/auth/two-factor/verify-totp', { code }),
  disableTwoFactor: (password: string) => api.post<unknown>('/api/v1/auth/two-factor/disable', { password }),
  sessions: () => api.get<SessionList>('/api/v1/me/sessions'),
  signOutEverywhere: () => api.post<unknown>('/api/v1/me/sign-out-everywhere', {}),
  tokens: () => api.get<ApiTokenList>('/api/v1/me/tokens'),
  createToken: (body: CreateApiToken) => api.post<CreatedApiToken>('/api/v1/me/tokens', body),
  revokeToken: (id: string) => api.delete<unknown>(`/api/v1/me/tokens/${encodeURIComponent(id)}`),
};

/** The base32 secret inside an otpauth:// URI, for typing into an authenticator by hand. */
export const totpSecret = (totpURI: string): string => {
  const match = /[?&]secret=([^&]+)/i.exec(totpURI);
  return match?.[1] ? decodeURIComponent(match[1]) : '';
};

export const groupSecret = (secret: string): string => secret.replace(/(.{4})(?=.)/g, '$1 ');
