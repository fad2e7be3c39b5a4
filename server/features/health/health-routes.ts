import { sql } from 'kysely';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';

const tags = ['Operations'];
const publicRoute = { auth: 'public' as const };

export const healthRoutes = (app: RouteApp, deps: AppDeps, registry: Registry, version: string): void => {
  app.get(
    '/healthz',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Liveness: the process answers',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'Readiness: the database answers',
        response: {
          200: z.object({ status: z.literal('ready') }),
          503: z.object({ status: z.literal('unavailable') }),
        },
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(deps.db);
        return { status: 'ready' as const };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const });
      }
    },
  );
  app.get(
    '/metrics',
    { config: publicRoute, schema: { tags, summary: 'Prometheus metrics', hide: true } },
    async (_request, reply) => {
      reply.type(registry.contentType).header('cache-control', 'no-store');
      return registry.metrics();
    },
  );
  app.get(
    '/api/v1/config',
    {
      config: publicRoute,
      schema: {
        tags,
        summary: 'What the web app needs before sign-in',
        response: {
          200: z.object({ demo: z.boolean().describe('Demo community loaded'), version: z.string() }),
        },
      },
    },
    async () => ({ demo: deps.config.demo, version }),
  );
};
