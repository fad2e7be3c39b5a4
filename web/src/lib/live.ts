/**
 * Live updates: while someone is signed in, one EventSource per tab on /api/v1/stream, and every
 * change it announces invalidates the cached queries it touches, so lists and pages refetch
 * (through the access-checked API: the stream carries ids, never content).
 *
 * Query-key convention — a feature's data updates live only if its keys follow it:
 *   ['incidents', …]                       every list, count, facet or search of incidents;
 *                                          invalidated on any incident change
 *   ['incident', 'incident--<uuid>', …]    one incident and everything under it (history,
 *                                          comments, links, attachments, lock …); invalidated
 *                                          when that incident changes
 *   ['notifications', …]                   the user's notifications; invalidated when one is created
 *   ['situation', electionId, …]           situation pictures (counts, map, timeline, what changed);
 *                                          invalidated on any incident or threat-level change
 *   ['threat-levels', electionId, …]       one election's threat levels, history and proposals
 *                                          (electionId: the uuid); invalidated on `threat_level`
 *                                          events of that election
 * A `reset` (more was missed than the server replays) invalidates all of them.
 */
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { STREAM_PATH } from '../../../shared/contracts/stream.js';
import { meQueryKey, useMe } from './session.js';

export const liveQueryKeys = {
  incidentLists: ['incidents'] as const,
  incident: (id: string) => ['incident', id] as const,
  allIncidents: ['incident'] as const,
  notifications: ['notifications'] as const,
  situation: ['situation'] as const,
  threatLevels: (electionId: string) => ['threat-levels', electionId] as const,
  allThreatLevels: ['threat-levels'] as const,
};

/** Changes arriving together (a replay after reconnecting) cause one refetch per query, not one each. */
const FLUSH_MS = 250;
const FIRST_RETRY_MS = 3000;
const MAX_RETRY_MS = 60_000;

const parseIncidentId = (data: string): string | undefined => {
  try {
    const { incidentId } = JSON.parse(data) as { incidentId?: unknown };
    return typeof incidentId === 'string' ? incidentId : undefined;
  } catch {
    return undefined;
  }
};

const parseElectionId = (data: string): string | undefined => {
  try {
    const { electionId } = JSON.parse(data) as { electionId?: unknown };
    return typeof electionId === 'string' ? electionId : undefined;
  } catch {
    return undefined;
  }
};

const connect = (queryClient: QueryClient): (() => void) => {
  let source: EventSource | undefined;
  let lastEventId: string | undefined;
  let retryMs = FIRST_RETRY_MS;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  const changed = new Set<string>();
  let lists = false;
  let notifications = false;
  let situation = false;
  const threatLevelElections = new Set<string>();

  const flush = () => {
    flushTimer = undefined;
    if (lists) void queryClient.invalidateQueries({ queryKey: liveQueryKeys.incidentLists });
    if (lists || situation) void queryClient.invalidateQueries({ queryKey: liveQueryKeys.situation });
    for (const id of changed) void queryClient.invalidateQueries({ queryKey: liveQueryKeys.incident(id) });
    if (notifications) void queryClient.invalidateQueries({ queryKey: liveQueryKeys.notifications });
    for (const id of threatLevelElections)
      void queryClient.invalidateQueries({ queryKey: liveQueryKeys.threatLevels(id) });
    threatLevelElections.clear();
    changed.clear();
    lists = false;
    notifications = false;
    situation = false;
  };
  const later = () => {
    flushTimer ??= setTimeout(flush, FLUSH_MS);
  };

  const open = () => {
    retryTimer = undefined;
    // A new EventSource does not send Last-Event-ID by itself: say where to resume.
    const url = lastEventId ? `${STREAM_PATH}?lastEventId=${encodeURIComponent(lastEventId)}` : STREAM_PATH;
    const current = new EventSource(url);
    source = current;
    current.addEventListener('open', () => {
      retryMs = FIRST_RETRY_MS;
    });
    current.addEventListener('ready', (event) => {
      lastEventId = event.lastEventId;
    });
    current.addEventListener('incident', (event) => {
      lastEventId = event.lastEventId;
      const id = parseIncidentId(event.data);
      lists = true;
      if (id) changed.add(id);
      later();
    });
    // A threat level changed: the situation pictures show it on their timelines.
    current.addEventListener('threat_level', (event) => {
      situation = true;
      const electionId = parseElectionId(event.data);
      if (electionId) threatLevelElections.add(electionId);
      later();
    });
    current.addEventListener('notification', () => {
      notifications = true;
      later();
    });
    current.addEventListener('reset', (event) => {
      lastEventId = event.lastEventId;
      void queryClient.invalidateQueries({ queryKey: liveQueryKeys.incidentLists });
      void queryClient.invalidateQueries({ queryKey: liveQueryKeys.allIncidents });
      void queryClient.invalidateQueries({ queryKey: liveQueryKeys.notifications });
      void queryClient.invalidateQueries({ queryKey: liveQueryKeys.situation });
      void queryClient.invalidateQueries({ queryKey: liveQueryKeys.allThreatLevels });
    });
    current.addEventListener('error', () => {
      // While CONNECTING the browser retries by itself (sending Last-Event-ID). CLOSED means it
      // gave up: an error status (a restart answering 503, an ended session answering 401).
      if (current.readyState !== EventSource.CLOSED) return;
      current.close();
      // Rechecks the session: if it has ended, the app's error handling takes the user to sign-in.
      void queryClient.invalidateQueries({ queryKey: meQueryKey });
      retryTimer = setTimeout(open, retryMs);
      retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
    });
  };

  open();
  return () => {
    clearTimeout(retryTimer);
    clearTimeout(flushTimer);
    source?.close();
  };
};

/** Mount once, in the signed-in app shell. */
export const useLiveUpdates = (): void => {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const userId = me && !me.restriction ? me.id : undefined;
  useEffect(() => {
    if (!userId || typeof EventSource === 'undefined') return undefined;
    return connect(queryClient);
  }, [userId, queryClient]);
};
