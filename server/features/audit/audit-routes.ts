import { sql } from 'kysely';
import {
  auditListSchema,
  auditQuerySchema,
  auditVerificationSchema,
} from '../../../shared/contracts/audit.js';
import { AppError } from '../../../shared/errors.js';
import type { AppDeps } from '../../context.js';
import type { RouteApp } from '../../http/zod-app.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { verifyAuditChain } from './audit-verify.js';

const tags = ['Audit'];
const config = { permission: 'audit.read' as const };

export const auditRoutes = (app: RouteApp, deps: AppDeps): void => {
  app.get(
    '/api/v1/audit',
    {
      config,
      schema: {
        tags,
        summary: 'Browse the audit trail, newest first (admin)',
        querystring: auditQuerySchema,
        response: { 200: auditListSchema },
      },
    },
    async (request) => {
      const q = request.query;
      const before = decodeCursor<[number]>(q.cursor, ['number']);
      if (before && !(Number.isSafeInteger(before[0]) && before[0] > 0))
        throw new AppError('bad_request', 'The cursor is not valid.');
      // The target's readable name, while it still exists; target_id is text, so ids compare as text.
      const targetIs = (type: string, id: ReturnType<typeof sql.ref>) =>
        sql<boolean>`${sql.ref('a.targetType')} = ${type} and ${sql.ref('a.targetId')} = ${id}::text`;
      let query = deps.db
        .selectFrom('auditEvents as a')
        .leftJoin('users as u', 'u.id', 'a.actorUserId')
        .leftJoin('users as tu', (join) => join.on(targetIs('user', sql.ref('tu.id'))))
        .leftJoin('organisations as tor', (join) => join.on(targetIs('organisation', sql.ref('tor.id'))))
        .leftJoin('communities as tc', (join) => join.on(targetIs('community', sql.ref('tc.id'))))
        .selectAll('a')
        .select((eb) => [
          'u.email as actorEmail',
          eb.fn.coalesce('tu.email', 'tor.shortName', 'tc.nameEn').as('targetLabel'),
        ]);
      if (q.action?.endsWith('.'))
        query = query.where('a.action', 'like', `${q.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      else if (q.action) query = query.where('a.action', '=', q.action);
      if (q.actorUserId) query = query.where('a.actorUserId', '=', q.actorUserId);
      if (q.targetId) query = query.where('a.targetId', '=', q.targetId);
      if (q.from) query = query.where('a.occurredAt', '>=', new Date(q.from));
      if (q.to) query = query.where('a.occurredAt', '<', new Date(q.to));
      if (before) query = query.where('a.seq', '<', before[0]);
      const rows = await query
        .orderBy('a.seq', 'desc')
        .limit(q.limit + 1)
        .execute();
      const page = rows.slice(0, q.limit);
      return {
        items: page.map((row) => ({
          seq: Number(row.seq),
          occurredAt: row.occurredAt.toISOString(),
          actorUserId: row.actorUserId,
          actorEmail: row.actorEmail,
          actorOrganisationId: row.actorOrganisationId,
          action: row.action,
          targetType: row.targetType,
          targetId: row.targetId,
          targetLabel: row.targetLabel,
          requestId: row.requestId,
          sourceIp: row.sourceIp,
          details: row.details,
          hash: row.hash,
        })),
        nextCursor: rows.length > q.limit ? encodeCursor([Number(page.at(-1)!.seq)]) : null,
      };
    },
  );
  app.get(
    '/api/v1/audit/verify',
    {
      config,
      schema: {
        tags,
        summary: 'Verify the hash chain of the whole audit trail (admin)',
        response: { 200: auditVerificationSchema },
      },
    },
    async () => verifyAuditChain(deps.db),
  );
};
