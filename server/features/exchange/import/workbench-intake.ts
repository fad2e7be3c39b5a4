import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tlp } from '../../../../shared/access/tlp.js';
import type { Tx } from '../../../db/connection.js';
import { copyInto } from '../../../db/copy-in.js';
import type { ImportCandidate } from './stix-import-plan.js';
import type { ImportProvenanceInput } from './stix-import.js';
import { versionIdOf } from './stix-import-queries.js';

/** Imported objects that wait for an analyst's decision. MISP events arrive as reports. */
export const reviewableTypes: ReadonlySet<string> = new Set(['incident', 'report']);

export const titleOf = (object: { name?: unknown; id: string }): string => {
  const name = typeof object.name === 'string' ? object.name.trim() : '';
  return (name || object.id).slice(0, 300);
};

const itemColumns = [
  'id',
  'tlp',
  'owner_organisation_id',
  'author_user_id',
  'stix_id',
  'stix_type',
  'version_key',
  'modified',
  'title',
  'kind',
  'import_id',
  'partner_id',
  'target_incident_id',
] as const;

/**
 * A review-queue item for every incident and report whose current version the import changed.
 * A newer version supersedes the item still pending for an older one; the version of an object
 * already accepted or merged proposes an update of the incident it is linked to. A version that
 * has an item already gets no second one. The items are streamed in with COPY (a partner's
 * bundle can hold tens of thousands of incidents).
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
  const links = new Map<string, string>();
  const itemised = new Set<string>();
  for (let i = 0; i < reviewable.length; i += 5000) {
    const stixIds = reviewable.slice(i, i + 5000).map((c) => c.stixId);
    for (const link of await tx
      .selectFrom('importedIncidentLinks')
      .select(['stixId', 'incidentId'])
      .where('ownerOrganisationId', '=', owner)
      .where('stixId', '=', sql<string>`any(${stixIds}::text[])`)
      .execute())
      links.set(link.stixId, link.incidentId);
    for (const item of await tx
      .selectFrom('workbenchItems')
      .select(['stixId', 'versionKey'])
      .where('ownerOrganisationId', '=', owner)
      .where('stixId', '=', sql<string>`any(${stixIds}::text[])`)
      .execute())
      itemised.add(versionIdOf(item.stixId, item.versionKey));
    await tx
      .updateTable('workbenchItems')
      .set({ status: 'superseded', updatedAt: sql`now()` })
      .where('ownerOrganisationId', '=', owner)
      .where('stixId', '=', sql<string>`any(${stixIds}::text[])`)
      .where('status', '=', 'pending')
      .execute();
  }
  const ids: string[] = [];
  await copyInto(tx, 'workbench_items', itemColumns, async (write) => {
    for (const c of reviewable) {
      if (itemised.has(versionIdOf(c.stixId, c.versionKey))) continue;
      const id = randomUUID();
      ids.push(id);
      await write([
        id,
        input.tlps.get(c.stixId) ?? input.provenance.defaultTlp,
        owner,
        input.provenance.receivedByUserId,
        c.stixId,
        c.type,
        c.versionKey,
        typeof c.object.modified === 'string' ? c.object.modified : null,
        titleOf(c.object),
        links.has(c.stixId) ? 'update' : 'new',
        input.importId,
        input.provenance.partnerId,
        links.get(c.stixId) ?? null,
      ]);
    }
  });
  return ids;
};
