import { hasRole, type Actor } from '../../../shared/access/roles.js';
import { canChangeMarking, canEdit, canSee, type Shareable } from '../../../shared/access/tlp.js';
import { fromIncidentId, INCIDENT_PREFIX } from '../../../shared/contracts/incident-enums.js';
import { AppError } from '../../../shared/errors.js';
import { assertEditable, assertVisible, shareableOf } from '../../access/record-access.js';
import type { Db, Tx } from '../../db/connection.js';

/** The columns the access rules read, as a Shareable. */
export interface IncidentAccessRow extends Shareable {
  id: string;
  status: string;
  duplicateOfId: string | null;
  /** The lead authority: acts for the owner in deciding who needs to know. */
  leadOrganisationId: string | null;
}

const uuidOf = (id: string): string | undefined => {
  const uuid = id.startsWith(INCIDENT_PREFIX) ? fromIncidentId(id) : id;
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(uuid) ? uuid : undefined;
};

/**
 * The incident's marking and sharing, or undefined. `forUpdate` locks the row for the rest of the
 * transaction, so that a concurrent change of marking cannot slip between the check and the write.
 */
export const findIncidentAccess = async (
  db: Db | Tx,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<IncidentAccessRow | undefined> => {
  const uuid = uuidOf(id);
  if (!uuid) return undefined;
  let query = db
    .selectFrom('incidents')
    .select([
      'id',
      'tlp',
      'ownerOrganisationId',
      'authorUserId',
      'sharedOrganisationIds',
      'sharedCommunityIds',
      'sharedUserIds',
      'status',
      'duplicateOfId',
      'leadOrganisationId',
    ])
    .where('id', '=', uuid);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    ...shareableOf(row),
    status: row.status,
    duplicateOfId: row.duplicateOfId,
    leadOrganisationId: row.leadOrganisationId,
  };
};

/**
 * The gate every incident sub-resource (observables, comments, attachments, links …) passes:
 * 404 when the actor may not see the incident. Accepts `incident--<uuid>` or a bare uuid.
 */
export const loadVisibleIncident = async (
  db: Db | Tx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<IncidentAccessRow> => assertVisible(actor, await findIncidentAccess(db, id, options), 'incident');

/** Visible and editable by the actor's role (403 when only visible). */
export const loadEditableIncident = async (
  db: Db | Tx,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<IncidentAccessRow> => assertEditable(actor, await findIncidentAccess(db, id, options), 'incident');

/** Who decides, with the owner, who needs to know: the lead authority. */
export const incidentStewards = (incident: { leadOrganisationId: string | null }): string[] =>
  incident.leadOrganisationId ? [incident.leadOrganisationId] : [];

export const incidentPermissions = (actor: Actor, record: Shareable, leadOrganisationId: string | null) => ({
  edit: canEdit(actor, record),
  changeMarking:
    canSee(actor, record) &&
    canChangeMarking(
      actor,
      record,
      { tlp: 'clear', sharedWith: { organisations: ['*'], communities: [], users: [] } },
      { stewardOrganisationIds: incidentStewards({ leadOrganisationId }) },
    ),
  route: canRoute(actor, record, leadOrganisationId),
});

/**
 * Assigning the lead or supporting organisations routes the incident (and shares it with them):
 * coordinators route work, and so may the owning organisation and the current lead, handing over.
 */
export const canRoute = (actor: Actor, record: Shareable, leadOrganisationId: string | null): boolean =>
  canEdit(actor, record) &&
  (hasRole(actor, 'coordinator') ||
    actor.organisationId === record.ownerOrganisationId ||
    actor.organisationId === leadOrganisationId);

export const requireIncidentUuid = (id: string): string => {
  const uuid = uuidOf(id);
  if (!uuid) throw new AppError('not_found', 'No such incident.');
  return uuid;
};
