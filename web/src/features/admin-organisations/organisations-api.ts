import type { CreateOrganisation, UpdateOrganisation } from '../../../../shared/contracts/organisations.js';
import { api } from '../../lib/api.js';
import type { OrganisationItem } from '../../lib/organisations.js';

export const organisationsApi = {
  create: (body: CreateOrganisation) => api.post<OrganisationItem>('/api/v1/organisations', body),
  update: (id: string, body: UpdateOrganisation) =>
    api.patch<OrganisationItem>(`/api/v1/organisations/${encodeURIComponent(id)}`, body),
};
