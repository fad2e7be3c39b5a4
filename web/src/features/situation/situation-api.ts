import type { AreaList, AreaType } from '../../../../shared/contracts/areas.js';
import type { ElectionList } from '../../../../shared/contracts/elections.js';
import type { Situation, SituationVisit } from '../../../../shared/contracts/situation.js';
import { api, withQuery } from '../../lib/api.js';
import type { SituationView } from './situation-search.js';

export type { Situation };

export interface GeoFeatureCollection {
  type: 'FeatureCollection';
  features: { type: 'Feature'; properties: Record<string, unknown>; geometry: unknown }[];
}

/**
 * Query keys. The situation starts with 'situation' so that the live stream refetches it on every
 * incident change (lib/live.ts); elections and areas change seldom and are cached longer.
 */
export const situationKeys = {
  situation: (electionId: string, view: SituationView, since: string) =>
    ['situation', electionId, { ...view, since }] as const,
  visit: (electionId: string) => ['situation-visit', electionId] as const,
  elections: ['elections'] as const,
  areas: ['areas', 'all'] as const,
  geo: (type: AreaType) => ['areas', 'geo', type] as const,
};

const electionPath = (id: string) => `/api/v1/elections/${encodeURIComponent(id)}`;

export const situationApi = {
  get: (electionId: string, view: SituationView, since: string | null, signal?: AbortSignal) =>
    api.get<Situation>(
      withQuery(`${electionPath(electionId)}/situation`, {
        area: view.area,
        mapLevel: view.mapLevel,
        bucket: view.bucket,
        since,
      }),
      { signal },
    ),
  visit: (electionId: string) => api.post<SituationVisit>(`${electionPath(electionId)}/situation/visit`),
  elections: () => api.get<ElectionList>('/api/v1/elections'),
  areas: () => api.get<AreaList>('/api/v1/areas'),
  geo: (type: AreaType, signal?: AbortSignal) =>
    api.get<GeoFeatureCollection>(`/api/v1/areas/geo/${type}`, { signal }),
};
