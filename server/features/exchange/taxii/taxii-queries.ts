import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { compareTlp, tlpLevels, type Tlp } from '../../../../shared/access/tlp.js';
import type { Db, Tx } from '../../../db/connection.js';
import type { ObjectFilters } from './taxii-filters.js';

/** Microsecond UTC text of a timestamptz, formatted by PostgreSQL: JavaScript dates keep milliseconds only. */
export const microsecondText = (column: RawBuilder<unknown>) =>
  sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** The markings an agreement with this ceiling may be served: defence in depth behind the releases. */
export const servableTlps = (ceiling: Tlp): Tlp[] => tlpLevels.filter((tlp) => compareTlp(tlp, ceiling) <= 0);

export interface CollectionScope {
  collectionId: string;
  ceiling: Tlp;
}

export interface StoredObjectRow {
  seq: string;
  stixId: string;
  version: string;
  mediaType: string;
  specVersion: string;
  dateAdded: string;
  /** The object as JSON text: read as text, since the database layer would camel-case a jsonb's keys. */
  objectText: string | null;
}

const servable = (alias: string, scope: CollectionScope) =>
  sql<SqlBool>`${sql.ref(`${alias}.tlp`)} = any(${sql.val(servableTlps(scope.ceiling))}::text[])`;

/** Spec versions: those asked for, or else only the latest one of each object (§3.4.1). */
const specVersionOf = (
  alias: string,
  scope: CollectionScope,
  specVersions: string[] | null,
): RawBuilder<SqlBool> => {
  const o = (column: string) => sql.ref(`${alias}.${column}`);
  if (specVersions) return sql<SqlBool>`${o('spec_version')} = any(${sql.val(specVersions)}::text[])`;
  const newer = `${alias}_s`;
  const n = (column: string) => sql.ref(`${newer}.${column}`);
  return sql<SqlBool>`not exists (
    select 1 from taxii_objects as ${sql.id(newer)}
    where ${n('collection_id')} = ${o('collection_id')} and ${n('stix_id')} = ${o('stix_id')}
      and ${servable(newer, scope)} and ${n('spec_version')} > ${o('spec_version')})`;
};

/**
 * `match[version]` (§3.4.1): the latest and/or earliest of each object's servable versions, and/or
 * exact versions (logical OR). Decided over every servable version, not only those added after
 * `added_after`: a poller sees an object again only when its newest version is new to it.
 */
const versionOf = (alias: string, scope: CollectionScope, filters: ObjectFilters): RawBuilder<SqlBool> => {
  const { versions } = filters;
  if (versions.all) return sql<SqlBool>`true`;
  const o = (column: string) => sql.ref(`${alias}.${column}`);
  const other = `${alias}_v`;
  const n = (column: string) => sql.ref(`${other}.${column}`);
  const noneBeyond = (comparison: '>' | '<') => sql<SqlBool>`not exists (
    select 1 from taxii_objects as ${sql.id(other)}
    where ${n('collection_id')} = ${o('collection_id')} and ${n('stix_id')} = ${o('stix_id')}
      and ${servable(other, scope)} and ${specVersionOf(other, scope, filters.specVersions)}
      and ${n('version_at')} ${sql.raw(comparison)} ${o('version_at')})`;
  const terms: RawBuilder<SqlBool>[] = [];
  if (versions.last) terms.push(noneBeyond('>'));
  if (versions.first) terms.push(noneBeyond('<'));
  if (versions.at.length > 0)
    terms.push(sql<SqlBool>`${o('version_at')} = any(${sql.val(versions.at)}::timestamptz[])`);
  return sql<SqlBool>`(${sql.join(terms, sql` or `)})`;
};

/** Whether the version filter keeps an object's only version whatever it is (last and/or first, no exact timestamps). */
const onlyVersion = (filters: ObjectFilters): boolean =>
  !filters.versions.all &&
  filters.versions.at.length === 0 &&
  (filters.versions.last || filters.versions.first);

