import { z } from 'zod';
import { incidentParamsSchema } from '../../../shared/contracts/incidents.js';
import {
  createNarrativeSchema,
  incidentNarrativeListSchema,
  incidentNarrativeParamsSchema,
  incidentNarrativeSchema,
  linkedIncidentPageSchema,
  narrativeIncidentsQuerySchema,
  narrativeListQuerySchema,
  narrativeListSchema,
  narrativeParamsSchema,
  narrativeSchema,
  narrativeTimelineSchema,
  timelineQuerySchema,
  updateNarrativeSchema,
} from '../../../shared/contracts/narratives.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import {
  createNarrative,
  getIncidentNarratives,
  getNarrative,
  getNarrativeIncidents,
  getNarratives,
  getNarrativeTimeline,
  linkIncidentNarrative,
  unlinkIncidentNarrative,
  updateNarrative,
} from './narrative-service.js';

const tags = ['Narratives'];

export const narrativeRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/narratives',
    {
      schema: {
        tags,
        summary: 'Narratives the caller may see, most recently changed first (keyset paged)',
        querystring: narrativeListQuerySchema,
        response: { 200: narrativeListSchema },
      },
    },
    async (request) => getNarratives(serviceContext(deps, request), request.query),
  );
  app.post(
    '/api/v1/narratives',
    {
      config: { permission: 'content.create' },
      schema: {
        tags,
        summary: 'Create a narrative, owned by your organisation',
        body: createNarrativeSchema,
        response: { 201: narrativeSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createNarrative(serviceContext(deps, request), request.body)),
  );
  app.get(
    '/api/v1/narratives/:id',
    {
      schema: {
        tags,
        summary: 'One narrative',
        params: narrativeParamsSchema,
        response: { 200: narrativeSchema },
      },
    },
    async (request) => getNarrative(serviceContext(deps, request), request.params.id),
  );
  app.patch(
    '/api/v1/narratives/:id',
    {
      schema: {
        tags,
        summary: 'Change a narrative',
        description:
          'Title, description and status need the right to edit. Anyone who sees the narrative may raise its ' +
          'marking or narrow its sharing; only the owning organisation may lower or widen them (403 otherwise).',
        params: narrativeParamsSchema,
        body: updateNarrativeSchema,
        response: { 200: narrativeSchema },
      },
    },
    async (request) => updateNarrative(serviceContext(deps, request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/narratives/:id/incidents',
    {
      schema: {
        tags,
        summary: 'Incidents linked to the narrative that the caller may see (keyset paged)',
        params: narrativeParamsSchema,
        querystring: narrativeIncidentsQuerySchema,
        response: { 200: linkedIncidentPageSchema },
      },
    },
    async (request) => getNarrativeIncidents(serviceContext(deps, request), request.params.id, request.query),
  );
  app.get(
    '/api/v1/narratives/:id/timeline',
    {
      schema: {
        tags,
        summary: 'Visible linked incidents per day or week',
        params: narrativeParamsSchema,
        querystring: timelineQuerySchema,
        response: { 200: narrativeTimelineSchema },
      },
    },
    async (request) => getNarrativeTimeline(serviceContext(deps, request), request.params.id, request.query),
  );
  app.get(
    '/api/v1/incidents/:id/narratives',
    {
      schema: {
        tags,
        summary: "An incident's narratives that the caller may see",
        params: incidentParamsSchema,
        response: { 200: incidentNarrativeListSchema },
      },
    },
    async (request) => getIncidentNarratives(serviceContext(deps, request), request.params.id),
  );
  app.put(
    '/api/v1/incidents/:id/narratives/:narrativeId',
    {
      schema: {
        tags,
        summary: 'Link an incident to a narrative (201 when new, 200 when it already was)',
        params: incidentNarrativeParamsSchema,
        response: { 200: incidentNarrativeSchema, 201: incidentNarrativeSchema },
      },
    },
    async (request, reply) => {
      const { created, item } = await linkIncidentNarrative(
        serviceContext(deps, request),
        request.params.id,
        request.params.narrativeId,
      );
      return reply.status(created ? 201 : 200).send(item);
    },
  );
  app.delete(
    '/api/v1/incidents/:id/narratives/:narrativeId',
    {
      schema: {
        tags,
        summary: 'Unlink an incident from a narrative',
        params: incidentNarrativeParamsSchema,
        response: { 204: z.null().describe('Unlinked') },
      },
    },
    async (request, reply) => {
      await unlinkIncidentNarrative(
        serviceContext(deps, request),
        request.params.id,
        request.params.narrativeId,
      );
      return reply.status(204).send(null);
    },
  );
};
