import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type { Tlp } from '../../../../shared/access/tlp.js';
import type { Locale } from '../../../../shared/contracts/common.js';
import type { ElectionList } from '../../../../shared/contracts/elections.js';
import type { Incident } from '../../../../shared/contracts/incidents.js';
import type {
  CreateSitrep,
  Receipts,
  Sitrep,
  SitrepDiff,
  SitrepListQuery,
  SitrepSection,
  SitrepStatus,
  SitrepTemplate,
  SitrepVersion,
  UpdateSitrep,
  UpdateTemplate,
  WriteSection,
  sitrepPageSchema,
} from '../../../../shared/contracts/sitreps.js';
import { api, isApiError, request, withQuery } from '../../lib/api.js';

export type { Sitrep, SitrepDiff, SitrepSection, SitrepStatus, SitrepTemplate, SitrepVersion, Receipts };
export type SitrepPage = z.infer<typeof sitrepPageSchema>;
export type SitrepSummary = SitrepPage['items'][number];
export type SitrepDraft = NonNullable<Sitrep['draft']>;
export type SitrepFilters = Pick<SitrepListQuery, 'electionId' | 'q' | 'status'>;

/**
 * Query keys: lists start with 'sitreps'; one report and everything under it with ['sitrep', id],
 * so that one invalidation after a change refreshes the draft, its versions and receipts.
 */
export const sitrepKeys = {
  lists: ['sitreps'] as const,
  list: (filters: SitrepFilters) => ['sitreps', 'list', filters] as const,
  one: (id: string) => ['sitrep', id] as const,
  version: (id: string, number: number) => ['sitrep', id, 'version', number] as const,
  diff: (id: string, number: number) => ['sitrep', id, 'diff', number] as const,
  receipts: (id: string) => ['sitrep', id, 'receipts'] as const,
  templates: ['sitrep-templates'] as const,
};

export const sitrepPath = (id: string) => `/api/v1/sitreps/${encodeURIComponent(id)}`;
const sectionPath = (id: string, key: string) => `${sitrepPath(id)}/sections/${encodeURIComponent(key)}`;

/** Where the export routes answer: the latest readable version unless a number is given. */
export const exportHref = (
  id: string,
  format: 'pdf' | 'md' | 'html',
  options: { version?: number; language?: Locale },
) =>
  withQuery(`${sitrepPath(id)}/export.${format}`, { version: options.version, language: options.language });

export const sitrepsApi = {
  list: (filters: SitrepFilters, cursor: string | null, signal?: AbortSignal) =>
    api.get<SitrepPage>(withQuery('/api/v1/sitreps', { ...filters, cursor, limit: 50 }), { signal }),
  get: (id: string, signal?: AbortSignal) => api.get<Sitrep>(sitrepPath(id), { signal }),
  create: (body: CreateSitrep) => api.post<Sitrep>('/api/v1/sitreps', body),
  update: (id: string, body: UpdateSitrep) => api.patch<Sitrep>(sitrepPath(id), body),
  writeSection: (id: string, key: string, body: WriteSection) =>
    request<unknown>('PUT', sectionPath(id, key), body),
  presence: (id: string, key: string) => api.post<unknown>(`${sectionPath(id, key)}/presence`, {}),
  leave: (id: string, key: string) => api.delete<unknown>(`${sectionPath(id, key)}/presence`),
  addIncident: (id: string, incidentId: string) =>
    api.post<unknown>(`${sitrepPath(id)}/incidents`, { incidentId }),
  removeIncident: (id: string, incidentId: string) =>
    api.delete<unknown>(`${sitrepPath(id)}/incidents/${encodeURIComponent(incidentId)}`),
  action: (id: string, action: WorkflowAction, body: unknown = {}) =>
    api.post<{ id?: string } | undefined>(`${sitrepPath(id)}/${action}`, body),
  version: (id: string, number: number, signal?: AbortSignal) =>
    api.get<SitrepVersion>(`${sitrepPath(id)}/versions/${number}`, { signal }),
  diff: (id: string, number: number, signal?: AbortSignal) =>
    api.get<SitrepDiff>(`${sitrepPath(id)}/versions/${number}/diff`, { signal }),
  read: (id: string, number: number, language: Locale) =>
    api.post<unknown>(`${sitrepPath(id)}/versions/${number}/read`, { language }),
  receipts: (id: string, version: number | undefined, signal?: AbortSignal) =>
    api.get<Receipts>(withQuery(`${sitrepPath(id)}/receipts`, { version }), { signal }),
  templates: (signal?: AbortSignal) =>
    api.get<{ items: SitrepTemplate[] }>('/api/v1/sitrep-templates', { signal }),
  updateTemplate: (id: string, body: UpdateTemplate) =>
    api.patch<SitrepTemplate>(`/api/v1/sitrep-templates/${encodeURIComponent(id)}`, body),
  searchIncidents: (q: string, signal?: AbortSignal) =>
    api.get<{ items: Incident[] }>(withQuery('/api/v1/incidents', { q, limit: 10 }), { signal }),
};

