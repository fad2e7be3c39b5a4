import type { Actor } from '../../../shared/access/roles.js';
import type { Incident } from '../../../shared/contracts/incidents.js';
import { toIncidentId } from '../../../shared/contracts/incident-enums.js';
import { shareableOf } from '../../access/record-access.js';
import { incidentPermissions } from './incident-access.js';
import type { IncidentRow } from './incident-queries.js';

export { shareableOf } from '../../access/record-access.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const presentIncident = (actor: Actor, row: IncidentRow): Incident => ({
  id: toIncidentId(row.id),
  title: row.title,
  description: row.description,
  domains: row.domains as Incident['domains'],
  category: row.category,
  severity: row.severity,
  impactOnConduct: row.impactConduct as Incident['impactOnConduct'],
  impactOnConfidence: row.impactConfidence as Incident['impactOnConfidence'],
  sourceReliability: row.sourceReliability as Incident['sourceReliability'],
  informationCredibility: row.informationCredibility,
  status: row.status as Incident['status'],
  closingReason: row.closingReason as Incident['closingReason'],
  duplicateOfId: row.duplicateOfId ? toIncidentId(row.duplicateOfId) : null,
  leadOrganisationId: row.leadOrganisationId,
  supportingOrganisationIds: row.supportingOrganisationIds,
  electionId: row.electionId,
  phaseKey: row.phaseKey,
  areaCodes: row.areaCodes,
  firstSeen: iso(row.firstSeen),
  lastSeen: iso(row.lastSeen),
  tlp: row.tlp,
  ownerOrganisationId: row.ownerOrganisationId,
  authorUserId: row.authorUserId,
  sharedWith: shareableOf(row).sharedWith,
  reportedVia: row.reportedVia as Incident['reportedVia'],
  intake: row.intake,
  corroborationCount: row.corroborationCount,
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  permissions: incidentPermissions(actor, shareableOf(row), row.leadOrganisationId),
});
