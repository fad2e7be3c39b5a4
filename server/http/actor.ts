import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, Permission } from '../../shared/access/roles.js';
import { can } from '../../shared/access/roles.js';
import { AppError } from '../../shared/errors.js';
import type { Db } from '../db/connection.js';
import type { Auth } from '../features/auth/auth-instance.js';
import { findActorBySessionToken, findActorRow, type ActorRow } from '../features/auth/actor-queries.js';
import { createSessionCookieReader } from '../features/auth/session-cookie.js';

export type AuthMode = 'public' | 'user';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'public': no sign-in needed. Default for /api/v1 routes is 'user'. */
    auth?: AuthMode;
    /** The permission a route needs beyond being signed in. */
    permission?: Permission;
    /** Reachable while the user must still change their password or enrol two-factor. */
    allowRestricted?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    authMethod: 'session' | 'token' | null;
    sessionId: string | null;
    restriction: 'password_change_required' | 'two_factor_enrolment_required' | null;
  }
}

export const requireActor = (request: FastifyRequest): Actor => {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in first.');
  return request.actor;
};

const bearerToken = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AppError('unauthenticated', 'The Authorization header must be "Bearer <token>".');
  return match[1];
};

/**
 * Resolves who is calling, from a session cookie or a personal API token, on every /api/v1
 * request. A deactivated user is nobody, whatever credential they still hold.
 */
export const registerActorResolution = async (
  app: FastifyInstance,
  deps: { db: Db; auth: Auth },
): Promise<void> => {
  const readSessionCookie = await createSessionCookieReader(deps.auth);
  app.decorateRequest('actor', null);
  app.decorateRequest('authMethod', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('restriction', null);

  // onRequest, before the body is read or validated: an anonymous caller learns nothing about schemas.
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url ?? '';
    if (!url.startsWith('/api/v1/') || url.startsWith('/api/v1/auth/')) return;
    const config = request.routeOptions.config;

    let row: ActorRow | undefined;
    const token = bearerToken(request);
    if (token) {
      const result = await deps.auth.api.verifyApiKey({ body: { key: token } }).catch(() => undefined);
      if (!result?.valid || !result.key) throw new AppError('unauthenticated', 'The API token is not valid.');
      row = await findActorRow(deps.db, result.key.referenceId);
      request.authMethod = 'token';
    } else {
      const sessionToken = readSessionCookie(request.headers.cookie);
      const found = sessionToken ? await findActorBySessionToken(deps.db, sessionToken) : undefined;
      if (found) {
        row = found;
        request.sessionId = found.sessionId;
        request.authMethod = 'session';
      }
    }

    if (row?.active) {
      request.actor = {
        userId: row.userId,
        organisationId: row.organisationId,
        roles: row.roles,
        communityIds: row.communityIds,
      };
      if (row.mustChangePassword) request.restriction = 'password_change_required';
      else if (row.requireTwoFactor && !row.twoFactorEnabled)
        request.restriction = 'two_factor_enrolment_required';
    }

    if ((config.auth ?? 'user') === 'public') return;
    if (!request.actor) throw new AppError('unauthenticated', 'Sign in first.');
    if (request.restriction && !config.allowRestricted) {
      throw request.restriction === 'password_change_required'
        ? new AppError('password_change_required', 'Change your password before you continue.')
        : new AppError(
            'two_factor_enrolment_required',
            'Your organisation requires two-factor authentication. Turn it on in your profile before you continue.',
          );
    }
    if (config.permission && !can(request.actor, config.permission)) {
      throw new AppError('forbidden', 'Your role does not allow this.');
    }
  });
};
