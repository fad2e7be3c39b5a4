import {
  acceptWorkbenchSchema,
  bundleImportQuerySchema,
  bundleImportResultSchema,
  importListQuerySchema,
  importPageSchema,
  importParamsSchema,
  importResultsQuerySchema,
  MAX_BUNDLE_BYTES,
  mergeWorkbenchSchema,
  rejectWorkbenchSchema,
  stixBundleBodySchema,
  stixImportDetailSchema,
  workbenchDecisionSchema,
  workbenchItemSchema,
  workbenchListQuerySchema,
  workbenchPageSchema,
  workbenchParamsSchema,
} from '../../../../shared/contracts/exchange-imports.js';
import { serviceContext, type AppDeps } from '../../../context.js';
import type { RouteApp } from '../../../http/zod-app.js';
import { importBundle } from './bundle-import.js';
import { getImport, listImports } from './import-log.js';
import { acceptWorkbenchItem, mergeWorkbenchItem, rejectWorkbenchItem } from './workbench-decisions.js';
import { getWorkbenchItem, listWorkbench } from './workbench-service.js';

const tags = ['Exchange: imports'];

/** STIX bundle import, the import log and the review queue: analysts and coordinators. */
export const exchangeImportRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.post(
    '/api/v1/stix/bundles',
    {
      // A partner's bundle is far larger than any form: up to 50 MiB here, 1 MiB elsewhere.
      bodyLimit: MAX_BUNDLE_BYTES,
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'Import a STIX 2.1 bundle into your organisation’s review queue, answering object by object',
        querystring: bundleImportQuerySchema,
        body: stixBundleBodySchema,
        response: { 201: bundleImportResultSchema },
      },
    },
    async (request, reply) => {
      const result = await importBundle(serviceContext(deps, request), request.query, request.body);
      return reply.status(201).header('location', `/api/v1/exchange/imports/${result.importId}`).send(result);
    },
  );
  app.get(
    '/api/v1/exchange/imports',
    {
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'Imports of your organisation, newest first',
        querystring: importListQuerySchema,
        response: { 200: importPageSchema },
      },
    },
    async (request) => listImports(serviceContext(deps, request), request.query),
  );
  app.get(
    '/api/v1/exchange/imports/:id',
    {
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'An import with its per-object results, a page at a time',
        params: importParamsSchema,
        querystring: importResultsQuerySchema,
        response: { 200: stixImportDetailSchema },
      },
    },
    async (request) => getImport(serviceContext(deps, request), request.params.id, request.query),
  );
  app.get(
    '/api/v1/exchange/workbench',
    {
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'The review queue of your organisation, newest first',
        querystring: workbenchListQuerySchema,
        response: { 200: workbenchPageSchema },
      },
    },
    async (request) => listWorkbench(serviceContext(deps, request), request.query),
  );
  app.get(
    '/api/v1/exchange/workbench/:id',
    {
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'A review-queue item: the object, what is around it, what it would become or change',
        params: workbenchParamsSchema,
        response: { 200: workbenchItemSchema },
      },
    },
    async (request) => getWorkbenchItem(serviceContext(deps, request), request.params.id),
  );
  app.post(
    '/api/v1/exchange/workbench/:id/accept',
    {
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'Accept into the picture: a new incident, or the update applied to the linked incident',
        params: workbenchParamsSchema,
        body: acceptWorkbenchSchema,
        response: { 200: workbenchDecisionSchema },
      },
    },
    async (request) => acceptWorkbenchItem(serviceContext(deps, request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/exchange/workbench/:id/merge',
    {
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'Attach to an existing incident: observables, techniques and a provenance note',
        params: workbenchParamsSchema,
        body: mergeWorkbenchSchema,
        response: { 200: workbenchDecisionSchema },
      },
    },
    async (request) => mergeWorkbenchItem(serviceContext(deps, request), request.params.id, request.body),
  );
  app.post(
    '/api/v1/exchange/workbench/:id/reject',
    {
      config: { permission: 'content.edit' },
      schema: {
        tags,
        summary: 'Reject, with a reason',
        params: workbenchParamsSchema,
        body: rejectWorkbenchSchema,
        response: { 200: workbenchDecisionSchema },
      },
    },
    async (request) => rejectWorkbenchItem(serviceContext(deps, request), request.params.id, request.body),
  );
};