export type WorkflowAction =
  'submit' | 'return' | 'approve' | 'distribute' | 'corrections' | 'sanitised-variant' | 'lower-marking';

const notFoundStops = (count: number, error: unknown) =>
  !isApiError(error, 'not_found') && !isApiError(error, 'forbidden') && count < 2;

export const useSitrepList = (filters: SitrepFilters) =>
  useInfiniteQuery({
    queryKey: sitrepKeys.list(filters),
    queryFn: ({ pageParam, signal }) => sitrepsApi.list(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });

/** The report; a draft is refetched every half minute so that presence and others' saves show. */
export const useSitrep = (id: string) =>
  useQuery({
    queryKey: sitrepKeys.one(id),
    queryFn: ({ signal }) => sitrepsApi.get(id, signal),
    retry: notFoundStops,
    refetchInterval: (query) => (query.state.data?.draft ? 30_000 : false),
  });

export const useSitrepVersion = (id: string, number: number | null) =>
  useQuery({
    queryKey: sitrepKeys.version(id, number ?? 0),
    queryFn: ({ signal }) => sitrepsApi.version(id, number ?? 0, signal),
    enabled: number !== null,
    retry: notFoundStops,
    staleTime: Infinity,
  });

export const useSitrepDiff = (id: string, number: number | null) =>
  useQuery({
    queryKey: sitrepKeys.diff(id, number ?? 0),
    queryFn: ({ signal }) => sitrepsApi.diff(id, number ?? 0, signal),
    enabled: number !== null,
    retry: notFoundStops,
    staleTime: Infinity,
  });

export const useReceipts = (id: string, version: number | undefined, enabled: boolean) =>
  useQuery({
    queryKey: [...sitrepKeys.receipts(id), version ?? 'latest'],
    queryFn: ({ signal }) => sitrepsApi.receipts(id, version, signal),
    enabled,
    retry: notFoundStops,
  });

export const useTemplates = () =>
  useQuery({ queryKey: sitrepKeys.templates, queryFn: ({ signal }) => sitrepsApi.templates(signal) });

export const useElections = () =>
  useQuery({
    queryKey: ['elections'],
    queryFn: () => api.get<ElectionList>('/api/v1/elections'),
    staleTime: 5 * 60_000,
  });

export const useIncidentSearch = (q: string) =>
  useQuery({
    queryKey: ['incidents', 'list', { q, limit: 10, for: 'sitrep' }],
    queryFn: ({ signal }) => sitrepsApi.searchIncidents(q, signal),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });

/** After any change to a report: the draft, its versions and the lists are refetched. */
export const useInvalidateSitrep = (id: string) => {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: sitrepKeys.one(id) });
    void queryClient.invalidateQueries({ queryKey: sitrepKeys.lists });
  };
};

export const useUpdateSitrep = (id: string) => {
  const invalidate = useInvalidateSitrep(id);
  return useMutation({
    mutationFn: (body: UpdateSitrep) => sitrepsApi.update(id, body),
    onSettled: invalidate,
  });
};

export const useCreateSitrep = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sitrepsApi.create,
    onSuccess: (sitrep) => {
      queryClient.setQueryData(sitrepKeys.one(sitrep.id), sitrep);
      void queryClient.invalidateQueries({ queryKey: sitrepKeys.lists });
    },
  });
};

export const useWorkflowAction = (id: string) => {
  const invalidate = useInvalidateSitrep(id);
  return useMutation({
    mutationFn: ({ action, body }: { action: WorkflowAction; body?: unknown }) =>
      sitrepsApi.action(id, action, body),
    onSettled: invalidate,
  });
};

export const useUpdateTemplate = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateTemplate }) => sitrepsApi.updateTemplate(id, body),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: sitrepKeys.templates }),
  });
};

export type { Tlp };
