import type { z } from 'zod';
import type {
  Community,
  CreateCommunity,
  UpdateCommunity,
  communityListSchema,
} from '../../../../shared/contracts/communities.js';
import { api } from '../../lib/api.js';

export type CommunityList = z.infer<typeof communityListSchema>;
export type { Community };

export const communitiesQueryKey = ['communities'] as const;

export const communitiesApi = {
  list: () => api.get<CommunityList>('/api/v1/communities'),
  create: (body: CreateCommunity) => api.post<Community>('/api/v1/communities', body),
  update: (id: string, body: UpdateCommunity) =>
    api.patch<Community>(`/api/v1/communities/${encodeURIComponent(id)}`, body),
};
