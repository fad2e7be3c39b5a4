import { z } from 'zod';
import {
  collectionListSchema,
  createdPartnerTokenSchema,
  createPartnerSchema,
  createPartnerTokenSchema,
  partnerListSchema,
  partnerParamsSchema,
  partnerSchema,
  partnerTokenListSchema,
  partnerTokenParamsSchema,
  updatePartnerSchema,
} from '../../../../shared/contracts/exchange-partners.js';
import { serviceContext, type AppDeps } from '../../../context.js';
import type { RouteApp } from '../../../http/zod-app.js';
import {
  createPartner,
  createPartnerToken,
  deletePartner,
  getPartner,
  listPartnerCollections,
  listPartners,
  listPartnerTokens,
  revokePartnerToken,
  updatePartner,
} from './partner-service.js';

const tags = ['Exchange: partners'];
const ACCESS =
  'Coordinators of the organisation that made the agreement; other roles get 403, other organisations 404.';

export const partnerRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/exchange/partners',
    {
      schema: {
        tags,
        summary: "Your organisation's partner agreements",
        description: ACCESS,
        response: { 200: partnerListSchema },
      },
    },
    async (request) => listPartners(serviceContext(deps, request)),
  );
  app.post(
    '/api/v1/exchange/partners',
    {
      schema: {
        tags,
        summary: 'Make a partner agreement (with its outbound TAXII collection)',
        description: ACCESS,
        body: createPartnerSchema,
        response: { 201: partnerSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPartner(serviceContext(deps, request), request.body)),
  );
  app.get(
    '/api/v1/exchange/partners/:id',
    {
      schema: {
        tags,
        summary: 'A partner agreement',
        description: ACCESS,
        params: partnerParamsSchema,
        response: { 200: partnerSchema },
      },
    },
    async (request) => getPartner(serviceContext(deps, request), request.params.id),
  );
  app.patch(
    '/api/v1/exchange/partners/:id',
    {
      schema: {
        tags,
        summary: 'Change a partner agreement',
        description: `Changes apply to releases proposed from now on. ${ACCESS}`,
        params: partnerParamsSchema,
        body: updatePartnerSchema,
        response: { 200: partnerSchema },
      },
    },
    async (request) => updatePartner(serviceContext(deps, request), request.params.id, request.body),
  );
  app.delete(
    '/api/v1/exchange/partners/:id',
    {
      schema: {
        tags,
        summary: 'Delete an agreement through which nothing was released',
        description: `409 when something was released through it (deactivate it instead). ${ACCESS}`,
        params: partnerParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await deletePartner(serviceContext(deps, request), request.params.id);
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/v1/exchange/partners/:id/collections',
    {
      schema: {
        tags,
        summary: "The agreement's TAXII collections",
        description: ACCESS,
        params: partnerParamsSchema,
        response: { 200: collectionListSchema },
      },
    },
    async (request) => listPartnerCollections(serviceContext(deps, request), request.params.id),
  );
  app.get(
    '/api/v1/exchange/partners/:id/tokens',
    {
      schema: {
        tags,
        summary: "The partner's TAXII tokens (never their secrets)",
        description: ACCESS,
        params: partnerParamsSchema,
        response: { 200: partnerTokenListSchema },
      },
    },
    async (request) => listPartnerTokens(serviceContext(deps, request), request.params.id),
  );
  app.post(
    '/api/v1/exchange/partners/:id/tokens',
    {
      schema: {
        tags,
        summary: 'Create a partner token; the secret is returned once',
        description: ACCESS,
        params: partnerParamsSchema,
        body: createPartnerTokenSchema,
        response: { 201: createdPartnerTokenSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createPartnerToken(serviceContext(deps, request), request.params.id, request.body)),
  );
  app.delete(
    '/api/v1/exchange/partners/:id/tokens/:tokenId',
    {
      schema: {
        tags,
        summary: 'Revoke a partner token (it stays listed, revoked)',
        description: ACCESS,
        params: partnerTokenParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await revokePartnerToken(serviceContext(deps, request), request.params.id, request.params.tokenId);
      return reply.status(204).send(null);
    },
  );
};
