import { z } from 'zod';
import { idParamsSchema } from '../../../shared/contracts/common.js';
import {
  bulkRequestSchema,
  bulkResultSchema,
  createIncidentSchema,
  createSavedFilterSchema,
  incidentEventListSchema,
  incidentFacetsSchema,
  incidentListQuerySchema,
  incidentListSchema,
  incidentParamsSchema,
  incidentSchema,
  intakeSchema,
  lockStateSchema,
  savedFilterListSchema,
  savedFilterSchema,
  updateIncidentSchema,
} from '../../../shared/contracts/incidents.js';
import { fastSerializer } from '../../http/fast-serializer.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import { acquireLock, getLock, releaseLock } from './incident-locks.js';
import {
  bulkUpdate,
  createIncident,
  getIncident,
  getIncidentEvents,
  getIncidentFacets,
  getIncidents,
  reportIncident,
  updateIncident,
} from './incident-service.js';
import { createSavedFilter, deleteSavedFilter, getSavedFilters } from './saved-filters.js';

const tags = ['Incidents'];
const read = { permission: 'content.read' as const };
const facetsQuerySchema = incidentListQuerySchema.omit({
  sort: true,
  order: true,
  cursor: true,
  limit: true,
});

export const incidentRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/incidents',
    {
      config: read,
      schema: {
        tags,
        summary: 'Incidents you may see: search, filters, sorting, keyset paging',
        querystring: incidentListQuerySchema,
        response: { 200: incidentListSchema },
      },
      // Lists and searches are the hottest reads: 27 % more of them per second (decision 0007).
      serializerCompiler: fastSerializer(incidentListSchema),
    },
    async (request) => getIncidents(serviceContext(deps, request), request.query),
  );
  app.get(
    '/api/v1/incidents/facets',
    {
      config: read,
      schema: {
        tags,
        summary: 'Counts per filter value over the incidents you may see',
        querystring: facetsQuerySchema,
        response: { 200: incidentFacetsSchema },
      },
    },
    async (request) => getIncidentFacets(serviceContext(deps, request), request.query),
  );
  app.post(
    '/api/v1/incidents',
    {
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'Record an incident (analysts and coordinators; reporters use /intake)',
        body: createIncidentSchema,
        response: { 201: incidentSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createIncident(serviceContext(deps, request), request.body)),
  );
  app.post(
    '/api/v1/intake',
    {
      config: { permission: 'content.create' },
      schema: {
        tags,
        summary: 'Report something from the field, in plain language',
        body: intakeSchema,
        response: { 201: incidentSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await reportIncident(serviceContext(deps, request), request.body)),
  );
  app.post(
    '/api/v1/incidents/bulk',
    {
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'One action on many incidents, all or nothing',
        body: bulkRequestSchema,
        response: { 200: bulkResultSchema },
      },
    },
    async (request) => bulkUpdate(serviceContext(deps, request), request.body),
  );
  app.get(
    '/api/v1/incidents/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One incident',
        params: incidentParamsSchema,
        response: { 200: incidentSchema },
      },
    },
    async (request) => getIncident(serviceContext(deps, request), request.params.id),
  );
  app.patch(
    '/api/v1/incidents/:id',
    {
      config: { permission: 'content.create' },
      schema: {
        tags,
        summary: 'Change an incident (give the version you edited)',
        params: incidentParamsSchema,
        body: updateIncidentSchema,
        response: { 200: incidentSchema },
      },
    },
    async (request) => updateIncident(serviceContext(deps, request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/incidents/:id/events',
    {
      config: read,
      schema: {
        tags,
        summary: 'The incident’s history, oldest first',
        params: incidentParamsSchema,
        response: { 200: incidentEventListSchema },
      },
    },
    async (request) => getIncidentEvents(serviceContext(deps, request), request.params.id),
  );
  app.get(
    '/api/v1/incidents/:id/lock',
    {
      config: read,
      schema: {
        tags,
        summary: 'Who is editing the incident',
        params: incidentParamsSchema,
        response: { 200: lockStateSchema },
      },
    },
    async (request) => getLock(serviceContext(deps, request), request.params.id),
  );
  app.put(
    '/api/v1/incidents/:id/lock',
    {
      config: { permission: 'content.create' },
      schema: {
        tags,
        summary: 'Take or renew the editing lock (two minutes)',
        params: incidentParamsSchema,
        response: { 200: lockStateSchema },
      },
    },
    async (request) => acquireLock(serviceContext(deps, request), request.params.id),
  );
  app.delete(
    '/api/v1/incidents/:id/lock',
    {
      config: read,
      schema: {
        tags,
        summary: 'Release your editing lock',
        params: incidentParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await releaseLock(serviceContext(deps, request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/saved-filters',
    {
      config: read,
      schema: { tags, summary: 'Your saved incident filters', response: { 200: savedFilterListSchema } },
    },
    async (request) => getSavedFilters(serviceContext(deps, request)),
  );
  app.post(
    '/api/v1/saved-filters',
    {
      config: read,
      schema: {
        tags,
        summary: 'Save a filter',
        body: createSavedFilterSchema,
        response: { 201: savedFilterSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSavedFilter(serviceContext(deps, request), request.body)),
  );
  app.delete(
    '/api/v1/saved-filters/:id',
    {
      config: read,
      schema: { tags, summary: 'Delete a saved filter', params: idParamsSchema, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await deleteSavedFilter(serviceContext(deps, request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
