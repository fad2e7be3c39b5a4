import { sql, type SqlBool } from 'kysely';
import type { z } from 'zod';
import type {
  ImportObjectResult,
  ImportProvenance,
  StixImport,
  StixImportDetail,
  importListQuerySchema,
  importPageSchema,
  importResultsQuerySchema,
} from '../../../../shared/contracts/exchange-imports.js';
import { AppError } from '../../../../shared/errors.js';
import type { ServiceContext } from '../../../context.js';
import type { Db } from '../../../db/connection.js';
import { decodeCursor, encodeCursor } from '../../../lib/cursor.js';

type Ctx = Pick<ServiceContext, 'db' | 'actor'>;

const importsQuery = (db: Db) =>
  db
    .selectFrom('stixImports as si')
    .leftJoin('users as u', 'u.id', 'si.receivedByUserId')
    .leftJoin('partners as p', 'p.id', 'si.partnerId')
    .select([
      'si.id',
      'si.source',
      'si.partnerId',
      'p.name as partnerName',
      'si.bundleId',
      'si.receivedByUserId',
      'u.name as receivedByName',
      'si.receivedAt',
      'si.ownerOrganisationId',
      'si.defaultTlp',
      'si.objectCount',
      // As text: the CamelCasePlugin would rename older_ignored.
      sql<string>`si.counts::text`.as('counts'),
      'si.disarmTechniqueCount',
      sql<number>`cardinality(si.workbench_item_ids)`.as('workbenchItemCount'),
      sql<string>`to_json(si.received_at) #>> '{}'`.as('cursorAt'),
    ]);

type ImportRow = Awaited<ReturnType<ReturnType<typeof importsQuery>['executeTakeFirstOrThrow']>>;

/** Where an import came from, as the API tells it (the import log and every review-queue item). */
export const presentProvenance = (row: {
  importId: string;
  source: ImportProvenance['source'];
  partnerId: string | null;
  partnerName: string | null;
  bundleId: string | null;
  receivedByUserId: string | null;
  receivedByName: string | null;
  receivedAt: Date;
}): ImportProvenance => ({
  importId: row.importId,
  source: row.source,
  partnerId: row.partnerId,
  partnerName: row.partnerName,
  bundleId: row.bundleId,
  receivedBy: row.receivedByUserId ? { userId: row.receivedByUserId, name: row.receivedByName ?? '' } : null,
  receivedAt: row.receivedAt.toISOString(),
});

const present = (row: ImportRow): StixImport => ({
  id: row.id,
  provenance: presentProvenance({ ...row, importId: row.id }),
  ownerOrganisationId: row.ownerOrganisationId,
  defaultTlp: row.defaultTlp,
  objectCount: row.objectCount,
  counts: JSON.parse(row.counts) as StixImport['counts'],
  workbenchItemCount: row.workbenchItemCount,
  disarmTechniqueCount: row.disarmTechniqueCount,
});

/** The import log of the actor's organisation, newest first. */
export const listImports = async (
  ctx: Ctx,
  query: z.infer<typeof importListQuerySchema>,
): Promise<z.infer<typeof importPageSchema>> => {
  const after = decodeCursor<[string, string]>(query.cursor, ['string', 'string']);
  let q = importsQuery(ctx.db).where('si.ownerOrganisationId', '=', ctx.actor.organisationId);
  if (query.source) q = q.where('si.source', '=', query.source);
  if (query.partnerId) q = q.where('si.partnerId', '=', query.partnerId);
  if (after)
    q = q.where(sql<SqlBool>`(si.received_at, si.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`);
  const rows = await q
    .orderBy('si.receivedAt', 'desc')
    .orderBy('si.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(present),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.cursorAt, last.id]) : null,
  };
};

/**
 * One import with a page of its per-object results, in bundle order. An import of another
 * organisation does not exist for the caller.
 */
export const getImport = async (
  ctx: Ctx,
  id: string,
  query: z.infer<typeof importResultsQuerySchema>,
): Promise<StixImportDetail> => {
  const row = await importsQuery(ctx.db)
    .where('si.id', '=', id)
    .where('si.ownerOrganisationId', '=', ctx.actor.organisationId)
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', 'No such import.');
  const { rows } = await sql<{ value: string }>`
    select r.value::text as value from stix_imports si cross join json_array_elements(si.results) r(value)
    where si.id = ${id} and (r.value ->> 'index')::int > ${query.after}
      ${query.outcome ? sql`and r.value ->> 'outcome' = ${query.outcome}` : sql``}
    order by (r.value ->> 'index')::int
    limit ${query.limit + 1}
  `.execute(ctx.db);
  const results = rows.slice(0, query.limit).map((r) => JSON.parse(r.value) as ImportObjectResult);
  return {
    ...present(row),
    results,
    nextAfter: rows.length > query.limit ? results[results.length - 1]!.index : null,
  };
};
