import {
  holdReleaseSchema,
  partnerParamsSchema,
  partnerViewQuerySchema,
  partnerViewSchema,
  proposeReleaseSchema,
  redactReleaseSchema,
  releasedListSchema,
  releasePageSchema,
  releaseParamsSchema,
  releaseQuerySchema,
  releaseSchema,
} from '../../../../shared/contracts/exchange-partners.js';
import { serviceContext, type AppDeps } from '../../../context.js';
import type { RouteApp } from '../../../http/zod-app.js';
import { getPartnerView } from '../partners/partner-view.js';
import {
  approveRelease,
  getRelease,
  holdRelease,
  listReleaseQueue,
  listReleasedToPartner,
  proposeReleaseFor,
  redactRelease,
} from './release-service.js';

const tags = ['Exchange: releases'];
const ACCESS =
  'Coordinators of the organisation that made the agreement; other roles get 403, other organisations 404.';

export const releaseRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.post(
    '/api/v1/exchange/releases',
    {
      schema: {
        tags,
        summary:
          'Propose releasing a record to a partner (released at once if the agreement needs no approval)',
        description:
          'The coordinator must see the record; its marking must be within the ceiling (never AMBER+STRICT or RED), and an AMBER record may be released only by its owner or lead organisation (403 marking_not_allowed). 409 when this version was already released or is waiting. ' +
          ACCESS,
        body: proposeReleaseSchema,
        response: { 201: releaseSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await proposeReleaseFor(serviceContext(deps, request), request.body)),
  );
  app.get(
    '/api/v1/exchange/releases',
    {
      schema: {
        tags,
        summary: 'The release queue: releases of your organisation’s agreements, newest first',
        description: ACCESS,
        querystring: releaseQuerySchema,
        response: { 200: releasePageSchema },
      },
    },
    async (request) => listReleaseQueue(serviceContext(deps, request), request.query),
  );
  app.get(
    '/api/v1/exchange/releases/:id',
    {
      schema: {
        tags,
        summary: 'A release with its preview: exactly the objects the partner receives',
        description: ACCESS,
        params: releaseParamsSchema,
        response: { 200: releaseSchema },
      },
    },
    async (request) => getRelease(serviceContext(deps, request), request.params.id),
  );
  app.post(
    '/api/v1/exchange/releases/:id/redact',
    {
      schema: {
        tags,
        summary:
          'Redact more fields or omit objects: rebuilds the preview (a held release returns to pending)',
        description: ACCESS,
        params: releaseParamsSchema,
        body: redactReleaseSchema,
        response: { 200: releaseSchema },
      },
    },
    async (request) => redactRelease(serviceContext(deps, request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/exchange/releases/:id/approve',
    {
      schema: {
        tags,
        summary: "Approve: the previewed objects are written into the partner's collection",
        description: ACCESS,
        params: releaseParamsSchema,
        response: { 200: releaseSchema },
      },
    },
    async (request) => approveRelease(serviceContext(deps, request), request.params.id),
  );
  app.post(
    '/api/v1/exchange/releases/:id/hold',
    {
      schema: {
        tags,
        summary: 'Hold a pending release, with the reason',
        description: ACCESS,
        params: releaseParamsSchema,
        body: holdReleaseSchema,
        response: { 200: releaseSchema },
      },
    },
    async (request) => holdRelease(serviceContext(deps, request), request.params.id, request.body),
  );
  app.get(
    '/api/v1/exchange/partners/:id/released',
    {
      schema: {
        tags,
        summary: 'What was released to the partner, by record, with when and by whom',
        description: ACCESS,
        params: partnerParamsSchema,
        response: { 200: releasedListSchema },
      },
    },
    async (request) => listReleasedToPartner(serviceContext(deps, request), request.params.id),
  );
  app.get(
    '/api/v1/exchange/partners/:id/view',
    {
      schema: {
        tags,
        summary: "Exactly what the partner sees in its collection (the TAXII server's filtering)",
        description: ACCESS,
        params: partnerParamsSchema,
        querystring: partnerViewQuerySchema,
        response: { 200: partnerViewSchema },
      },
    },
    async (request) => getPartnerView(serviceContext(deps, request), request.params.id, request.query),
  );
};
