import {
  createElectionSchema,
  electionListSchema,
  electionParamsSchema,
  electionSchema,
  scheduleQuerySchema,
  scheduleSchema,
  updateElectionSchema,
} from '../../../shared/contracts/elections.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import {
  createElection,
  getElection,
  getElections,
  getSchedule,
  updateElection,
} from './election-service.js';

const tags = ['Elections'];

export const electionRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/elections',
    {
      schema: {
        tags,
        summary: 'The elections with their phases, by election day (any signed-in user)',
        response: { 200: electionListSchema },
      },
    },
    async () => ({ items: await getElections(deps) }),
  );
  app.get(
    '/api/v1/elections/schedule',
    {
      schema: {
        tags,
        summary: 'Election day and phases computed from the Election Act rules',
        querystring: scheduleQuerySchema,
        response: { 200: scheduleSchema },
      },
    },
    async (request) => getSchedule(request.query),
  );
  app.get(
    '/api/v1/elections/:id',
    {
      schema: {
        tags,
        summary: 'One election, by id or slug',
        params: electionParamsSchema,
        response: { 200: electionSchema },
      },
    },
    async (request) => getElection(deps, request.params.id),
  );
  app.post(
    '/api/v1/elections',
    {
      config: { permission: 'election.manage' },
      schema: {
        tags,
        summary: 'Add an election, its phases computed from the rules or given (coordinator)',
        body: createElectionSchema,
        response: { 201: electionSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createElection(serviceContext(deps, request), request.body)),
  );
  app.patch(
    '/api/v1/elections/:id',
    {
      config: { permission: 'election.manage' },
      schema: {
        tags,
        summary: 'Rename an election or adjust its phases (coordinator)',
        params: electionParamsSchema,
        body: updateElectionSchema,
        response: { 200: electionSchema },
      },
    },
    async (request) => updateElection(serviceContext(deps, request), request.params.id, request.body),
  );
};
