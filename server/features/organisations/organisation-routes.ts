import { idParamsSchema } from '../../../shared/contracts/common.js';
import {
  createOrganisationSchema,
  organisationListSchema,
  organisationSchema,
  updateOrganisationSchema,
} from '../../../shared/contracts/organisations.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import {
  createOrganisation,
  getOrganisation,
  getOrganisations,
  updateOrganisation,
} from './organisation-service.js';

const tags = ['Organisations'];

export const organisationRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/organisations',
    {
      schema: {
        tags,
        summary: 'List organisations (any signed-in user)',
        response: { 200: organisationListSchema },
      },
    },
    async () => ({ items: await getOrganisations(deps) }),
  );
  app.get(
    '/api/v1/organisations/:id',
    {
      schema: {
        tags,
        summary: 'One organisation',
        params: idParamsSchema,
        response: { 200: organisationSchema },
      },
    },
    async (request) => getOrganisation(deps, request.params.id),
  );
  app.post(
    '/api/v1/organisations',
    {
      config: { permission: 'admin.manage' },
      schema: {
        tags,
        summary: 'Create an organisation (admin)',
        body: createOrganisationSchema,
        response: { 201: organisationSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createOrganisation(serviceContext(deps, request), request.body)),
  );
  app.patch(
    '/api/v1/organisations/:id',
    {
      config: { permission: 'admin.manage' },
      schema: {
        tags,
        summary: 'Change an organisation (admin)',
        params: idParamsSchema,
        body: updateOrganisationSchema,
        response: { 200: organisationSchema },
      },
    },
    async (request) => updateOrganisation(serviceContext(deps, request), request.params.id, request.body),
  );
};
