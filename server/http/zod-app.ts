import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

export type ZodApp = ReturnType<FastifyInstance['withTypeProvider']> & FastifyInstance;
export const zodApp = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();
export type RouteApp = ReturnType<typeof zodApp>;
