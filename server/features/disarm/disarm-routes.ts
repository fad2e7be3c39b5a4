import {
  disarmMatrixSchema,
  disarmTacticListSchema,
  disarmTechniqueListSchema,
  incidentTechniqueListSchema,
  matrixQuerySchema,
  replaceTechniquesSchema,
  techniqueSearchQuerySchema,
} from '../../../shared/contracts/disarm.js';
import { incidentParamsSchema } from '../../../shared/contracts/incidents.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import {
  getIncidentTechniques,
  getMatrix,
  getTactics,
  getTechniques,
  replaceIncidentTechniques,
} from './disarm-service.js';

const tags = ['DISARM'];

export const disarmRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/disarm/tactics',
    {
      schema: {
        tags,
        summary: 'DISARM Red tactics in phase order (CC BY-SA 4.0, DISARM Foundation)',
        response: { 200: disarmTacticListSchema },
      },
    },
    async () => getTactics(deps.db),
  );
  app.get(
    '/api/v1/disarm/techniques',
    {
      schema: {
        tags,
        summary: 'DISARM Red techniques, searched by id or name',
        querystring: techniqueSearchQuerySchema,
        response: { 200: disarmTechniqueListSchema },
      },
    },
    async (request) => getTechniques(deps.db, request.query),
  );
  app.get(
    '/api/v1/disarm/matrix',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary: 'Tactics × techniques with the number of visible incidents using each',
        querystring: matrixQuerySchema,
        response: { 200: disarmMatrixSchema },
      },
    },
    async (request) => getMatrix(serviceContext(deps, request), request.query.electionId),
  );
  app.get(
    '/api/v1/incidents/:id/techniques',
    {
      schema: {
        tags,
        summary: "An incident's DISARM techniques",
        params: incidentParamsSchema,
        response: { 200: incidentTechniqueListSchema },
      },
    },
    async (request) => getIncidentTechniques(serviceContext(deps, request), request.params.id),
  );
  app.put(
    '/api/v1/incidents/:id/techniques',
    {
      schema: {
        tags,
        summary: "Replace an incident's DISARM techniques",
        params: incidentParamsSchema,
        body: replaceTechniquesSchema,
        response: { 200: incidentTechniqueListSchema },
      },
    },
    async (request) =>
      replaceIncidentTechniques(serviceContext(deps, request), request.params.id, request.body),
  );
};
