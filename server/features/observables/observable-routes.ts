import { z } from 'zod';
import {
  addObservableSchema,
  incidentObservableListSchema,
  incidentObservableParamsSchema,
  incidentObservableSchema,
  incidentParamsSchema,
  observableIncidentPageSchema,
  observableIncidentsQuerySchema,
  observableParamsSchema,
} from '../../../shared/contracts/observables.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import {
  addIncidentObservable,
  getIncidentObservables,
  getObservableIncidents,
  removeIncidentObservable,
} from './observable-service.js';

const tags = ['Observables'];

export const observableRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/incidents/:id/observables',
    {
      schema: {
        tags,
        summary: "An incident's observables, with how many other visible incidents have each",
        params: incidentParamsSchema,
        response: { 200: incidentObservableListSchema },
      },
    },
    async (request) => getIncidentObservables(serviceContext(deps, request), request.params.id),
  );
  app.post(
    '/api/v1/incidents/:id/observables',
    {
      schema: {
        tags,
        summary: 'Add an observable to an incident',
        description:
          'The value is normalised; the same normalised value is the same observable in every incident. ' +
          'Adding one the incident already has is idempotent: 200 with the existing entry (the note is kept). ' +
          'A new one answers 201.',
        params: incidentParamsSchema,
        body: addObservableSchema,
        response: { 200: incidentObservableSchema, 201: incidentObservableSchema },
      },
    },
    async (request, reply) => {
      const { created, item } = await addIncidentObservable(
        serviceContext(deps, request),
        request.params.id,
        request.body,
      );
      return reply.status(created ? 201 : 200).send(item);
    },
  );
  app.delete(
    '/api/v1/incidents/:id/observables/:observableId',
    {
      schema: {
        tags,
        summary: 'Remove an observable from an incident',
        params: incidentObservableParamsSchema,
        response: { 204: z.null().describe('Removed') },
      },
    },
    async (request, reply) => {
      await removeIncidentObservable(
        serviceContext(deps, request),
        request.params.id,
        request.params.observableId,
      );
      return reply.status(204).send(null);
    },
  );
  app.get(
    '/api/v1/observables/:observableId/incidents',
    {
      schema: {
        tags,
        summary: 'Incidents with this observable that the caller may see (keyset paged)',
        params: observableParamsSchema,
        querystring: observableIncidentsQuerySchema,
        response: { 200: observableIncidentPageSchema },
      },
    },
    async (request) =>
      getObservableIncidents(serviceContext(deps, request), request.params.observableId, request.query),
  );
};
