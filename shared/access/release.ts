import type { PartnerTlpCeiling, ReleasableRecordType } from '../contracts/exchange.js';
import { hasRole, type Actor } from './roles.js';
import { canSee, compareTlp, organisationCanSee, type Shareable } from './tlp.js';

/**
 * Who may let a record leave the platform for a partner, and which records may leave at all
 * (issue 6; docs/decisions/0005). The release services ask only these functions.
 */

export interface ReleaseAgreement {
  ownerOrganisationId: string;
  tlpCeiling: PartnerTlpCeiling;
  recordTypes: readonly ReleasableRecordType[];
  active: boolean;
}

/** A record with the organisations that act for its owner (an incident's lead authority). */
export interface ReleasableRecord extends Shareable {
  stewardOrganisationIds: readonly string[];
}

export type ReleaseRefusal =
  | 'not_coordinator'
  | 'not_agreement_owner'
  | 'not_visible'
  | 'agreement_inactive'
  | 'record_type_not_allowed'
  | 'marking_never_leaves'
  | 'above_ceiling'
  | 'amber_not_owner';

/** AMBER+STRICT is for the recipient organisation only, RED for named people: neither goes to a partner. */
export const markingMayLeave = (tlp: Shareable['tlp']): boolean => tlp !== 'amber+strict' && tlp !== 'red';

/**
 * Whether the record may flow under the agreement, decided for the agreement's organisation (the
 * platform proposing a newer version acts for it too): the organisation sees the record, the
 * marking may leave and is within the ceiling, the type is agreed, and an AMBER record is released
 * only by its owner or its lead organisation.
 */
export const recordReleaseRefusal = (
  record: ReleasableRecord,
  recordType: ReleasableRecordType,
  agreement: ReleaseAgreement,
  organisation: { organisationId: string; communityIds: readonly string[] },
): ReleaseRefusal | null => {
  if (!agreement.active) return 'agreement_inactive';
  if (!agreement.recordTypes.includes(recordType)) return 'record_type_not_allowed';
  if (!markingMayLeave(record.tlp)) return 'marking_never_leaves';
  if (compareTlp(record.tlp, agreement.tlpCeiling) > 0) return 'above_ceiling';
  if (organisation.organisationId !== agreement.ownerOrganisationId) return 'not_agreement_owner';
  if (!organisationCanSee(organisation, record)) return 'not_visible';
  if (
    record.tlp === 'amber' &&
    record.ownerOrganisationId !== organisation.organisationId &&
    !record.stewardOrganisationIds.includes(organisation.organisationId)
  )
    return 'amber_not_owner';
  return null;
};

/**
 * Why the actor may not release the record to the partner, or null when they may: a coordinator
 * of the agreement's organisation who can see the record, and the record may flow (above).
 */
export const releaseRefusal = (
  actor: Actor,
  record: ReleasableRecord,
  recordType: ReleasableRecordType,
  agreement: ReleaseAgreement,
): ReleaseRefusal | null => {
  if (!hasRole(actor, 'coordinator')) return 'not_coordinator';
  if (actor.organisationId !== agreement.ownerOrganisationId) return 'not_agreement_owner';
  if (!canSee(actor, record)) return 'not_visible';
  return recordReleaseRefusal(record, recordType, agreement, actor);
};

export const mayRelease = (
  actor: Actor,
  record: ReleasableRecord,
  recordType: ReleasableRecordType,
  agreement: ReleaseAgreement,
): boolean => releaseRefusal(actor, record, recordType, agreement) === null;
