import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type { Tlp } from '../../../../shared/access/tlp.js';
import type {
  CreatePartnerFeed,
  FeedPollOutcome,
  PartnerFeed,
  UpdatePartnerFeed,
} from '../../../../shared/contracts/exchange-feeds.js';
import type {
  AcceptWorkbench,
  BundleImportResult,
  ImportObjectResult,
  ImportOutcome,
  MergeWorkbench,
  RejectWorkbench,
  StixImport,
  StixImportDetail,
  WorkbenchDecision,
  WorkbenchItem,
  WorkbenchItemSummary,
  WorkbenchKind,
  WorkbenchStatus,
} from '../../../../shared/contracts/exchange-imports.js';
import type { MispImportResult } from '../../../../shared/contracts/exchange-misp.js';
import type {
  CreatedPartnerToken,
  CreatePartner,
  Partner,
  PartnerList,
  PartnerToken,
  PartnerTokenList,
  PartnerView,
  RedactRelease,
  Release,
  ReleasedList,
  ReleasePage,
  ReleaseStatus,
  ReleaseSummary,
  UpdatePartner,
} from '../../../../shared/contracts/exchange-partners.js';
import type { incidentListSchema } from '../../../../shared/contracts/incidents.js';
import type { importSourceSchema } from '../../../../shared/contracts/exchange.js';
import { api, withQuery } from '../../lib/api.js';

export type {
  BundleImportResult,
  CreatedPartnerToken,
  FeedPollOutcome,
  ImportObjectResult,
  ImportOutcome,
  MispImportResult,
  Partner,
  PartnerFeed,
  PartnerToken,
  PartnerView,
  Release,
  ReleaseStatus,
  ReleaseSummary,
  StixImport,
  StixImportDetail,
  Tlp,
  WorkbenchDecision,
  WorkbenchItem,
  WorkbenchItemSummary,
  WorkbenchKind,
  WorkbenchStatus,
};
export type ImportSource = z.infer<typeof importSourceSchema>;
export type StixObject = Record<string, unknown>;
type IncidentList = z.infer<typeof incidentListSchema>;

const base = '/api/v1/exchange';
const enc = encodeURIComponent;
const partnerPath = (id: string) => `${base}/partners/${enc(id)}`;
const feedPath = (partnerId: string, feedId: string) => `${partnerPath(partnerId)}/feeds/${enc(feedId)}`;
const releasePath = (id: string) => `${base}/releases/${enc(id)}`;
const workbenchPath = (id: string) => `${base}/workbench/${enc(id)}`;

/** Where a partner's TAXII client reads and writes: the collection under our one API root. */
export const taxiiApiRoot = () => `${window.location.origin}/taxii2/vaalivahti/`;
export const taxiiCollectionUrl = (collectionId: string) => `${taxiiApiRoot()}collections/${collectionId}/`;

/**
 * Query keys: everything of the feature starts with 'exchange', so that a decision anywhere (a
 * release approved, an item accepted) can refresh the counts shown elsewhere in one invalidation.
 */
export const exchangeKeys = {
  all: ['exchange'] as const,
  partners: ['exchange', 'partners'] as const,
  partner: (id: string) => ['exchange', 'partners', id] as const,
  tokens: (id: string) => ['exchange', 'partners', id, 'tokens'] as const,
  feeds: (id: string) => ['exchange', 'partners', id, 'feeds'] as const,
  released: (id: string) => ['exchange', 'partners', id, 'released'] as const,
  view: (id: string, version: 'last' | 'all') => ['exchange', 'partners', id, 'view', version] as const,
  releases: (filters: ReleaseFilters) => ['exchange', 'releases', filters] as const,
  release: (id: string) => ['exchange', 'release', id] as const,
  workbench: (filters: WorkbenchFilters) => ['exchange', 'workbench', filters] as const,
  workbenchItem: (id: string) => ['exchange', 'workbench-item', id] as const,
  imports: ['exchange', 'imports'] as const,
  import: (id: string, outcome: ImportOutcome | undefined) =>
    ['exchange', 'import', id, outcome ?? 'all'] as const,
};

export interface ReleaseFilters {
  status?: ReleaseStatus;
  partnerId?: string;
}
export interface WorkbenchFilters {
  status?: WorkbenchStatus;
  kind?: WorkbenchKind;
}

