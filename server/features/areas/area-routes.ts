import {
  areaGeoParamsSchema,
  areaListSchema,
  areaQuerySchema,
  geoJsonSchema,
  notModifiedSchema,
} from '../../../shared/contracts/areas.js';
import type { AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import { getAreaGeo, getAreas } from './area-service.js';

const tags = ['Areas'];

export const areaRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/areas',
    {
      schema: {
        tags,
        summary:
          'Municipalities, electoral districts, wellbeing services counties and regions (any signed-in user)',
        querystring: areaQuerySchema,
        response: { 200: areaListSchema },
      },
    },
    async (request) => getAreas(deps, request.query.type),
  );
  app.get(
    '/api/v1/areas/geo/:type',
    {
      schema: {
        tags,
        summary: 'GeoJSON boundaries of one area type (any signed-in user; cached, with an ETag)',
        params: areaGeoParamsSchema,
        response: { 200: geoJsonSchema, 304: notModifiedSchema },
      },
    },
    async (request, reply) => {
      const geo = getAreaGeo(request.params.type);
      // Only signed-in users may fetch it, so shared caches must not keep it; the browser may, for a day.
      reply.header('cache-control', 'private, max-age=86400');
      reply.header('etag', geo.etag);
      reply.header('vary', 'cookie, authorization');
      if (request.headers['if-none-match'] === geo.etag) return reply.status(304).send(null);
      // Sent as the prepared text: serialising a few hundred polygons through the schema each time would only cost.
      return reply
        .type('application/geo+json; charset=utf-8')
        .serializer((payload) => payload as string)
        .send(geo.body as never);
    },
  );
};
