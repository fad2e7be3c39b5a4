import type { ReleasableRecord } from '../../../../shared/access/release.js';
import type { ReleasableRecordType } from '../../../../shared/contracts/exchange.js';
import {
  fromIncidentId,
  INCIDENT_PREFIX,
  toIncidentId,
} from '../../../../shared/contracts/incident-enums.js';
import { shareableOf } from '../../../access/record-access.js';
import type { Db, Tx } from '../../../db/connection.js';

/** A record as a release needs it: its marking and stewards, its current version and title. */
export interface RecordForRelease {
  type: ReleasableRecordType;
  /** incidents.id or sitreps.id */
  id: string;
  /** The id in the API: incident--<uuid>, or the report's uuid. */
  apiId: string;
  /** Incidents: their updated_at as STIX `modified` (ms); reports: the version number. */
  version: string;
  versionNumber: number | null;
  title: string;
  access: ReleasableRecord;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const recordApiId = (type: ReleasableRecordType, id: string): string =>
  type === 'incident' ? toIncidentId(id) : id;

/** The record's uuid from its API id, or undefined when the id cannot name one. */
export const recordUuid = (type: ReleasableRecordType, apiId: string): string | undefined => {
  if (type === 'incident' && !apiId.startsWith(INCIDENT_PREFIX)) return undefined;
  const uuid = type === 'incident' ? fromIncidentId(apiId) : apiId;
  return UUID.test(uuid) ? uuid : undefined;
};

export const loadIncidentForRelease = async (
  db: Db | Tx,
  uuid: string,
): Promise<RecordForRelease | undefined> => {
  const row = await db
    .selectFrom('incidents')
    .select([
      'id',
      'title',
      'updatedAt',
      'tlp',
      'ownerOrganisationId',
      'authorUserId',
      'sharedOrganisationIds',
      'sharedCommunityIds',
      'sharedUserIds',
      'leadOrganisationId',
    ])
    .where('id', '=', uuid)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    type: 'incident',
    id: row.id,
    apiId: toIncidentId(row.id),
    version: row.updatedAt.toISOString(),
    versionNumber: null,
    title: row.title,
    access: {
      ...shareableOf(row),
      stewardOrganisationIds: row.leadOrganisationId ? [row.leadOrganisationId] : [],
    },
  };
};

const titleOf = (content: Record<string, unknown>): string => {
  const title = (content.title ?? {}) as Record<string, unknown>;
  for (const locale of ['en', 'fi', 'sv']) {
    if (typeof title[locale] === 'string' && title[locale]) return title[locale];
  }
  return '';
};

/** An approved version of a report (the latest when no number is given). */
export const loadSitrepVersionForRelease = async (
  db: Db | Tx,
  sitrepId: string,
  number?: number,
): Promise<RecordForRelease | undefined> => {
  let query = db.selectFrom('sitrepVersions').selectAll().where('sitrepId', '=', sitrepId);
  query =
    number === undefined ? query.orderBy('number', 'desc').limit(1) : query.where('number', '=', number);
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return {
    type: 'sitrep',
    id: row.sitrepId,
    apiId: row.sitrepId,
    version: String(row.number),
    versionNumber: row.number,
    title: titleOf(row.content),
    access: { ...shareableOf(row), stewardOrganisationIds: [] },
  };
};

export const loadRecordForRelease = (
  db: Db | Tx,
  type: ReleasableRecordType,
  uuid: string,
  versionNumber?: number,
): Promise<RecordForRelease | undefined> =>
  type === 'incident'
    ? loadIncidentForRelease(db, uuid)
    : loadSitrepVersionForRelease(db, uuid, versionNumber);