type Page<T> = { items: T[]; nextCursor: string | null };

export const exchangeApi = {
  partners: (signal?: AbortSignal) => api.get<PartnerList>(`${base}/partners`, { signal }),
  partner: (id: string, signal?: AbortSignal) => api.get<Partner>(partnerPath(id), { signal }),
  createPartner: (body: CreatePartner) => api.post<Partner>(`${base}/partners`, body),
  updatePartner: (id: string, body: UpdatePartner) => api.patch<Partner>(partnerPath(id), body),
  deletePartner: (id: string) => api.delete<void>(partnerPath(id)),
  tokens: (id: string, signal?: AbortSignal) =>
    api.get<PartnerTokenList>(`${partnerPath(id)}/tokens`, { signal }),
  createToken: (id: string, name: string) =>
    api.post<CreatedPartnerToken>(`${partnerPath(id)}/tokens`, { name }),
  revokeToken: (id: string, tokenId: string) => api.delete<void>(`${partnerPath(id)}/tokens/${enc(tokenId)}`),
  feeds: (id: string, signal?: AbortSignal) =>
    api.get<{ items: PartnerFeed[] }>(`${partnerPath(id)}/feeds`, { signal }),
  createFeed: (id: string, body: CreatePartnerFeed) =>
    api.post<PartnerFeed>(`${partnerPath(id)}/feeds`, body),
  updateFeed: (id: string, feedId: string, body: UpdatePartnerFeed) =>
    api.patch<PartnerFeed>(feedPath(id, feedId), body),
  deleteFeed: (id: string, feedId: string) => api.delete<void>(feedPath(id, feedId)),
  pollFeed: (id: string, feedId: string) => api.post<FeedPollOutcome>(`${feedPath(id, feedId)}/poll`),
  released: (id: string, signal?: AbortSignal) =>
    api.get<ReleasedList>(`${partnerPath(id)}/released`, { signal }),
  view: (id: string, version: 'last' | 'all', cursor: string | null, signal?: AbortSignal) =>
    api.get<PartnerView>(withQuery(`${partnerPath(id)}/view`, { version, cursor, limit: 50 }), { signal }),
  releases: (filters: ReleaseFilters, cursor: string | null, signal?: AbortSignal) =>
    api.get<ReleasePage>(withQuery(`${base}/releases`, { ...filters, cursor, limit: 50 }), { signal }),
  release: (id: string, signal?: AbortSignal) => api.get<Release>(releasePath(id), { signal }),
  redact: (id: string, body: RedactRelease) => api.post<Release>(`${releasePath(id)}/redact`, body),
  approve: (id: string) => api.post<Release>(`${releasePath(id)}/approve`),
  hold: (id: string, reason: string) => api.post<Release>(`${releasePath(id)}/hold`, { reason }),
  workbench: (filters: WorkbenchFilters, cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<WorkbenchItemSummary>>(withQuery(`${base}/workbench`, { ...filters, cursor, limit: 50 }), {
      signal,
    }),
  workbenchItem: (id: string, signal?: AbortSignal) => api.get<WorkbenchItem>(workbenchPath(id), { signal }),
  accept: (id: string, body: AcceptWorkbench) =>
    api.post<WorkbenchDecision>(`${workbenchPath(id)}/accept`, body),
  merge: (id: string, body: MergeWorkbench) =>
    api.post<WorkbenchDecision>(`${workbenchPath(id)}/merge`, body),
  reject: (id: string, body: RejectWorkbench) =>
    api.post<WorkbenchDecision>(`${workbenchPath(id)}/reject`, body),
  imports: (cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<StixImport>>(withQuery(`${base}/imports`, { cursor, limit: 50 }), { signal }),
  import: (id: string, outcome: ImportOutcome | undefined, after: number, signal?: AbortSignal) =>
    api.get<StixImportDetail>(
      withQuery(`${base}/imports/${enc(id)}`, { outcome, after: after < 0 ? undefined : after, limit: 500 }),
      { signal },
    ),
  uploadStix: (bundle: unknown, defaultTlp: Tlp, partnerId: string | null) =>
    api.post<BundleImportResult>(
      withQuery('/api/v1/stix/bundles', { source: 'file', defaultTlp, partnerId }),
      bundle,
    ),
  uploadMisp: (events: unknown, defaultTlp: Tlp) =>
    api.post<MispImportResult>(withQuery('/api/v1/misp/events', { defaultTlp }), events),
  searchIncidents: (q: string, signal?: AbortSignal) =>
    api.get<IncidentList>(withQuery('/api/v1/incidents', { q, limit: 20, sort: 'updated' }), { signal }),
};

export const usePartners = (enabled = true) =>
  useQuery({
    queryKey: exchangeKeys.partners,
    queryFn: ({ signal }) => exchangeApi.partners(signal),
    enabled,
  });

export const usePartner = (id: string) =>
  useQuery({
    queryKey: exchangeKeys.partner(id),
    queryFn: ({ signal }) => exchangeApi.partner(id, signal),
  });

export const usePartnerTokens = (id: string) =>
  useQuery({ queryKey: exchangeKeys.tokens(id), queryFn: ({ signal }) => exchangeApi.tokens(id, signal) });

export const usePartnerFeeds = (id: string) =>
  useQuery({ queryKey: exchangeKeys.feeds(id), queryFn: ({ signal }) => exchangeApi.feeds(id, signal) });

export const useReleasedToPartner = (id: string) =>
  useQuery({
    queryKey: exchangeKeys.released(id),
    queryFn: ({ signal }) => exchangeApi.released(id, signal),
  });

export const usePartnerView = (id: string, version: 'last' | 'all') =>
  useInfiniteQuery({
    queryKey: exchangeKeys.view(id, version),
    queryFn: ({ pageParam, signal }) => exchangeApi.view(id, version, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export const useReleaseQueue = (filters: ReleaseFilters, enabled = true) =>
  useInfiniteQuery({
    queryKey: exchangeKeys.releases(filters),
    enabled,
    queryFn: ({ pageParam, signal }) => exchangeApi.releases(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });

export const useRelease = (id: string) =>
  useQuery({
    queryKey: exchangeKeys.release(id),
    queryFn: ({ signal }) => exchangeApi.release(id, signal),
  });

export const useWorkbench = (filters: WorkbenchFilters) =>
  useInfiniteQuery({
    queryKey: exchangeKeys.workbench(filters),
    queryFn: ({ pageParam, signal }) => exchangeApi.workbench(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: keepPreviousData,
  });

export const useWorkbenchItem = (id: string) =>
  useQuery({
    queryKey: exchangeKeys.workbenchItem(id),
    queryFn: ({ signal }) => exchangeApi.workbenchItem(id, signal),
  });

export const useImports = () =>
  useInfiniteQuery({
    queryKey: exchangeKeys.imports,
    queryFn: ({ pageParam, signal }) => exchangeApi.imports(pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

export const useImport = (id: string, outcome: ImportOutcome | undefined) =>
  useInfiniteQuery({
    queryKey: exchangeKeys.import(id, outcome),
    queryFn: ({ pageParam, signal }) => exchangeApi.import(id, outcome, pageParam, signal),
    initialPageParam: -1,
    getNextPageParam: (page) => page.nextAfter ?? undefined,
    placeholderData: keepPreviousData,
  });

export const useIncidentSearch = (q: string) =>
  useQuery({
    queryKey: ['incidents', 'title-search', 'exchange', q],
    queryFn: ({ signal }) => exchangeApi.searchIncidents(q, signal),
    enabled: q.trim().length >= 2,
    placeholderData: keepPreviousData,
  });

/** After any change in the feature: its lists, counts and open records are refetched. */
const useInvalidateExchange = () => {
  const queryClient = useQueryClient();
  return () => void queryClient.invalidateQueries({ queryKey: exchangeKeys.all });
};

export const useExchangeMutation = <TInput, TOutput>(mutationFn: (input: TInput) => Promise<TOutput>) => {
  const invalidate = useInvalidateExchange();
  return useMutation({ mutationFn, onSuccess: invalidate });
};

/** A release decision: the answer is the release itself, put in the cache before the refetch. */
export const useReleaseMutation = <TInput>(id: string, mutationFn: (input: TInput) => Promise<Release>) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (release) => {
      queryClient.setQueryData(exchangeKeys.release(id), release);
      void queryClient.invalidateQueries({
        queryKey: exchangeKeys.all,
        predicate: (query) => query.queryKey[1] !== 'release',
      });
    },
  });
};
