import type { Tlp } from '../../shared/access/tlp.js';
import { toIncidentId } from '../../shared/contracts/incident-enums.js';
import type { TestApp } from './app.js';

export interface IncidentSeed {
  ownerOrganisationId: string;
  authorUserId: string;
  tlp?: Tlp;
  title?: string;
  description?: string;
  domains?: string[];
  category?: string;
  severity?: number;
  status?: string;
  sharedOrganisationIds?: string[];
  sharedCommunityIds?: string[];
  sharedUserIds?: string[];
  areaCodes?: string[];
  electionId?: string | null;
  createdAt?: Date;
}

/**
 * An incident written straight into the tables (current row and its `created` event), for tests
 * of features that need one to exist. Tests of creating incidents go through the API instead.
 * Returns the API id, incident--<uuid>.
 */
export const makeIncident = async (t: TestApp, seed: IncidentSeed): Promise<string> =>
  t.deps.db.transaction().execute(async (tx) => {
    const row = {
      tlp: seed.tlp ?? 'amber',
      ownerOrganisationId: seed.ownerOrganisationId,
      authorUserId: seed.authorUserId,
      title: seed.title ?? 'Test incident',
      description: seed.description ?? '',
      domains: seed.domains ?? ['cyber'],
      category: seed.category ?? 'denial_of_service',
      severity: seed.severity ?? 3,
      status: seed.status ?? 'new',
      sharedOrganisationIds: seed.sharedOrganisationIds ?? [],
      sharedCommunityIds: seed.sharedCommunityIds ?? [],
      sharedUserIds: seed.sharedUserIds ?? [],
      areaCodes: seed.areaCodes ?? [],
      areaScope: seed.areaCodes ?? [],
      electionId: seed.electionId ?? null,
      ...(seed.createdAt ? { createdAt: seed.createdAt, updatedAt: seed.createdAt } : {}),
    };
    const { id } = await tx.insertInto('incidents').values(row).returning('id').executeTakeFirstOrThrow();
    await tx
      .insertInto('incidentEvents')
      .values({
        incidentId: id,
        type: 'created',
        actorUserId: seed.authorUserId,
        actorOrganisationId: seed.ownerOrganisationId,
        data: { ...row, createdAt: undefined, updatedAt: undefined },
      })
      .execute();
    return toIncidentId(id);
  });
