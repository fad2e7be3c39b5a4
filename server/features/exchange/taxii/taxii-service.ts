import type { Selectable } from 'kysely';
import type { ImportObjectResult } from '../../../../shared/contracts/exchange-imports.js';
import type { Db } from '../../../db/connection.js';
import type {
  StatusDetail,
  TaxiiCollectionsTable,
  TaxiiStatusesTable,
} from '../../../db/schema-exchange-partners.js';
import { appendAudit, type AuditSource } from '../../audit/audit-log.js';
import { importStixObjects } from '../import/stix-import.js';
import type { TaxiiPartner } from './taxii-auth.js';
import { TaxiiError } from './taxii-errors.js';
import { encodeNext, type ObjectFilters } from './taxii-filters.js';
import { STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from './taxii-media.js';
import {
  findPartnerCollection,
  hasServableObject,
  pageObjects,
  type CollectionScope,
  type StoredObjectRow,
} from './taxii-queries.js';

/** The largest request body accepted (POST objects); advertised as the API root's max_content_length. */
export const MAX_CONTENT_LENGTH = 20 * 1024 * 1024;
export const API_ROOT_PATH = '/taxii2/vaalivahti/';

type CollectionRow = Selectable<TaxiiCollectionsTable>;

/** A TAXII answer: the JSON text (objects are spliced in as stored) and the date-added headers. */
export interface TaxiiAnswer {
  body: string;
  dateAddedFirst: string | null;
  dateAddedLast: string | null;
}

export const discoveryResource = () => ({
  title: 'Vaalivahti',
  description:
    'The situation picture of threats to elections: records released to partners under their agreements.',
  default: API_ROOT_PATH,
  api_roots: [API_ROOT_PATH],
});

export const apiRootResource = () => ({
  title: 'Vaalivahti partner exchange',
  description: 'One collection per agreement and direction: what is released to you, and what you send us.',
  versions: [TAXII_MEDIA_TYPE],
  max_content_length: MAX_CONTENT_LENGTH,
});

export const collectionResource = (row: CollectionRow) => ({
  id: row.id,
  title: row.title,
  ...(row.description ? { description: row.description } : {}),
  ...(row.alias ? { alias: row.alias } : {}),
  can_read: row.canRead,
  can_write: row.canWrite,
  media_types: [STIX_MEDIA_TYPE],
});

/** The partner's collection (another partner's is not found), readable or writable as asked (else 403). */
export const loadCollection = async (
  db: Db,
  partner: TaxiiPartner,
  idOrAlias: string,
  need: 'read' | 'write' | 'any',
): Promise<CollectionRow> => {
  const row = await findPartnerCollection(db, partner.id, idOrAlias);
  if (!row) throw new TaxiiError(404, 'not_found', 'No such collection.');
  if (need === 'read' && !row.canRead)
    throw new TaxiiError(403, 'forbidden', 'This collection is for sending objects; it cannot be read.');
  if (need === 'write' && !row.canWrite)
    throw new TaxiiError(403, 'forbidden', 'This collection is read-only for you.');
  return row;
};

const scopeOf = (collection: CollectionRow, partner: TaxiiPartner): CollectionScope => ({
  collectionId: collection.id,
  ceiling: partner.tlpCeiling,
});

const pageOf = (rows: StoredObjectRow[], limit: number) => {
  const page = rows.slice(0, limit);
  const more = rows.length > limit;
  const last = page.at(-1);
  return {
    page,
    more,
    next: more && last ? encodeNext(last.dateAdded, last.seq) : null,
    dateAddedFirst: page[0]?.dateAdded ?? null,
    dateAddedLast: last?.dateAdded ?? null,
  };
};

/** Objects in a TAXII envelope (§3.7): empty lists are omitted (§2), `next` only while `more`. */
export const getObjects = async (
  db: Db,
  partner: TaxiiPartner,
  collection: CollectionRow,
  filters: ObjectFilters,
): Promise<TaxiiAnswer> => {
  const rows = await pageObjects(db, scopeOf(collection, partner), filters, { withObject: true });
  const { page, more, next, dateAddedFirst, dateAddedLast } = pageOf(rows, filters.limit);
  const head = `{"more":${more}${next ? `,"next":${JSON.stringify(next)}` : ''}`;
  const body =
    page.length === 0 ? `${head}}` : `${head},"objects":[${page.map((r) => r.objectText).join(',')}]}`;
  return { body, dateAddedFirst, dateAddedLast };
};

/** One object's versions (§5.6): 404 when the collection holds no servable version of it. */
export const getObject = async (
  db: Db,
  partner: TaxiiPartner,
  collection: CollectionRow,
  objectId: string,
  filters: ObjectFilters,
): Promise<TaxiiAnswer> => {
  if (!(await hasServableObject(db, scopeOf(collection, partner), objectId)))
    throw new TaxiiError(404, 'not_found', 'No such object in this collection.');
  return getObjects(db, partner, collection, { ...filters, ids: [objectId], types: null });
};

export const getVersions = async (
  db: Db,
  partner: TaxiiPartner,
  collection: CollectionRow,
  objectId: string,
  filters: ObjectFilters,
): Promise<TaxiiAnswer> => {
  const scope = scopeOf(collection, partner);
  if (!(await hasServableObject(db, scope, objectId)))
    throw new TaxiiError(404, 'not_found', 'No such object in this collection.');
  const rows = await pageObjects(
    db,
    scope,
    { ...filters, ids: [objectId], types: null },
    { withObject: false },
  );
  const { page, more, dateAddedFirst, dateAddedLast } = pageOf(rows, filters.limit);
  const resource = { more, ...(page.length > 0 ? { versions: page.map((r) => r.version) } : {}) };
  return { body: JSON.stringify(resource), dateAddedFirst, dateAddedLast };
};

/**
 * The manifest (§5.3.1) has no `next`: a client continues with `added_after` set to
 * X-TAXII-Date-Added-Last, which loses nothing because `date_added` is unique within a collection.
 */
export const getManifest = async (
  db: Db,
  partner: TaxiiPartner,
  collection: CollectionRow,
  filters: ObjectFilters,
): Promise<TaxiiAnswer> => {
  const rows = await pageObjects(db, scopeOf(collection, partner), filters, { withObject: false });
  const { page, more, dateAddedFirst, dateAddedLast } = pageOf(rows, filters.limit);
  const objects = page.map((r) => ({
    id: r.stixId,
    date_added: r.dateAdded,
    version: r.version,
    media_type: r.mediaType,
  }));
  return {
    body: JSON.stringify({ more, ...(objects.length > 0 ? { objects } : {}) }),
    dateAddedFirst,
    dateAddedLast,
  };
};

type StatusRow = Selectable<TaxiiStatusesTable> & { requestTimestampText: string };

/** A status resource (§4.3.1); empty lists are omitted. */
export const statusResource = (row: StatusRow) => ({
  id: row.id,
  status: row.status,
  request_timestamp: row.requestTimestampText,
  total_count: row.totalCount,
  success_count: row.successCount,
  ...(row.successes.length > 0 ? { successes: row.successes } : {}),
  failure_count: row.failureCount,
  ...(row.failures.length > 0 ? { failures: row.failures } : {}),
  pending_count: row.pendingCount,
  ...(row.pendings.length > 0 ? { pendings: row.pendings } : {}),
});

const versionOf = (value: unknown): string => {
  const o = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const version = o.modified ?? o.created;
  return typeof version === 'string' ? version : '';
};

const detailOf = (result: ImportObjectResult, value: unknown): StatusDetail => {
  const id = result.id ?? `objects[${result.index}]`;
  const message =
    result.outcome === 'invalid'
      ? (result.reasons ?? ['invalid']).join('; ').slice(0, 2000)
      : result.outcome === 'older_ignored'
        ? 'An older version than the one held: kept in the history.'
        : result.outcome === 'unchanged'
          ? 'Already held.'
          : result.outcome === 'updated'
            ? 'New version received for review.'
            : 'Received for review.';
  return { id, version: versionOf(value), message };
};

/** The envelope a partner POSTs (§5.5): malformed content is a 422 (the endpoint's code for it). */
const objectsOfEnvelope = (body: unknown): unknown[] => {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new TaxiiError(422, 'invalid_envelope', 'The body must be a TAXII envelope: { "objects": [ … ] }.');
  const objects = (body as { objects?: unknown }).objects;
  if (objects === undefined) return [];
  if (!Array.isArray(objects))
    throw new TaxiiError(
      422,
      'invalid_envelope',
      'The envelope\'s "objects" must be a list of STIX objects.',
    );
  return objects;
};

/**
 * Objects a partner sends are imported for review (never into any collection), in one transaction
 * with their status resource and the audit entry: the import keeps provenance (this partner) and
 * marks unmarked objects with the agreement's default.
 */
export const addObjects = async (
  db: Db,
  partner: TaxiiPartner,
  collection: CollectionRow,
  body: unknown,
  audit: AuditSource,
): Promise<{ id: string }> => {
  const objects = objectsOfEnvelope(body);
  return db.transaction().execute(async (tx) => {
    const result = await importStixObjects(tx, {
      objects,
      provenance: {
        source: 'taxii',
        partnerId: partner.id,
        bundleId: null,
        receivedByUserId: null,
        ownerOrganisationId: partner.ownerOrganisationId,
        defaultTlp: partner.defaultImportTlp,
      },
      audit,
    });
    const successes: StatusDetail[] = [];
    const failures: StatusDetail[] = [];
    for (const r of result.results)
      (r.outcome === 'invalid' ? failures : successes).push(detailOf(r, objects[r.index]));
    const { id } = await tx
      .insertInto('taxiiStatuses')
      .values({
        collectionId: collection.id,
        partnerId: partner.id,
        status: 'complete',
        totalCount: objects.length,
        successCount: successes.length,
        failureCount: failures.length,
        pendingCount: 0,
        successes: JSON.stringify(successes),
        failures: JSON.stringify(failures),
        importId: result.importId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(tx, audit, {
      action: 'taxii.objects_received',
      targetType: 'partner',
      targetId: partner.id,
      details: {
        collectionId: collection.id,
        statusId: id,
        importId: result.importId,
        total: objects.length,
        succeeded: successes.length,
        failed: failures.length,
      },
    });
    return { id };
  });
};
