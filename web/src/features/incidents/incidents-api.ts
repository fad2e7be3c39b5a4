import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type { AreaList } from '../../../../shared/contracts/areas.js';
import type { ElectionList } from '../../../../shared/contracts/elections.js';
import type {
  CreateIncident,
  Incident,
  Intake,
  UpdateIncident,
  incidentEventListSchema,
  incidentFacetsSchema,
  incidentListSchema,
  savedFilterListSchema,
  savedFilterSchema,
} from '../../../../shared/contracts/incidents.js';
import { api, isApiError, withQuery } from '../../lib/api.js';
import type { ApiListFilters } from './incident-filters.js';

export type { Incident };
export type IncidentList = z.infer<typeof incidentListSchema>;
export type IncidentFacets = z.infer<typeof incidentFacetsSchema>;
export type IncidentEvent = z.infer<typeof incidentEventListSchema>['items'][number];
export type SavedFilter = z.infer<typeof savedFilterSchema>;
type SavedFilterList = z.infer<typeof savedFilterListSchema>;

/**
 * Query keys. Lists start with 'incidents'; one incident and its sub-resources with ['incident', id]
 * (id as incident--<uuid>). The live stream invalidates these prefixes, so keep to them.
 */
export const incidentKeys = {
  lists: ['incidents'] as const,
  list: (filters: ApiListFilters) => ['incidents', 'list', filters] as const,
  facets: (filters: ApiListFilters) => ['incidents', 'facets', filters] as const,
  mine: () => ['incidents', 'list', { mine: 'true' }] as const,
  one: (id: string) => ['incident', id] as const,
  events: (id: string) => ['incident', id, 'events'] as const,
  savedFilters: ['saved-filters'] as const,
};

export const incidentPath = (id: string) => `/api/v1/incidents/${encodeURIComponent(id)}`;

const pageSize = 50;

export const incidentsApi = {
  list: (filters: ApiListFilters, cursor: string | null, signal?: AbortSignal, limit = pageSize) =>
    api.get<IncidentList>(withQuery('/api/v1/incidents', { ...filters, cursor, limit }), { signal }),
  facets: (filters: ApiListFilters, signal?: AbortSignal) =>
    api.get<IncidentFacets>(withQuery('/api/v1/incidents/facets', filters), { signal }),
  get: (id: string, signal?: AbortSignal) => api.get<Incident>(incidentPath(id), { signal }),
  events: (id: string, signal?: AbortSignal) =>
    api.get<z.infer<typeof incidentEventListSchema>>(`${incidentPath(id)}/events`, { signal }),
  create: (body: CreateIncident) => api.post<Incident>('/api/v1/incidents', body),
  update: (id: string, body: UpdateIncident) => api.patch<Incident>(incidentPath(id), body),
  intake: (body: Intake) => api.post<Incident>('/api/v1/intake', body),
  savedFilters: (signal?: AbortSignal) => api.get<SavedFilterList>('/api/v1/saved-filters', { signal }),
  createSavedFilter: (body: { name: string; query: Record<string, string | string[]> }) =>
    api.post<SavedFilter>('/api/v1/saved-filters', body),
  deleteSavedFilter: (id: string) => api.delete<void>(`/api/v1/saved-filters/${encodeURIComponent(id)}`),
};

/** The incident list, page by page (keyset cursors). */
export const useIncidentList = (filters: ApiListFilters, options: { limit?: number } = {}) =>
  useInfiniteQuery({
    queryKey: incidentKeys.list(filters),
    queryFn: ({ pageParam, signal }) => incidentsApi.list(filters, pageParam, signal, options.limit),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });

export const useIncidentFacets = (filters: ApiListFilters) =>
  useQuery({
    queryKey: incidentKeys.facets(filters),
    queryFn: ({ signal }) => incidentsApi.facets(filters, signal),
    placeholderData: keepPreviousData,
  });

export const useIncident = (id: string) =>
  useQuery({
    queryKey: incidentKeys.one(id),
    queryFn: ({ signal }) => incidentsApi.get(id, signal),
    retry: (count, error) => !isApiError(error, 'not_found') && count < 2,
  });

export const useIncidentEvents = (id: string) =>
  useQuery({
    queryKey: incidentKeys.events(id),
    queryFn: ({ signal }) => incidentsApi.events(id, signal),
  });

export const useCreateIncident = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: incidentsApi.create,
    onSuccess: (incident) => {
      queryClient.setQueryData(incidentKeys.one(incident.id), incident);
      void queryClient.invalidateQueries({ queryKey: incidentKeys.lists });
    },
  });
};

/**
 * Changes to one incident. The body must carry the `version` that was edited: the server answers
 * 409 `version_conflict` when someone saved in between.
 */
export const useUpdateIncident = (id: string) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateIncident) => incidentsApi.update(id, body),
    onSuccess: (incident) => {
      queryClient.setQueryData(incidentKeys.one(id), incident);
      void queryClient.invalidateQueries({ queryKey: incidentKeys.events(id) });
      void queryClient.invalidateQueries({ queryKey: incidentKeys.lists });
    },
  });
};

export const useIntake = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: incidentsApi.intake,
    onSuccess: (incident) => {
      queryClient.setQueryData(incidentKeys.one(incident.id), incident);
      void queryClient.invalidateQueries({ queryKey: incidentKeys.lists });
    },
  });
};

export const useSavedFilters = () =>
  useQuery({
    queryKey: incidentKeys.savedFilters,
    queryFn: ({ signal }) => incidentsApi.savedFilters(signal),
  });

export const useCreateSavedFilter = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: incidentsApi.createSavedFilter,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: incidentKeys.savedFilters }),
  });
};

export const useDeleteSavedFilter = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: incidentsApi.deleteSavedFilter,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: incidentKeys.savedFilters }),
  });
};

export interface Person {
  id: string;
  name: string;
  organisationId: string;
}

/** People who may be named on a red incident's sharing list. */
export const usePeople = (q: string) =>
  useQuery({
    queryKey: ['people', q],
    queryFn: ({ signal }) => api.get<{ items: Person[] }>(withQuery('/api/v1/people', { q }), { signal }),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });

export { useCommunities, type CommunitySummary } from '../../lib/communities.js';

export type AreaSummary = AreaList['items'][number];
type AreaType = AreaSummary['type'];

/** Areas of one type, or every area. A failure only means codes are shown instead of names. */
export const useAreas = (type?: AreaType) =>
  useQuery({
    queryKey: type ? ['areas', type] : ['areas'],
    queryFn: ({ signal }) => api.get<AreaList>(withQuery('/api/v1/areas', { type }), { signal }),
    select: (list: AreaList) => list.items,
    staleTime: Infinity,
    retry: false,
  });

/** Elections belong to the elections feature; a failure here only leaves the election unnamed. */
export const useElections = () =>
  useQuery({
    queryKey: ['elections'],
    queryFn: ({ signal }) => api.get<ElectionList>('/api/v1/elections', { signal }),
    select: (list: ElectionList) => list.items,
    staleTime: 5 * 60_000,
    retry: false,
  });
