import { idParamsSchema } from '../../../shared/contracts/common.js';
import {
  createUserSchema,
  oneTimePasswordSchema,
  updateUserSchema,
  userListQuerySchema,
  userListSchema,
  userSchema,
} from '../../../shared/contracts/users.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import { createUser, getUser, getUsers, resetUserPassword, updateUser } from './user-service.js';

const tags = ['Users'];
const config = { permission: 'admin.manage' as const };

export const userRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/users',
    {
      config,
      schema: {
        tags,
        summary: 'List users (admin)',
        querystring: userListQuerySchema,
        response: { 200: userListSchema },
      },
    },
    async (request) => getUsers(deps, request.query),
  );
  app.get(
    '/api/v1/users/:id',
    {
      config,
      schema: { tags, summary: 'One user (admin)', params: idParamsSchema, response: { 200: userSchema } },
    },
    async (request) => getUser(deps, request.params.id),
  );
  app.post(
    '/api/v1/users',
    {
      config,
      schema: {
        tags,
        summary: 'Create a user (admin)',
        body: createUserSchema,
        response: { 201: oneTimePasswordSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createUser(serviceContext(deps, request), request.body)),
  );
  app.patch(
    '/api/v1/users/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Change a user; active: false deactivates and ends their sessions at once (admin)',
        params: idParamsSchema,
        body: updateUserSchema,
        response: { 200: userSchema },
      },
    },
    async (request) => updateUser(serviceContext(deps, request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/users/:id/reset-password',
    {
      config,
      schema: {
        tags,
        summary: 'Replace the password with a one-time password and end all sessions (admin)',
        params: idParamsSchema,
        response: { 200: oneTimePasswordSchema },
      },
    },
    async (request) => resetUserPassword(serviceContext(deps, request), request.params.id),
  );
};
