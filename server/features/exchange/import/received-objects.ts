import { sql } from 'kysely';
import type { Db, Tx } from '../../../db/connection.js';
import { incidentCoreExtensionId } from '../stix/incident-core.js';

export interface ReceivedObject {
  created: string | null;
  lang: string | null;
  /** The Incident Core detection methods of a received incident: how it was detected at the source. */
  detectionMethods: string[] | null;
}

/**
 * What we received of the objects an incident is exported as, when the incident came from an
 * import (accepted or merged): the sender's `created` and `lang` of each id we issue again, and
 * how a received incident was detected. An object keeps its `created` across versions (STIX 2.1
 * §3.2), whoever issues the next one.
 */
export const receivedObjectsOf = async (
  db: Db | Tx,
  incidentUuid: string,
  stixIds: readonly string[],
): Promise<Map<string, ReceivedObject>> => {
  if (stixIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('importedIncidentLinks as l')
    .innerJoin('stixCurrentObjects as c', 'c.ownerOrganisationId', 'l.ownerOrganisationId')
    .innerJoin('stixObjectVersions as v', (join) =>
      join
        .onRef('v.ownerOrganisationId', '=', 'c.ownerOrganisationId')
        .onRef('v.stixId', '=', 'c.stixId')
        .onRef('v.versionKey', '=', 'c.versionKey'),
    )
    .select([
      'c.stixId',
      sql<string | null>`v.object->>'created'`.as('created'),
      sql<string | null>`v.object->>'lang'`.as('lang'),
      sql<unknown>`v.object->'extensions'->${incidentCoreExtensionId}->'detection_methods'`.as(
        'detectionMethods',
      ),
    ])
    .where('l.incidentId', '=', incidentUuid)
    .where('c.stixId', '=', sql<string>`any(${[...stixIds]}::text[])`)
    .orderBy('l.linkedAt', 'desc')
    .execute();
  const found = new Map<string, ReceivedObject>();
  for (const row of rows)
    if (!found.has(row.stixId))
      found.set(row.stixId, {
        created: row.created,
        lang: row.lang,
        detectionMethods:
          Array.isArray(row.detectionMethods) && row.detectionMethods.every((m) => typeof m === 'string')
            ? (row.detectionMethods as string[])
            : null,
      });
  return found;
};
