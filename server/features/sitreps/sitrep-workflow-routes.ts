import { z } from 'zod';
import {
  approvalBlockedSchema,
  approveSchema,
  diffSchema,
  lowerMarkingSchema,
  readReceiptSchema,
  receiptsQuerySchema,
  receiptsSchema,
  sitrepParamsSchema,
  sitrepStateSchema,
  sitrepVersionSchema,
  versionParamsSchema,
} from '../../../shared/contracts/sitreps.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import {
  approveSitrep,
  correctSitrep,
  createSanitisedVariant,
  distributeSitrep,
  getReceipts,
  getVersion,
  getVersionDiff,
  lowerMarking,
  recordRead,
  returnSitrep,
  submitSitrep,
} from './sitrep-workflow.js';

const tags = ['Situation reports'];
const manager = 'Coordinator of the drafting organisation.';

/** The workflow of situation reports, their approved versions and read receipts. */
export const sitrepWorkflowRoutes = (app: RouteApp, deps: AppDeps): void => {
  const step = (path: string, summary: string, run: typeof submitSitrep, status: 200 | 201 = 200) =>
    app.post(
      `/api/v1/sitreps/:id/${path}`,
      {
        schema: {
          tags,
          summary,
          description: manager,
          params: sitrepParamsSchema,
          response: { [status]: sitrepStateSchema },
        },
      },
      async (request, reply) =>
        reply.status(status).send(await run(serviceContext(deps, request), request.params.id)),
    );

  step('submit', 'Submit the draft for review (draft → in review)', submitSitrep);
  step('return', 'Return the report to drafting (in review → draft)', returnSitrep);
  step(
    'distribute',
    'Distribute the approved version: recipients get an in-app notification and e-mail',
    distributeSitrep,
  );
  step('corrections', 'Correct an approved report: it becomes a draft of the next version', correctSitrep);
  step(
    'sanitised-variant',
    'Write a sanitised variant: a new draft with the sections copied and no incidents',
    createSanitisedVariant,
    201,
  );

  app.post(
    '/api/v1/sitreps/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve the report: freezes the version (in review → approved)',
        description: `${manager} Refused with 409 approval_blocked and the issues when a recipient may not see an included item, there are no recipients, or the marking is below its floor.`,
        params: sitrepParamsSchema,
        body: approveSchema.nullish(),
        response: { 201: sitrepVersionSchema, 409: approvalBlockedSchema },
      },
    },
    async (request, reply) => {
      const version = await approveSitrep(serviceContext(deps, request), request.params.id, {
        note: request.body?.note,
      });
      return reply.status(201).send(version);
    },
  );

  app.post(
    '/api/v1/sitreps/:id/lower-marking',
    {
      schema: {
        tags,
        summary: "Approve a sanitised variant's marking below its floor (audited)",
        description: manager,
        params: sitrepParamsSchema,
        body: lowerMarkingSchema,
        response: { 200: sitrepStateSchema },
      },
    },
    async (request) => lowerMarking(serviceContext(deps, request), request.params.id, request.body),
  );

  app.get(
    '/api/v1/sitreps/:id/versions/:number',
    {
      schema: {
        tags,
        summary: 'An approved version (drafters: any; recipients: distributed ones)',
        params: versionParamsSchema,
        response: { 200: sitrepVersionSchema },
      },
    },
    async (request) => getVersion(serviceContext(deps, request), request.params.id, request.params.number),
  );

  app.get(
    '/api/v1/sitreps/:id/versions/:number/diff',
    {
      schema: {
        tags,
        summary: 'What changed from the previous version (line diff per section and language)',
        params: versionParamsSchema,
        response: { 200: diffSchema },
      },
    },
    async (request) =>
      getVersionDiff(serviceContext(deps, request), request.params.id, request.params.number),
  );

  app.post(
    '/api/v1/sitreps/:id/versions/:number/read',
    {
      schema: {
        tags,
        summary: 'Record that the caller opened the version in a language (the first time counts)',
        params: versionParamsSchema,
        body: readReceiptSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await recordRead(
        serviceContext(deps, request),
        request.params.id,
        request.params.number,
        request.body.language,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/sitreps/:id/receipts',
    {
      schema: {
        tags,
        summary: 'Read receipts per recipient organisation (drafters)',
        params: sitrepParamsSchema,
        querystring: receiptsQuerySchema,
        response: { 200: receiptsSchema },
      },
    },
    async (request) => getReceipts(serviceContext(deps, request), request.params.id, request.query.version),
  );
};