/**
 * One page in TAXII order (date added, then insertion): a keyset on (date_added, seq) over the
 * index taxii_objects_page_idx, so the hundredth page costs what the first one does. Reads one row
 * more than the page, to tell whether more follow.
 */
export const pageObjects = async (
  db: Db | Tx,
  scope: CollectionScope,
  filters: ObjectFilters,
  options: { withObject: boolean },
): Promise<StoredObjectRow[]> => {
  const conditions: RawBuilder<SqlBool>[] = [
    sql<SqlBool>`o.collection_id = ${scope.collectionId}::uuid`,
    servable('o', scope),
    // The only version of an object is its latest, first and only spec version: the choice among
    // versions (a probe per row) is made only for objects that have several.
    filters.specVersions
      ? specVersionOf('o', scope, filters.specVersions)
      : sql<SqlBool>`(not o.has_siblings or ${specVersionOf('o', scope, null)})`,
    onlyVersion(filters)
      ? sql<SqlBool>`(not o.has_siblings or ${versionOf('o', scope, filters)})`
      : versionOf('o', scope, filters),
  ];
  if (filters.addedAfter) conditions.push(sql<SqlBool>`o.date_added > ${filters.addedAfter}::timestamptz`);
  if (filters.after) {
    conditions.push(
      sql<SqlBool>`(o.date_added, o.seq) > (${filters.after.dateAdded}::timestamptz, ${filters.after.seq}::bigint)`,
    );
  }
  if (filters.ids) conditions.push(sql<SqlBool>`o.stix_id = any(${sql.val(filters.ids)}::text[])`);
  if (filters.types) conditions.push(sql<SqlBool>`o.type = any(${sql.val(filters.types)}::text[])`);
  const { rows } = await sql<StoredObjectRow>`
    select o.seq::text as seq, o.stix_id, o.version, o.media_type, o.spec_version,
      ${microsecondText(sql`o.date_added`)} as date_added,
      ${options.withObject ? sql`o.object::text` : sql`null::text`} as object_text
    from taxii_objects o
    where ${sql.join(conditions, sql` and `)}
    order by o.date_added, o.seq
    limit ${filters.limit + 1}`.execute(db);
  return rows;
};

/** Whether any servable version of the object is in the collection (else the object is "not found"). */
export const hasServableObject = async (
  db: Db | Tx,
  scope: CollectionScope,
  stixId: string,
): Promise<boolean> => {
  const { rows } = await sql<{ found: boolean }>`
    select exists (
      select 1 from taxii_objects o
      where o.collection_id = ${scope.collectionId}::uuid and o.stix_id = ${stixId} and ${servable('o', scope)}
    ) as found`.execute(db);
  return rows[0]?.found === true;
};

export const partnerCollections = (db: Db | Tx, partnerId: string) =>
  db
    .selectFrom('taxiiCollections')
    .selectAll()
    .where('partnerId', '=', partnerId)
    .orderBy('canWrite')
    .orderBy('createdAt')
    .orderBy('id')
    .execute();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The partner's collection by id or alias; another partner's is not found. */
export const findPartnerCollection = (db: Db | Tx, partnerId: string, idOrAlias: string) =>
  db
    .selectFrom('taxiiCollections')
    .selectAll()
    .where('partnerId', '=', partnerId)
    .where((eb) =>
      UUID.test(idOrAlias) ? eb('id', '=', idOrAlias.toLowerCase()) : eb('alias', '=', idOrAlias),
    )
    .executeTakeFirst();

export const findPartnerStatus = (db: Db | Tx, partnerId: string, statusId: string) =>
  UUID.test(statusId)
    ? db
        .selectFrom('taxiiStatuses')
        .selectAll()
        .select(microsecondText(sql`request_timestamp`).as('requestTimestampText'))
        .where('partnerId', '=', partnerId)
        .where('id', '=', statusId.toLowerCase())
        .executeTakeFirst()
    : Promise.resolve(undefined);
