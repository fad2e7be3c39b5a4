import { sql, type SqlBool } from 'kysely';
import { peopleListSchema, peopleQuerySchema } from '../../../shared/contracts/directory.js';
import type { AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';

const tags = ['Directory'];

/** Active people with a reading role, to share red records with or to mention: names only. */
export const directoryRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/people',
    {
      config: { permission: 'content.read' },
      schema: {
        tags,
        summary: 'Find colleagues by name (for sharing with named people)',
        querystring: peopleQuerySchema,
        response: { 200: peopleListSchema },
      },
    },
    async (request) => {
      const { q, organisationId, limit } = request.query;
      let query = deps.db
        .selectFrom('users')
        .select(['id', 'name', 'organisationId'])
        .where('active', '=', true)
        .where(sql<SqlBool>`roles && array['coordinator', 'analyst', 'reporter', 'viewer']`)
        .orderBy('name')
        .limit(limit);
      if (q) {
        const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
      }
      if (organisationId) query = query.where('organisationId', '=', organisationId);
      return { items: await query.execute() };
    },
  );
};
