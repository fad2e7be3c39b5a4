import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { IncidentDomain } from '../../../shared/contracts/incident-enums.js';
import type {
  CreateProposal,
  CurrentThreatLevels,
  DecideProposal,
  ProposalPage,
  SetThreatLevel,
  ThreatLevelEntry,
  ThreatLevelHistoryPage,
  ThreatLevelProposal,
} from '../../../shared/contracts/threat-levels.js';
import { api, withQuery } from './api.js';

export type { CurrentThreatLevels, ThreatLevelEntry, ThreatLevelProposal };

/**
 * Threat levels of one election, for any feature (election page, situation picture). Every key
 * starts with ['threat-levels', <election uuid>], which the live stream invalidates when a level or
 * a proposal of that election changes (lib/live.ts): pass the election's uuid, not its slug.
 */
export const threatLevelKeys = {
  election: (electionId: string) => ['threat-levels', electionId] as const,
  current: (electionId: string) => ['threat-levels', electionId, 'current'] as const,
  history: (electionId: string, domain: IncidentDomain | null) =>
    ['threat-levels', electionId, 'history', domain ?? 'all'] as const,
  pending: (electionId: string) => ['threat-levels', electionId, 'proposals', 'pending'] as const,
};

const electionPath = (electionId: string) => `/api/v1/elections/${encodeURIComponent(electionId)}`;

export const threatLevelsApi = {
  current: (electionId: string) => api.get<CurrentThreatLevels>(`${electionPath(electionId)}/threat-levels`),
  history: (
    electionId: string,
    query: { domain?: IncidentDomain | null; cursor?: string | null; limit?: number },
  ) =>
    api.get<ThreatLevelHistoryPage>(
      withQuery(`${electionPath(electionId)}/threat-levels/history`, {
        domain: query.domain,
        cursor: query.cursor,
        limit: query.limit,
      }),
    ),
  proposals: (electionId: string, status?: 'pending' | 'accepted' | 'rejected') =>
    api.get<ProposalPage>(
      withQuery(`${electionPath(electionId)}/threat-level-proposals`, { status, limit: 200 }),
    ),
  set: (electionId: string, body: SetThreatLevel) =>
    api.post<ThreatLevelEntry>(`${electionPath(electionId)}/threat-levels`, body),
  propose: (electionId: string, body: CreateProposal) =>
    api.post<ThreatLevelProposal>(`${electionPath(electionId)}/threat-level-proposals`, body),
  decide: (proposalId: string, body: DecideProposal) =>
    api.post<ThreatLevelProposal>(
      `/api/v1/threat-level-proposals/${encodeURIComponent(proposalId)}/decision`,
      body,
    ),
};

export const useThreatLevels = (electionId: string) =>
  useQuery({
    queryKey: threatLevelKeys.current(electionId),
    queryFn: () => threatLevelsApi.current(electionId),
  });

export const usePendingProposals = (electionId: string, enabled = true) =>
  useQuery({
    queryKey: threatLevelKeys.pending(electionId),
    queryFn: () => threatLevelsApi.proposals(electionId, 'pending'),
    enabled,
  });

export const useThreatLevelHistory = (electionId: string, domain: IncidentDomain | null, enabled = true) =>
  useInfiniteQuery({
    queryKey: threatLevelKeys.history(electionId, domain),
    queryFn: ({ pageParam }) => threatLevelsApi.history(electionId, { domain, cursor: pageParam, limit: 20 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled,
  });

/** Set, propose or decide: afterwards everything of the election's threat levels is fetched again. */
export const useThreatLevelMutation = <T, R>(electionId: string, run: (input: T) => Promise<R>) => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: threatLevelKeys.election(electionId) }),
  });
};
