import { sql } from 'kysely';
import type { Tlp } from '../../../../shared/access/tlp.js';
import type { Tx } from '../../../db/connection.js';
import type { ImportCandidate } from './stix-import-plan.js';
import type { ImportProvenanceInput } from './stix-import.js';

/** Imported objects that wait for an analyst's decision. MISP events arrive as reports. */
export const reviewableTypes: ReadonlySet<string> = new Set(['incident', 'report']);

export const titleOf = (object: { name?: unknown; id: string }): string => {
  const name = typeof object.name === 'string' ? object.name.trim() : '';
  return (name || object.id).slice(0, 300);
};

/**
 * A review-queue item for every incident and report whose current version the import changed.
 * A newer version supersedes the item still pending for an older one; the version of an object
 * already accepted or merged proposes an update of the incident it is linked to.
 */
export const openWorkbenchItems = async (
  tx: Tx,
  input: {
    importId: string;
    provenance: ImportProvenanceInput;
    candidates: readonly ImportCandidate[];
    tlps: ReadonlyMap<string, Tlp>;
  },
): Promise<string[]> => {
  const reviewable = input.candidates.filter((c) => reviewableTypes.has(c.type));
  if (reviewable.length === 0) return [];
  const owner = input.provenance.ownerOrganisationId;
  const ids: string[] = [];
  for (let i = 0; i < reviewable.length; i += 1000) {
    const batch = reviewable.slice(i, i + 1000);
    const stixIds = batch.map((c) => c.stixId);
    const links = new Map(
      (
        await tx
          .selectFrom('importedIncidentLinks')
          .select(['stixId', 'incidentId'])
          .where('ownerOrganisationId', '=', owner)
          .where('stixId', '=', sql<string>`any(${stixIds}::text[])`)
          .execute()
      ).map((link) => [link.stixId, link.incidentId]),
    );
    await tx
      .updateTable('workbenchItems')
      .set({ status: 'superseded', updatedAt: sql`now()` })
      .where('ownerOrganisationId', '=', owner)
      .where('stixId', '=', sql<string>`any(${stixIds}::text[])`)
      .where('status', '=', 'pending')
      .execute();
    const inserted = await tx
      .insertInto('workbenchItems')
      .values(
        batch.map((c) => ({
          tlp: input.tlps.get(c.stixId) ?? input.provenance.defaultTlp,
          ownerOrganisationId: owner,
          authorUserId: input.provenance.receivedByUserId,
          stixId: c.stixId,
          stixType: c.type,
          versionKey: c.versionKey,
          modified: typeof c.object.modified === 'string' ? c.object.modified : null,
          title: titleOf(c.object),
          kind: links.has(c.stixId) ? ('update' as const) : ('new' as const),
          importId: input.importId,
          partnerId: input.provenance.partnerId,
          targetIncidentId: links.get(c.stixId) ?? null,
        })),
      )
      .onConflict((oc) => oc.columns(['ownerOrganisationId', 'stixId', 'versionKey']).doNothing())
      .returning('id')
      .execute();
    ids.push(...inserted.map((row) => row.id));
  }
  return ids;
};
