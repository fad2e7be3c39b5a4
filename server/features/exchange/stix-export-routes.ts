import type { FastifyReply } from 'fastify';
import { sitrepStixQuerySchema, STIX_MEDIA_TYPE } from '../../../shared/contracts/exchange-stix.js';
import { incidentParamsSchema } from '../../../shared/contracts/incidents.js';
import { sitrepParamsSchema } from '../../../shared/contracts/sitreps.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import { exportIncidentStix, exportSitrepStix, type StixDownload } from './stix/stix-export-service.js';

const tags = ['Exchange'];

const send = (reply: FastifyReply, download: StixDownload) =>
  reply
    .header('content-type', STIX_MEDIA_TYPE)
    .header('content-disposition', `attachment; filename="${download.filename}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .send(Buffer.from(JSON.stringify(download.bundle), 'utf8'));

/** STIX 2.1 bundles to download: an incident with everything recorded about it, a report version. */
export const stixExportRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/incidents/:id/stix',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary:
          'The incident as a STIX 2.1 bundle (observables, DISARM techniques, narratives, links, sightings)',
        description:
          'Whoever may see the incident downloads it. Links and narratives appear when the caller may see them. A read of a red incident is audited.',
        params: incidentParamsSchema,
      },
    },
    async (request, reply) =>
      send(reply, await exportIncidentStix(serviceContext(deps, request), request.params.id)),
  );
  app.get(
    '/api/v1/sitreps/:id/stix',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary: 'An approved version of a situation report as a STIX 2.1 bundle (a report)',
        description:
          'Drafters read every approved version; recipients read distributed versions. Anyone else gets 404.',
        params: sitrepParamsSchema,
        querystring: sitrepStixQuerySchema,
      },
    },
    async (request, reply) =>
      send(
        reply,
        await exportSitrepStix(serviceContext(deps, request), request.params.id, request.query.version),
      ),
  );
};
