import { markingMayLeave } from '../../../../shared/access/release.js';
import { compareTlp, type Tlp } from '../../../../shared/access/tlp.js';
import type { PartnerTlpCeiling, RedactableField } from '../../../../shared/contracts/exchange.js';
import { AppError } from '../../../../shared/errors.js';
import type { Db, Tx } from '../../../db/connection.js';
import type { AvailableObject } from '../../../db/schema-exchange-partners.js';
import { incidentStixObjects, sitrepStixObjects } from '../stix/stix-export.js';
import { incidentStixId } from '../stix/stix-export-incident.js';
import { sitrepReportId } from '../stix/stix-export-sitrep.js';
import { tlpOfObject } from '../stix/stix-markings.js';
import type { StixObject } from '../stix/stix-types.js';
import type { RecordForRelease } from './release-records.js';

export interface ReleaseRedaction {
  fields: RedactableField[];
  omitObjectIds: string[];
}

export interface BuiltRelease {
  /** Exactly what the partner receives. */
  objects: StixObject[];
  /** Every object of the record with these fields redacted, before omissions. */
  available: AvailableObject[];
  /** The record's version as its own object states it (incidents: `modified`). */
  version: string;
}

export const primaryObjectId = (record: Pick<RecordForRelease, 'type' | 'id'>): string =>
  record.type === 'incident' ? incidentStixId(record.id) : sitrepReportId(record.id);

const definitionsOf = (objects: readonly StixObject[]) =>
  new Map(objects.filter((o) => o.type === 'marking-definition').map((o) => [o.id, o]));

/**
 * The objects' own markings, checked again after building: none may be one that never leaves or
 * above the agreement's ceiling (a granular RED on one property would make the object RED).
 */
export const objectsAboveCeiling = (objects: readonly StixObject[], ceiling: PartnerTlpCeiling): string[] => {
  const definitions = definitionsOf(objects);
  return objects
    .filter((o) => {
      const tlp: Tlp | null = tlpOfObject(o, definitions);
      return tlp !== null && (!markingMayLeave(tlp) || compareTlp(tlp, ceiling) > 0);
    })
    .map((o) => o.id);
};

const build = (db: Db | Tx, record: RecordForRelease, fields: RedactableField[], omitObjectIds: string[]) =>
  record.type === 'incident'
    ? incidentStixObjects(db, record.id, { fields, omitObjectIds })
    : sitrepStixObjects(db, record.id, record.versionNumber!, { fields, omitObjectIds });

/**
 * What the partner will receive of this version of the record: built by the STIX export with the
 * redactions (so that the preview is exactly what is sent), less the omitted objects and what is
 * about them. The record's own object cannot be omitted: holding the release is the way to send nothing.
 */
export const buildReleaseObjects = async (
  db: Db | Tx,
  record: RecordForRelease,
  ceiling: PartnerTlpCeiling,
  redaction: ReleaseRedaction,
  options: { dropUnknownOmissions?: boolean } = {},
): Promise<BuiltRelease> => {
  const all = await build(db, record, redaction.fields, []);
  const available = all.map((o) => ({ id: o.id, type: o.type }));
  const known = new Set(available.map((o) => o.id));
  const primary = primaryObjectId(record);
  if (options.dropUnknownOmissions) {
    redaction = {
      ...redaction,
      omitObjectIds: redaction.omitObjectIds.filter((id) => known.has(id) && id !== primary),
    };
  }
  const unknown = redaction.omitObjectIds.filter((id) => !known.has(id));
  if (unknown.length > 0 || redaction.omitObjectIds.includes(primary)) {
    throw new AppError(
      'validation_failed',
      'Only objects of the preview other than the record itself can be omitted.',
      [
        ...unknown.map((id) => ({ path: 'body.omitObjectIds', message: `${id} is not in the preview.` })),
        ...(redaction.omitObjectIds.includes(primary)
          ? [
              {
                path: 'body.omitObjectIds',
                message: 'The record itself cannot be omitted: hold the release instead.',
              },
            ]
          : []),
      ],
    );
  }
  const objects =
    redaction.omitObjectIds.length > 0
      ? await build(db, record, redaction.fields, redaction.omitObjectIds)
      : all;
  const above = objectsAboveCeiling(objects, ceiling);
  if (above.length > 0) {
    throw new AppError(
      'marking_not_allowed',
      `Some objects carry a marking the agreement does not allow: ${above.slice(0, 10).join(', ')}.`,
    );
  }
  const own = objects.find((o) => o.id === primary);
  const version =
    record.type === 'incident' && typeof own?.modified === 'string' ? own.modified : record.version;
  return { objects, available, version };
};
