import { sql } from 'kysely';
import type { Tlp } from '../../../../shared/access/tlp.js';
import type { Db, Tx } from '../../../db/connection.js';
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

/** (id, version) as one string, to look a version up in a set. */
export const versionIdOf = (stixId: string, versionKey: string): string => `${stixId} ${versionKey}`;

/** The versions the store keeps of the given ids (current or not), as versionIdOf strings. */
export const storedVersionIds = async (
  tx: Tx,
  ownerOrganisationId: string,
  stixIds: readonly string[],
): Promise<Set<string>> => {
  const found = new Set<string>();
  for (const ids of chunks([...new Set(stixIds)], 5000)) {
    const rows = await tx
      .selectFrom('stixObjectVersions')
      .select(['stixId', 'versionKey'])
      .where('ownerOrganisationId', '=', ownerOrganisationId)
      .where('stixId', '=', sql<string>`any(${ids}::text[])`)
      .execute();
    for (const row of rows) found.add(versionIdOf(row.stixId, row.versionKey));
  }
  return found;
};

/**
 * A new version's row, streamed in with COPY (copyInto) in this order: owner, id, version,
 * type, modified, spec_version, the object's JSON text (jsonb keeps no key order, so its
 * canonical form is as good as any), content hash, import, partner.
 */
export const versionColumns = [
  'owner_organisation_id',
  'stix_id',
  'version_key',
  'type',
  'modified',
  'spec_version',
  'object',
  'content_hash',
  'import_id',
  'partner_id',
] as const;

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

const currentFields = [
  'stix_id',
  'version_key',
  'type',
  'tlp',
  'content_hash',
  'source_ref',
  'target_ref',
  'observable_type',
  'observable_value',
] as const satisfies readonly (keyof CurrentRow)[];

/** The current row of an id new to the store, streamed in with COPY (copyInto). */
export const currentColumns = ['owner_organisation_id', ...currentFields, 'import_id'] as const;

export const currentColumnValues = (
  ownerOrganisationId: string,
  importId: string,
  row: CurrentRow,
): (string | null)[] => [ownerOrganisationId, ...currentFields.map((field) => row[field]), importId];

/** Makes each row the current version of an id the store already holds (each id at most once). */
export const updateCurrent = async (
  tx: Tx,
  scope: { ownerOrganisationId: string; importId: string },
  rows: readonly CurrentRow[],
) => {
  for (const batch of chunks(rows, 5000)) {
    await sql`
      update stix_current_objects c set
        version_key = t.version_key, type = t.type, tlp = t.tlp, content_hash = t.content_hash,
        source_ref = t.source_ref, target_ref = t.target_ref, observable_type = t.observable_type,
        observable_value = t.observable_value, import_id = ${scope.importId}::uuid, updated_at = now()
      from json_to_recordset(${JSON.stringify(batch)}::json)
        as t(stix_id text, version_key text, type text, tlp text, content_hash text, source_ref text, target_ref text,
             observable_type text, observable_value text)
      where c.owner_organisation_id = ${scope.ownerOrganisationId}::uuid and c.stix_id = t.stix_id
    `.execute(tx);
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
