import {
  sitrepTemplateListSchema,
  sitrepTemplateSchema,
  templateParamsSchema,
  updateTemplateSchema,
} from '../../../shared/contracts/sitreps.js';
import { serviceContext, type AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import { getTemplate, getTemplates, updateTemplate } from './template-service.js';

const tags = ['Situation reports'];

export const sitrepTemplateRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/sitrep-templates',
    {
      config: { permission: 'content.read' },
      schema: { tags, summary: 'Situation report templates', response: { 200: sitrepTemplateListSchema } },
    },
    async () => ({ items: await getTemplates(deps) }),
  );
  app.get(
    '/api/v1/sitrep-templates/:id',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary: 'One situation report template',
        params: templateParamsSchema,
        response: { 200: sitrepTemplateSchema },
      },
    },
    async (request) => getTemplate(deps, request.params.id),
  );
  app.patch(
    '/api/v1/sitrep-templates/:id',
    {
      config: { permission: 'sitrep.approve' },
      schema: {
        tags,
        summary:
          'Change a template (coordinators; send back its version; reports already drafted keep theirs)',
        params: templateParamsSchema,
        body: updateTemplateSchema,
        response: { 200: sitrepTemplateSchema },
      },
    },
    async (request) => updateTemplate(serviceContext(deps, request), request.params.id, request.body),
  );
};
