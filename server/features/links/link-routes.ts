import { z } from 'zod';
import {
  createLinkSchema,
  incidentLinkListSchema,
  incidentLinkSchema,
  linkParamsSchema,
  mergeIncidentSchema,
} from '../../../shared/contracts/collaboration.js';
import { incidentParamsSchema } from '../../../shared/contracts/incidents.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import { requireIncidentUuid } from '../incidents/incident-access.js';
import { createLink, getLinks, removeLink } from './link-service.js';
import { mergeIncidents } from './merge.js';

const tags = ['Incident links'];

export const linkRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/incidents/:id/links',
    {
      schema: {
        tags,
        summary: "An incident's links whose other end the caller may see",
        params: incidentParamsSchema,
        response: { 200: incidentLinkListSchema },
      },
    },
    async (request) => ({ items: await getLinks(serviceContext(deps, request), request.params.id) }),
  );
  app.post(
    '/api/v1/incidents/:id/links',
    {
      config: { permission: 'content.create' },
      schema: {
        tags,
        summary: 'Link this incident to another (editors of this one who can see the other)',
        params: incidentParamsSchema,
        body: createLinkSchema,
        response: { 201: incidentLinkSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await createLink(serviceContext(deps, request), request.params.id, request.body)),
  );
  app.delete(
    '/api/v1/incidents/:id/links/:linkId',
    {
      config: { permission: 'content.create' },
      schema: {
        tags,
        summary: 'Remove a link',
        params: linkParamsSchema,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await removeLink(serviceContext(deps, request), request.params.id, request.params.linkId);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/v1/incidents/:id/merge',
    {
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'Merge this incident into another as its duplicate',
        description:
          'Observables, comments, attachments, corroborations and links move to the survivor; this incident is closed as a duplicate and keeps answering GET with duplicateOfId.',
        params: incidentParamsSchema,
        body: mergeIncidentSchema,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      const ctx = serviceContext(deps, request);
      const duplicate = requireIncidentUuid(request.params.id);
      const survivor = requireIncidentUuid(request.body.survivorId);
      await ctx.db.transaction().execute((tx) => mergeIncidents(tx, ctx, duplicate, survivor));
      return reply.status(204).send();
    },
  );
};
