import {
  addIncidentSchema,
  createSitrepSchema,
  incidentRefParamsSchema,
  sectionParamsSchema,
  sectionPresenceSchema,
  sitrepListQuerySchema,
  sitrepPageSchema,
  sitrepParamsSchema,
  sitrepSchema,
  sitrepSectionSchema,
  updateSitrepSchema,
  writeSectionSchema,
} from '../../../shared/contracts/sitreps.js';
import { errorSchema } from '../../../shared/contracts/common.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import {
  addIncident,
  clearPresence,
  createSitrep,
  getSitrep,
  listSitreps,
  registerPresence,
  removeIncident,
  updateSitrep,
  writeSection,
} from './sitrep-service.js';

const tags = ['Situation reports'];

/** Drafting situation reports (the workflow, versions and exports have their own route files). */
export const sitrepRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/sitreps',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary: 'Reports you draft and reports distributed to you, newest period first',
        querystring: sitrepListQuerySchema,
        response: { 200: sitrepPageSchema },
      },
    },
    async (request) => listSitreps(serviceContext(deps, request), request.query),
  );
  app.post(
    '/api/v1/sitreps',
    {
      config: { permission: 'sitrep.approve' },
      schema: {
        tags,
        summary: 'Draft a new report, pre-filled from the period (coordinators)',
        body: createSitrepSchema,
        response: { 201: sitrepSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createSitrep(serviceContext(deps, request), request.body)),
  );
  app.get(
    '/api/v1/sitreps/:id',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary: 'A report: the draft for its drafters, the versions you may read',
        params: sitrepParamsSchema,
        response: { 200: sitrepSchema },
      },
    },
    async (request) => getSitrep(serviceContext(deps, request), request.params.id),
  );
  app.patch(
    '/api/v1/sitreps/:id',
    {
      config: { permission: 'sitrep.approve' },
      schema: {
        tags,
        summary:
          'Change the draft: titles, period, marking, recipients, section assignees (send back its revision)',
        params: sitrepParamsSchema,
        description: 'A marking below the floor is refused with 400 marking_below_floor.',
        body: updateSitrepSchema,
        response: { 200: sitrepSchema, 400: errorSchema },
      },
    },
    async (request) => updateSitrep(serviceContext(deps, request), request.params.id, request.body),
  );
  app.put(
    '/api/v1/sitreps/:id/sections/:key',
    {
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'Write a section in one language (send back the revision you edited)',
        params: sectionParamsSchema,
        description:
          'A stale baseRevision is refused with 409 edit_conflict, naming who wrote the section since.',
        body: writeSectionSchema,
        response: { 200: sitrepSectionSchema, 409: errorSchema },
      },
    },
    async (request) =>
      writeSection(serviceContext(deps, request), request.params.id, request.params.key, request.body),
  );
  app.post(
    '/api/v1/sitreps/:id/sections/:key/presence',
    {
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'You have the section open for editing (renew within 60 s)',
        params: sectionParamsSchema,
        response: { 200: sectionPresenceSchema },
      },
    },
    async (request) => registerPresence(serviceContext(deps, request), request.params.id, request.params.key),
  );
  app.delete(
    '/api/v1/sitreps/:id/sections/:key/presence',
    {
      config: { permission: 'content.edit' },
      schema: { tags, summary: 'You closed the section', params: sectionParamsSchema },
    },
    async (request, reply) => {
      await clearPresence(serviceContext(deps, request), request.params.id, request.params.key);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/sitreps/:id/incidents',
    {
      config: { permission: 'sitrep.approve' },
      schema: {
        tags,
        summary: 'Include an incident you may see (the marking rises to it if need be)',
        params: sitrepParamsSchema,
        body: addIncidentSchema,
        response: { 200: sitrepSchema },
      },
    },
    async (request) => addIncident(serviceContext(deps, request), request.params.id, request.body.incidentId),
  );
  app.delete(
    '/api/v1/sitreps/:id/incidents/:incidentId',
    {
      config: { permission: 'sitrep.approve' },
      schema: {
        tags,
        summary: 'Leave an incident out of the report',
        params: incidentRefParamsSchema,
        response: { 200: sitrepSchema },
      },
    },
    async (request) =>
      removeIncident(serviceContext(deps, request), request.params.id, request.params.incidentId),
  );
};
