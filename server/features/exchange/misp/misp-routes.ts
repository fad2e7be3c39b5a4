import {
  MAX_MISP_UPLOAD_BYTES,
  MISP_MEDIA_TYPE,
  mispEventsBodySchema,
  mispImportQuerySchema,
  mispImportResultSchema,
} from '../../../../shared/contracts/exchange-misp.js';
import { incidentParamsSchema } from '../../../../shared/contracts/incidents.js';
import { serviceContext, type AppDeps } from '../../../context.js';
import type { RouteApp } from '../../../http/zod-app.js';
import { exportIncidentMisp, importUploadedMispEvents } from './misp-service.js';

const tags = ['Exchange'];

/** MISP core format both ways: an incident as an event to download, events uploaded into the review queue. */
export const mispRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/incidents/:id/misp',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary: 'The incident as a MISP event (core format), to import into MISP',
        description:
          'Tags: tlp:, admiralty-scale:, misp-galaxy:disarm-techniques and vaalivahti: (domains, category, severity, election); observables as attributes, social-media accounts as user-account objects. Whoever may see the incident downloads it; a read of a red incident is audited.',
        params: incidentParamsSchema,
      },
    },
    async (request, reply) => {
      const download = await exportIncidentMisp(serviceContext(deps, request), request.params.id);
      return reply
        .header('content-type', MISP_MEDIA_TYPE)
        .header('content-disposition', `attachment; filename="${download.filename}"`)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .send(JSON.stringify(download.event));
    },
  );

  app.post(
    '/api/v1/misp/events',
    {
      bodyLimit: MAX_MISP_UPLOAD_BYTES,
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'Import MISP events (a file or the MISP API) into the review queue',
        description: `Analysts and coordinators. The body is one event {"Event": …}, a list of them, or the MISP API's {"response": [...]}; at most ${MAX_MISP_UPLOAD_BYTES} bytes. Each event is checked and imported on its own as STIX (an incident with its observables, DISARM techniques and creator) owned by your organisation; unmarked events get defaultTlp. When no event is valid the answer is 400 validation_failed with each reason.`,
        querystring: mispImportQuerySchema,
        body: mispEventsBodySchema,
        response: { 200: mispImportResultSchema },
      },
    },
    async (request) =>
      importUploadedMispEvents(serviceContext(deps, request), request.body, request.query.defaultTlp),
  );
};
