import { useQuery } from '@tanstack/react-query';
import type { LocalisedName } from '../../../shared/contracts/common.js';
import { api } from './api.js';

export interface CommunitySummary {
  id: string;
  name: LocalisedName;
}

/** The communities of the directory (names only), for sharing lists and distribution lists. */
export const useCommunities = () =>
  useQuery({
    queryKey: ['communities'],
    queryFn: ({ signal }) => api.get<{ items: CommunitySummary[] }>('/api/v1/communities', { signal }),
    staleTime: 5 * 60_000,
  });
