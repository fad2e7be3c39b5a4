import type { Organisation } from '../../../shared/contracts/organisations.js';
import type { OrganisationRow } from './organisation-queries.js';

export const presentOrganisation = (row: OrganisationRow): Organisation => ({
  id: row.id,
  shortName: row.shortName,
  name: { fi: row.nameFi, sv: row.nameSv, en: row.nameEn },
  kind: row.kind as Organisation['kind'],
  requireTwoFactor: row.requireTwoFactor,
  active: row.active,
  memberCount: row.memberCount,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});
