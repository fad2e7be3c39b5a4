import { sql } from 'kysely';
import type { Tlp } from '../../../../shared/access/tlp.js';
import type { Db, Tx } from '../../../db/connection.js';
import { tlpOfObject } from '../stix/stix-markings.js';
import type { StixObject } from '../stix/stix-types.js';

// One lock per collection (with this class), held to commit by whoever adds objects to it.
const COLLECTION_LOCK_CLASS = 7351021;

export interface PublishedObjects {
  /** Object versions new to the collection. */
  added: { id: string; version: string }[];
  /** Object versions the collection already held (not stored twice). */
  alreadyHeld: { id: string; version: string | null }[];
}

/**
 * Marks the versions of objects that now have more than one version in the collection: reads
 * then choose among them (latest, first, spec version); an only version needs no choosing.
 */
export const markSiblings = async (db: Db | Tx, collectionId: string, stixIds: readonly string[]) => {
  await sql`
    update taxii_objects o set has_siblings = true
    where o.collection_id = ${collectionId}::uuid
      and o.stix_id = any(${sql.val([...new Set(stixIds)])}::text[])
      and not o.has_siblings
      and exists (select 1 from taxii_objects s
                  where s.collection_id = o.collection_id and s.stix_id = o.stix_id and s.seq <> o.seq)`.execute(
    db,
  );
};

const versionOf = (object: StixObject): string | null => {
  const version = object.modified ?? object.created;
  return typeof version === 'string' ? version : null;
};

/**
 * Adds a release's objects to a collection: one row per (id, version), an unchanged version is not
 * stored again, and an object without created/modified (an SCO) is stored once, its version being
 * its date added. `date_added` is taken under the collection's lock and strictly increases, so
 * TAXII order is commit order: a client resuming from `added_after` never misses a row. Each row
 * keeps its marking — the object's own, else the record's — for the server's ceiling check.
 */
export const publishObjects = async (
  tx: Tx,
  input: { collectionId: string; releaseId: string; recordTlp: Tlp; objects: readonly StixObject[] },
): Promise<PublishedObjects> => {
  await sql`select pg_advisory_xact_lock(${COLLECTION_LOCK_CLASS}, hashtext(${input.collectionId}))`.execute(
    tx,
  );
  const definitions = new Map(
    input.objects.filter((o) => o.type === 'marking-definition').map((o) => [o.id, o] as const),
  );
  const rows = input.objects.map((object, index) => ({
    ord: index + 1,
    stix_id: object.id,
    type: object.type,
    spec_version: typeof object.spec_version === 'string' ? object.spec_version : '2.1',
    version: versionOf(object),
    tlp: tlpOfObject(object, definitions) ?? input.recordTlp,
    object,
  }));
  const { rows: inserted } = await sql<{ stixId: string; version: string }>`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as m(ord int, stix_id text, type text, spec_version text, version text, tlp text, object jsonb)
    ), base as (
      select greatest(
        clock_timestamp(),
        coalesce((select max(date_added) from taxii_objects where collection_id = ${input.collectionId}::uuid),
          '-infinity'::timestamptz) + interval '1 microsecond') as t
    ), candidates as (
      select input.*, base.t + (input.ord - 1) * interval '1 microsecond' as date_added
      from input cross join base
      where input.version is not null or not exists (
        select 1 from taxii_objects e
        where e.collection_id = ${input.collectionId}::uuid and e.stix_id = input.stix_id)
    )
    insert into taxii_objects
      (collection_id, stix_id, type, spec_version, version, version_at, tlp, date_added, object, release_id)
    select ${input.collectionId}::uuid, stix_id, type, spec_version,
      coalesce(version, to_char(date_added at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
      coalesce(version::timestamptz, date_added), tlp, date_added, object, ${input.releaseId}::uuid
    from candidates
    order by ord
    on conflict (collection_id, stix_id, version_at) do nothing
    returning stix_id, version`.execute(tx);
  if (inserted.length > 0) {
    await markSiblings(
      tx,
      input.collectionId,
      inserted.map((r) => r.stixId),
    );
    await tx
      .updateTable('taxiiCollections')
      .set({ objectCount: sql`object_count + ${inserted.length}` })
      .where('id', '=', input.collectionId)
      .execute();
  }
  const addedKeys = new Set(inserted.map((r) => r.stixId));
  return {
    added: inserted.map((r) => ({ id: r.stixId, version: r.version })),
    alreadyHeld: rows
      .filter((r) => !addedKeys.has(r.stix_id))
      .map((r) => ({ id: r.stix_id, version: r.version })),
  };
};
