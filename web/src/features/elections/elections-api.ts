import type {
  CreateElection,
  Election,
  ElectionList,
  ElectionPhase,
  ScheduleQuery,
  ScheduleResult,
  UpdateElection,
} from '../../../../shared/contracts/elections.js';
import { api, withQuery } from '../../lib/api.js';

export type { Election, ElectionPhase, ScheduleResult };

export const electionsQueryKey = ['elections'] as const;
export const scheduleQueryKey = (query: ScheduleQuery) => ['elections', 'schedule', query] as const;

export const electionsApi = {
  list: () => api.get<ElectionList>('/api/v1/elections'),
  get: (idOrSlug: string) => api.get<Election>(`/api/v1/elections/${encodeURIComponent(idOrSlug)}`),
  schedule: (query: ScheduleQuery) =>
    api.get<ScheduleResult>(withQuery('/api/v1/elections/schedule', { ...query })),
  create: (body: CreateElection) => api.post<Election>('/api/v1/elections', body),
  update: (idOrSlug: string, body: UpdateElection) =>
    api.patch<Election>(`/api/v1/elections/${encodeURIComponent(idOrSlug)}`, body),
};
