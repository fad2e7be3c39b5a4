import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Locale } from '../../../shared/contracts/common.js';
import type { organisationListSchema } from '../../../shared/contracts/organisations.js';
import { api } from './api.js';
import { localisedName } from './format.js';

export type OrganisationList = z.infer<typeof organisationListSchema>;
export type OrganisationItem = OrganisationList['items'][number];

export const organisationsQueryKey = ['organisations'] as const;

export const useOrganisations = () =>
  useQuery({
    queryKey: organisationsQueryKey,
    queryFn: () => api.get<OrganisationList>('/api/v1/organisations'),
  });

export const organisationLabel = (
  organisation: Pick<OrganisationItem, 'shortName' | 'name'>,
  locale: Locale,
) => `${organisation.shortName} – ${localisedName(organisation.name, locale)}`;

export const sortOrganisations = <T extends Pick<OrganisationItem, 'shortName'>>(items: readonly T[]): T[] =>
  [...items].sort((a, b) => a.shortName.localeCompare(b.shortName, 'fi'));
