import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, type ErrorCode } from '../../../shared/errors.js';
import { auditSource, type AppDeps } from '../../context.js';
import { sendError } from '../../http/errors.js';
import type { RouteApp } from '../../http/zod-app.js';
import { recordAudit } from '../audit/audit-log.js';
import { markSignInSucceeded, reserveSignInAttempt } from './sign-in-throttle.js';

const signInBodySchema = z.strictObject({
  email: z.string().trim().toLowerCase().max(254).describe('E-mail address'),
  password: z.string().max(256).describe('Password'),
  rememberMe: z.boolean().optional().describe('Keep the session after the browser closes'),
});

const signInResponseSchema = z
  .object({
    twoFactorRedirect: z
      .boolean()
      .optional()
      .describe('True when a TOTP code must follow at /api/v1/auth/two-factor/verify-totp'),
    user: z.object({ id: z.string(), email: z.string(), name: z.string() }).optional(),
  })
  .describe('Signed in (session cookie set), or a second factor is needed');

/** better-auth endpoints whose success changes something worth an audit entry. */
const auditedPaths: Record<string, string> = {
  '/sign-out': 'auth.sign_out',
  '/two-factor/enable': 'two_factor.enable_started',
  '/two-factor/disable': 'two_factor.disable',
  '/two-factor/verify-totp': 'two_factor.verified',
  '/two-factor/verify-backup-code': 'two_factor.backup_code_used',
  '/revoke-sessions': 'sessions.revoke_all',
  '/revoke-other-sessions': 'sessions.revoke_others',
  '/revoke-session': 'sessions.revoke',
};

/**
 * The only better-auth endpoints offered, besides sign-in above. Everything else it has (sign-up,
 * its own password change, API-key management, session listing that reveals tokens) is not:
 * accounts are made by admins, and tokens and passwords are managed through /api/v1/me.
 */
const allowedPaths = new Set([
  '/sign-out',
  '/two-factor/enable',
  '/two-factor/disable',
  '/two-factor/verify-totp',
  '/two-factor/verify-backup-code',
  '/two-factor/generate-backup-codes',
]);

const INVALID_CREDENTIALS = 'The e-mail address or password is wrong.';

const betterAuthCodes: Record<string, ErrorCode> = {
  INVALID_EMAIL_OR_PASSWORD: 'invalid_credentials',
  INVALID_PASSWORD: 'invalid_credentials',
  INVALID_CODE: 'invalid_credentials',
  INVALID_TWO_FACTOR_COOKIE: 'unauthenticated',
};

const forward = async (deps: AppDeps, request: FastifyRequest, body: unknown): Promise<Response> => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'content-length') continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  headers.set('x-forwarded-for', request.ip);
  const init: RequestInit = { method: request.method, headers };
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    init.body = JSON.stringify(body ?? {});
    headers.set('content-type', 'application/json');
  }
  return deps.auth.handler(new Request(`${deps.config.baseUrl}${request.url}`, init));
};

