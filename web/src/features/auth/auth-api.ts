import { api } from '../../lib/api.js';

export interface SignInBody {
  email: string;
  password: string;
}

export type SignInResult = { twoFactorRedirect: true } | { twoFactorRedirect?: false; user: unknown };

export const signInWithEmail = (body: SignInBody) =>
  api.post<SignInResult>('/api/v1/auth/sign-in/email', body);

export const verifyTotp = (code: string) =>
  api.post<unknown>('/api/v1/auth/two-factor/verify-totp', { code });

export const verifyBackupCode = (code: string) =>
  api.post<unknown>('/api/v1/auth/two-factor/verify-backup-code', { code });
