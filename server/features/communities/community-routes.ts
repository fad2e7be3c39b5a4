import {
  communityListSchema,
  communitySchema,
  createCommunitySchema,
  updateCommunitySchema,
} from '../../../shared/contracts/communities.js';
import { idParamsSchema } from '../../../shared/contracts/common.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import { createCommunity, getCommunities, getCommunity, updateCommunity } from './community-service.js';

const tags = ['Communities'];

export const communityRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/communities',
    {
      schema: {
        tags,
        summary: 'List communities (any signed-in user)',
        response: { 200: communityListSchema },
      },
    },
    async () => ({ items: await getCommunities(deps) }),
  );
  app.get(
    '/api/v1/communities/:id',
    {
      schema: { tags, summary: 'One community', params: idParamsSchema, response: { 200: communitySchema } },
    },
    async (request) => getCommunity(deps, request.params.id),
  );
  app.post(
    '/api/v1/communities',
    {
      config: { permission: 'admin.manage' },
      schema: {
        tags,
        summary: 'Create a community (admin)',
        body: createCommunitySchema,
        response: { 201: communitySchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createCommunity(serviceContext(deps, request), request.body)),
  );
  app.patch(
    '/api/v1/communities/:id',
    {
      config: { permission: 'admin.manage' },
      schema: {
        tags,
        summary: 'Change a community and its members (admin)',
        params: idParamsSchema,
        body: updateCommunitySchema,
        response: { 200: communitySchema },
      },
    },
    async (request) => updateCommunity(serviceContext(deps, request), request.params.id, request.body),
  );
};