/** Relays better-auth's answer, with its errors in our `{ code, message, requestId }` shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the relayed body is better-auth's, already JSON
const relay = async (request: FastifyRequest, reply: FastifyReply, response: Response): Promise<any> => {
  for (const cookie of response.headers.getSetCookie()) reply.header('set-cookie', cookie);
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (response.status >= 400) {
    const upstream = (json ?? {}) as { code?: string; message?: string };
    const code: ErrorCode =
      (upstream.code && betterAuthCodes[upstream.code]) ||
      (response.status === 401
        ? 'unauthenticated'
        : response.status === 403
          ? 'forbidden'
          : response.status === 404
            ? 'not_found'
            : response.status === 429
              ? 'rate_limited'
              : 'bad_request');
    const message =
      code === 'invalid_credentials' ? INVALID_CREDENTIALS : (upstream.message ?? 'The request was refused.');
    return sendError(reply, request, code, message);
  }
  reply.status(response.status);
  // Session tokens live in httpOnly cookies only; never hand one to page scripts.
  if (json && typeof json === 'object' && 'token' in json) delete (json as Record<string, unknown>).token;
  const location = response.headers.get('location');
  if (location) reply.header('location', location);
  return reply.send(json);
};

export const authRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.post(
    '/api/v1/auth/sign-in/email',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['Authentication'],
        summary: 'Sign in with e-mail and password; sets the session cookie',
        body: signInBodySchema,
        response: { 200: signInResponseSchema },
      },
    },
    async (request, reply) => {
      const { email } = request.body;
      const base = auditSource(request);
      const attemptId = await reserveSignInAttempt(deps.db, email, request.ip);
      const user = await deps.db
        .selectFrom('users')
        .select(['id', 'active', 'organisationId'])
        .where('email', '=', email)
        .executeTakeFirst();
      const userId = user?.id;
      const fail = async (reason: string) => {
        await recordAudit(deps.db, base, {
          action: 'auth.sign_in_failed',
          targetType: 'user',
          targetId: userId ?? undefined,
          details: { email, reason },
        });
        throw new AppError('invalid_credentials', INVALID_CREDENTIALS);
      };
      if (user && !user.active) {
        // Spend the same time as a real password check, so that a deactivated account cannot be told apart.
        await (await deps.auth.$context).password.hash(request.body.password);
        return fail('deactivated');
      }
      const response = await forward(deps, request, request.body);
      if (response.status === 401) return fail(userId ? 'wrong_password' : 'unknown_account');
      if (response.status !== 200) return relay(request, reply, response);
      await markSignInSucceeded(deps.db, attemptId);
      const twoFactor = response.headers.get('content-type')?.includes('json')
        ? ((await response.clone().json()) as { twoFactorRedirect?: boolean }).twoFactorRedirect === true
        : false;
      await recordAudit(
        deps.db,
        { ...base, actorUserId: userId ?? null, actorOrganisationId: user?.organisationId ?? null },
        {
          action: twoFactor ? 'auth.password_verified' : 'auth.sign_in',
          targetType: 'user',
          targetId: userId,
          details: { email },
        },
      );
      return relay(request, reply, response);
    },
  );

  app.route({
    method: ['GET', 'POST'],
    url: '/api/v1/auth/*',
    config: { auth: 'public' },
    schema: { hide: true },
    handler: async (request, reply) => {
      const path = new URL(request.url, 'http://x').pathname.replace('/api/v1/auth', '');
      if (!allowedPaths.has(path)) throw new AppError('not_found', 'No such endpoint.');
      const action = auditedPaths[path];
      const before = action
        ? await deps.auth.api.getSession({ headers: toRequestHeaders(request) }).catch(() => null)
        : null;
      const response = await forward(deps, request, request.body);
      if (action && response.status < 300) {
        const secondFactorSignIn =
          !before && (path === '/two-factor/verify-totp' || path === '/two-factor/verify-backup-code');
        const after = secondFactorSignIn
          ? await deps.auth.api.getSession({ headers: toCookieHeaders(response, request) }).catch(() => null)
          : null;
        const actorUserId = before?.user.id ?? after?.user.id ?? null;
        await recordAudit(
          deps.db,
          { ...auditSource(request), actorUserId },
          secondFactorSignIn
            ? {
                action: 'auth.sign_in',
                targetType: 'user',
                targetId: actorUserId ?? undefined,
                details: { secondFactor: path.slice(12) },
              }
            : {
                action: path === '/two-factor/verify-totp' ? 'two_factor.enable' : action,
                targetType: 'user',
                targetId: actorUserId ?? undefined,
              },
        );
      }
      return relay(request, reply, response);
    },
  });
};

const toRequestHeaders = (request: FastifyRequest): Headers => {
  const headers = new Headers();
  if (request.headers.cookie) headers.set('cookie', request.headers.cookie);
  return headers;
};

/** After a sign-in step the new session is in the response's cookies, not the request's. */
const toCookieHeaders = (response: Response, request: FastifyRequest): Headers => {
  const jar = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k) jar.set(k, v.join('='));
  }
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(';');
    const [k, ...v] = (pair ?? '').split('=');
    if (k) jar.set(k.trim(), v.join('='));
  }
  const headers = new Headers();
  headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
  return headers;
};
