import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { lockStateSchema } from '../../../../../shared/contracts/incidents.js';
import { api, isApiError, request, withQuery } from '../../../lib/api.js';
import { incidentPath, type IncidentList } from '../incidents-api.js';

export {
  incidentKeys,
  incidentPath,
  useCommunities,
  useElections,
  useIncident,
  useIncidentEvents,
  usePeople,
  useUpdateIncident,
  type Incident,
  type IncidentEvent,
} from '../incidents-api.js';

export type LockState = z.infer<typeof lockStateSchema>;
export type Lock = NonNullable<LockState['lock']>;

export const lockKey = (id: string) => ['incident', id, 'lock'] as const;

/** The server's codes beyond the common table, compared as text so an older client still builds. */
export const hasErrorCode = (error: unknown, code: string): boolean =>
  isApiError(error) && (error.code as string) === code;

/** Who is editing the incident now; refreshed often enough to notice a lock that lapsed. */
export const useLockState = (id: string) =>
  useQuery({
    queryKey: lockKey(id),
    queryFn: ({ signal }) => api.get<LockState>(`${incidentPath(id)}/lock`, { signal }),
    refetchInterval: 30_000,
  });

export const lockApi = {
  acquire: (id: string) => request<LockState>('PUT', `${incidentPath(id)}/lock`, {}),
  release: (id: string) => api.delete<void>(`${incidentPath(id)}/lock`),
};

/** Incidents whose title matches, for choosing the one a duplicate is merged into. */
export const useIncidentTitleSearch = (q: string) =>
  useQuery({
    queryKey: ['incidents', 'title-search', q],
    queryFn: ({ signal }) =>
      api.get<IncidentList>(withQuery('/api/v1/incidents', { q, limit: 20, sort: 'updated' }), { signal }),
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });
