import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { idParamsSchema } from '../../../shared/contracts/common.js';
import {
  apiTokenListSchema,
  changePasswordSchema,
  createApiTokenSchema,
  createdApiTokenSchema,
  meSchema,
  sessionListSchema,
  updateMeSchema,
} from '../../../shared/contracts/me.js';
import { AppError } from '../../../shared/errors.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import { changePassword, getMe, getSessions, signOutEverywhere, updateMe } from './me-service.js';
import { createToken, getTokens, revokeToken } from './token-service.js';

const tags = ['Me'];
const restricted = { allowRestricted: true };

/** A leaked API token must not be able to mint more tokens or take over the account. */
const requireSession = (request: FastifyRequest): void => {
  if (request.authMethod !== 'session') {
    throw new AppError('forbidden', 'This needs a signed-in browser session, not an API token.');
  }
};

export const meRoutes = (app: RouteApp, deps: AppDeps): void => {
  const me = (request: FastifyRequest) =>
    getMe(serviceContext(deps, request), {
      restriction: request.restriction,
      authMethod: request.authMethod ?? 'session',
      demo: deps.config.demo,
    });

  app.get(
    '/api/v1/me',
    {
      config: restricted,
      schema: {
        tags,
        summary: 'The signed-in user, their organisation and roles',
        response: { 200: meSchema },
      },
    },
    async (request) => me(request),
  );
  app.patch(
    '/api/v1/me',
    {
      schema: {
        tags,
        summary: 'Change own name, language, time zone or fallback languages for situation reports',
        body: updateMeSchema,
        response: { 200: meSchema },
      },
    },
    async (request) => {
      await updateMe(serviceContext(deps, request), request.body);
      return me(request);
    },
  );
  app.post(
    '/api/v1/me/password',
    {
      config: restricted,
      schema: {
        tags,
        summary: 'Change own password',
        body: changePasswordSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      requireSession(request);
      await changePassword(serviceContext(deps, request), request.sessionId, request.body);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/v1/me/sessions',
    { schema: { tags, summary: 'Own active sessions', response: { 200: sessionListSchema } } },
    async (request) => ({ items: await getSessions(serviceContext(deps, request), request.sessionId) }),
  );
  app.post(
    '/api/v1/me/sign-out-everywhere',
    {
      config: restricted,
      schema: { tags, summary: 'End every session of the signed-in user', response: { 204: z.null() } },
    },
    async (request, reply) => {
      await signOutEverywhere(serviceContext(deps, request));
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/v1/me/tokens',
    { schema: { tags, summary: 'Own personal API tokens', response: { 200: apiTokenListSchema } } },
    async (request) => {
      requireSession(request);
      return { items: await getTokens(serviceContext(deps, request)) };
    },
  );
  app.post(
    '/api/v1/me/tokens',
    {
      schema: {
        tags,
        summary: 'Create a personal API token; the secret is returned once',
        body: createApiTokenSchema,
        response: { 201: createdApiTokenSchema },
      },
    },
    async (request, reply) => {
      requireSession(request);
      return reply.status(201).send(await createToken(serviceContext(deps, request), request.body));
    },
  );
  app.delete(
    '/api/v1/me/tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke a personal API token',
        params: idParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      requireSession(request);
      await revokeToken(serviceContext(deps, request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
