import { z } from 'zod';
import { electionParamsSchema } from '../../../shared/contracts/elections.js';
import {
  situationQuerySchema,
  situationSchema,
  situationVisitSchema,
} from '../../../shared/contracts/situation.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import { getSituation, recordVisit } from './situation-service.js';

const tags = ['Situation picture'];

export const situationRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/elections/:id/situation',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary:
          'The situation picture of an election: counts, map, timeline and what changed, from the incidents you may see',
        params: electionParamsSchema,
        querystring: situationQuerySchema,
        response: { 200: situationSchema },
      },
    },
    async (request) => getSituation(serviceContext(deps, request), request.params.id, request.query),
  );
  app.post(
    '/api/v1/elections/:id/situation/visit',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary:
          'Record that you opened the situation picture; your next picture shows what changed since this visit',
        params: electionParamsSchema,
        body: z.strictObject({}).nullish().describe('Nothing, or an empty object'),
        response: { 200: situationVisitSchema },
      },
    },
    async (request) => recordVisit(serviceContext(deps, request), request.params.id),
  );
};
