import type { z } from 'zod';
import type { DisarmMatrix } from '../../../../shared/contracts/disarm.js';
import type {
  CreateNarrative,
  linkedIncidentPageSchema,
  Narrative,
  narrativeListSchema,
  NarrativeTimeline,
  UpdateNarrative,
} from '../../../../shared/contracts/narratives.js';
import { api, withQuery } from '../../lib/api.js';

export type NarrativeList = z.infer<typeof narrativeListSchema>;
export type LinkedIncidentPage = z.infer<typeof linkedIncidentPageSchema>;
export type { DisarmMatrix, Narrative, NarrativeTimeline };

export type TimelineBucket = 'day' | 'week';
export type TimelineBasis = 'created_at' | 'first_seen';

const narrative = (id: string) => `/api/v1/narratives/${encodeURIComponent(id)}`;

export const intelPageKeys = {
  matrix: (electionId: string | null) => ['intel', 'matrix', electionId] as const,
  narratives: (q: string, status: string) => ['intel', 'narratives', 'list', q, status] as const,
  narrative: (id: string) => ['intel', 'narratives', 'one', id] as const,
  incidents: (id: string) => ['intel', 'narratives', 'one', id, 'incidents'] as const,
  timeline: (id: string, bucket: TimelineBucket, by: TimelineBasis) =>
    ['intel', 'narratives', 'one', id, 'timeline', bucket, by] as const,
};

export const intelApi = {
  matrix: (electionId: string | null) =>
    api.get<DisarmMatrix>(withQuery('/api/v1/disarm/matrix', { electionId })),
  narratives: (params: { q: string; status: string; cursor?: string | null }) =>
    api.get<NarrativeList>(
      withQuery('/api/v1/narratives', {
        q: params.q,
        status: params.status,
        cursor: params.cursor,
        limit: 50,
      }),
    ),
  narrative: (id: string) => api.get<Narrative>(narrative(id)),
  create: (body: CreateNarrative) => api.post<Narrative>('/api/v1/narratives', body),
  update: (id: string, body: UpdateNarrative) => api.patch<Narrative>(narrative(id), body),
  incidents: (id: string, cursor?: string | null) =>
    api.get<LinkedIncidentPage>(withQuery(`${narrative(id)}/incidents`, { cursor, limit: 50 })),
  timeline: (id: string, bucket: TimelineBucket, by: TimelineBasis) =>
    api.get<NarrativeTimeline>(withQuery(`${narrative(id)}/timeline`, { bucket, by })),
};
