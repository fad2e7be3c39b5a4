import { sql } from 'kysely';
import type { Tlp } from '../../../../shared/access/tlp.js';
import type { Db, Tx } from '../../../db/connection.js';
import type { StatementPipeline } from '../../../db/statement-pipeline.js';
import type { StixObject } from '../stix/stix-types.js';
import type { StoredVersion } from './stix-import-plan.js';

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * A stored STIX object as JSON text: Kysely's CamelCasePlugin would rename the keys of a jsonb
 * value as it arrives (spec_version → specVersion), and a STIX object must come back as it went in.
 */
export const objectText = (column: string) => sql<string>`${sql.ref(column)}::text`.as('object');

/** Imports of one organisation take turns, so that two imports of one object cannot both "create" it. */
export const lockOrganisationStore = (tx: Tx, ownerOrganisationId: string) =>
  sql`select pg_advisory_xact_lock(7351020, hashtext(${ownerOrganisationId}))`.execute(tx);

export const currentVersions = async (
  tx: Tx,
  ownerOrganisationId: string,
  stixIds: readonly string[],
): Promise<Map<string, StoredVersion>> => {
  const found = new Map<string, StoredVersion>();
  for (const ids of chunks([...new Set(stixIds)], 5000)) {
    const rows = await tx
      .selectFrom('stixCurrentObjects')
      .select(['stixId', 'versionKey', 'contentHash'])
      .where('ownerOrganisationId', '=', ownerOrganisationId)
      .where('stixId', '=', sql<string>`any(${ids}::text[])`)
      .execute();
    for (const row of rows)
      found.set(row.stixId, { versionKey: row.versionKey, contentHash: row.contentHash });
  }
  return found;
};

/** The current objects of the given ids, of one type (e.g. marking definitions a bundle refers to). */
export const currentObjectsOfType = async (
  tx: Tx,
  ownerOrganisationId: string,
  type: string,
  stixIds: readonly string[],
): Promise<StixObject[]> => {
  if (stixIds.length === 0) return [];
  const rows = await tx
    .selectFrom('stixCurrentObjects as c')
    .innerJoin('stixObjectVersions as v', (join) =>
      join
        .onRef('v.ownerOrganisationId', '=', 'c.ownerOrganisationId')
        .onRef('v.stixId', '=', 'c.stixId')
        .onRef('v.versionKey', '=', 'c.versionKey'),
    )
    .select(objectText('v.object'))
    .where('c.ownerOrganisationId', '=', ownerOrganisationId)
    .where('c.type', '=', type)
    .where('c.stixId', '=', sql<string>`any(${[...stixIds]}::text[])`)
    .execute();
  return rows.map((row) => JSON.parse(row.object) as StixObject);
};

export interface VersionRow {
  stix_id: string;
  version_key: string;
  type: string;
  modified: string | null;
  spec_version: string | null;
  /** The object as JSON text (jsonb keeps no key order, so its canonical form is as good as any). */
  object: string;
  content_hash: string;
}

/**
 * Rows of one statement as a multi-row VALUES list, each value its own text parameter: PostgreSQL
 * parses only the values (an object once, into jsonb) instead of a JSON document of the whole batch
 * first. 1,000 rows of at most 9 values stay far under the protocol's 65,535 parameters.
 */
const VALUES_ROWS = 1000;

const valuesList = (rows: readonly (readonly (string | null)[])[]) =>
  sql.join(rows.map((row) => sql`(${sql.join(row)})`));

/** Every version is kept once: a version already stored is left as it is. Sent on `pipeline`. */
export const insertVersions = async (
  pipeline: StatementPipeline,
  tx: Tx,
  scope: { ownerOrganisationId: string; importId: string; partnerId: string | null },
  rows: readonly VersionRow[],
) => {
  for (const batch of chunks(rows, VALUES_ROWS)) {
    await pipeline.send(
      sql`
      insert into stix_object_versions
        (owner_organisation_id, stix_id, version_key, type, modified, spec_version, object, content_hash, import_id, partner_id)
      select ${scope.ownerOrganisationId}::uuid, t.stix_id, t.version_key, t.type, t.modified, t.spec_version,
        t.object::jsonb, t.content_hash, ${scope.importId}::uuid, ${scope.partnerId}::uuid
      from (values ${valuesList(
        batch.map((r) => [
          r.stix_id,
          r.version_key,
          r.type,
          r.modified,
          r.spec_version,
          r.object,
          r.content_hash,
        ]),
      )}) as t(stix_id, version_key, type, modified, spec_version, object, content_hash)
      on conflict do nothing
    `.execute(tx),
    );
  }
};

export interface CurrentRow {
  stix_id: string;
  version_key: string;
  type: string;
  tlp: Tlp;
  content_hash: string;
  source_ref: string | null;
  target_ref: string | null;
  observable_type: string | null;
  observable_value: string | null;
}

/** Makes each row the current version of its id (each id at most once in `rows`). Sent on `pipeline`. */
export const upsertCurrent = async (
  pipeline: StatementPipeline,
  tx: Tx,
  scope: { ownerOrganisationId: string; importId: string },
  rows: readonly CurrentRow[],
) => {
  for (const batch of chunks(rows, VALUES_ROWS)) {
    await pipeline.send(
      sql`
      insert into stix_current_objects
        (owner_organisation_id, stix_id, version_key, type, tlp, content_hash, source_ref, target_ref,
         observable_type, observable_value, import_id)
      select ${scope.ownerOrganisationId}::uuid, t.stix_id, t.version_key, t.type, t.tlp, t.content_hash, t.source_ref,
        t.target_ref, t.observable_type, t.observable_value, ${scope.importId}::uuid
      from (values ${valuesList(
        batch.map((r) => [
          r.stix_id,
          r.version_key,
          r.type,
          r.tlp,
          r.content_hash,
          r.source_ref,
          r.target_ref,
          r.observable_type,
          r.observable_value,
        ]),
      )}) as t(stix_id, version_key, type, tlp, content_hash, source_ref, target_ref, observable_type, observable_value)
      on conflict (owner_organisation_id, stix_id) do update set
        version_key = excluded.version_key, type = excluded.type, tlp = excluded.tlp,
        content_hash = excluded.content_hash, source_ref = excluded.source_ref, target_ref = excluded.target_ref,
        observable_type = excluded.observable_type, observable_value = excluded.observable_value,
        import_id = excluded.import_id, updated_at = now()
    `.execute(tx),
    );
  }
};

/** DISARM techniques named by attack-pattern id or by external id (T0049.001). */
export const disarmTechniquesMatching = async (
  tx: Db | Tx,
  stixIds: readonly string[],
  externalIds: readonly string[],
): Promise<{ id: string; stixId: string; name: string }[]> => {
  if (stixIds.length === 0 && externalIds.length === 0) return [];
  return tx
    .selectFrom('disarmTechniques')
    .select(['id', 'stixId', 'name'])
    .where((eb) =>
      eb.or([
        eb('stixId', '=', sql<string>`any(${[...stixIds]}::text[])`),
        eb('id', '=', sql<string>`any(${[...externalIds]}::text[])`),
      ]),
    )
    .execute();
};
