import { z } from 'zod';
import {
  corroborationListSchema,
  corroborationParamsSchema,
  corroborationSchema,
  createCorroborationSchema,
  updateCorroborationSchema,
} from '../../../shared/contracts/collaboration.js';
import { incidentParamsSchema } from '../../../shared/contracts/incidents.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import {
  corroborate,
  getCorroborations,
  updateCorroboration,
  withdrawCorroboration,
} from './corroboration-service.js';

const tags = ['Corroborations'];

export const corroborationRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/incidents/:id/corroborations',
    {
      schema: {
        tags,
        summary: 'Organisations that have seen the incident too',
        params: incidentParamsSchema,
        response: { 200: corroborationListSchema },
      },
    },
    async (request) => ({ items: await getCorroborations(serviceContext(deps, request), request.params.id) }),
  );
  app.post(
    '/api/v1/incidents/:id/corroborations',
    {
      config: { permission: 'content.create' },
      schema: {
        tags,
        summary: '"Seen it too": corroborate another organisation\'s incident (one per organisation)',
        params: incidentParamsSchema,
        body: createCorroborationSchema,
        response: { 201: corroborationSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await corroborate(serviceContext(deps, request), request.params.id, request.body)),
  );
  app.patch(
    '/api/v1/incidents/:id/corroborations/:corroborationId',
    {
      config: { permission: 'content.create' },
      schema: {
        tags,
        summary: "Change your organisation's corroboration",
        params: corroborationParamsSchema,
        body: updateCorroborationSchema,
        response: { 200: corroborationSchema },
      },
    },
    async (request) =>
      updateCorroboration(
        serviceContext(deps, request),
        request.params.id,
        request.params.corroborationId,
        request.body,
      ),
  );
  app.delete(
    '/api/v1/incidents/:id/corroborations/:corroborationId',
    {
      config: { permission: 'content.create' },
      schema: {
        tags,
        summary: "Withdraw your organisation's corroboration",
        params: corroborationParamsSchema,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await withdrawCorroboration(
        serviceContext(deps, request),
        request.params.id,
        request.params.corroborationId,
      );
      return reply.status(204).send();
    },
  );
};
