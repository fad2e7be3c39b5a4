import type { z } from 'zod';
import type {
  disarmTechniqueListSchema,
  incidentTechniqueListSchema,
} from '../../../../../shared/contracts/disarm.js';
import type {
  incidentNarrativeListSchema,
  narrativeListSchema,
} from '../../../../../shared/contracts/narratives.js';
import type {
  AddObservable,
  IncidentObservable,
  incidentObservableListSchema,
  observableIncidentPageSchema,
} from '../../../../../shared/contracts/observables.js';
import { api, request, withQuery } from '../../../lib/api.js';

export type IncidentObservableList = z.infer<typeof incidentObservableListSchema>;
export type ObservableIncidentPage = z.infer<typeof observableIncidentPageSchema>;
export type IncidentTechniqueList = z.infer<typeof incidentTechniqueListSchema>;
export type TechniqueList = z.infer<typeof disarmTechniqueListSchema>;
export type IncidentNarrativeList = z.infer<typeof incidentNarrativeListSchema>;
export type NarrativeList = z.infer<typeof narrativeListSchema>;
export type { IncidentObservable };

const incident = (id: string) => `/api/v1/incidents/${encodeURIComponent(id)}`;

export const intelKeys = {
  observables: (incidentId: string) => ['intel', 'incident', incidentId, 'observables'] as const,
  otherIncidents: (observableId: string, incidentId: string) =>
    ['intel', 'observable', observableId, 'incidents', incidentId] as const,
  techniques: (incidentId: string) => ['intel', 'incident', incidentId, 'techniques'] as const,
  techniqueSearch: (q: string) => ['intel', 'techniques', q] as const,
  narratives: (incidentId: string) => ['intel', 'incident', incidentId, 'narratives'] as const,
  narrativeSearch: (q: string) => ['intel', 'narratives', 'search', q] as const,
};

export const intelSectionsApi = {
  observables: (incidentId: string) => api.get<IncidentObservableList>(`${incident(incidentId)}/observables`),
  addObservable: (incidentId: string, body: AddObservable) =>
    api.post<IncidentObservable>(`${incident(incidentId)}/observables`, body),
  removeObservable: (incidentId: string, observableId: string) =>
    api.delete<void>(`${incident(incidentId)}/observables/${encodeURIComponent(observableId)}`),
  otherIncidents: (observableId: string, incidentId: string) =>
    api.get<ObservableIncidentPage>(
      withQuery(`/api/v1/observables/${encodeURIComponent(observableId)}/incidents`, {
        excludeIncidentId: incidentId,
        limit: 20,
      }),
    ),
  techniques: (incidentId: string) => api.get<IncidentTechniqueList>(`${incident(incidentId)}/techniques`),
  setTechniques: (incidentId: string, techniqueIds: string[]) =>
    request<IncidentTechniqueList>('PUT', `${incident(incidentId)}/techniques`, { techniqueIds }),
  searchTechniques: (q: string) =>
    api.get<TechniqueList>(withQuery('/api/v1/disarm/techniques', { q, limit: 30 })),
  narratives: (incidentId: string) => api.get<IncidentNarrativeList>(`${incident(incidentId)}/narratives`),
  searchNarratives: (q: string) => api.get<NarrativeList>(withQuery('/api/v1/narratives', { q, limit: 20 })),
  link: (incidentId: string, narrativeId: string) =>
    request<unknown>('PUT', `${incident(incidentId)}/narratives/${encodeURIComponent(narrativeId)}`),
  unlink: (incidentId: string, narrativeId: string) =>
    api.delete<void>(`${incident(incidentId)}/narratives/${encodeURIComponent(narrativeId)}`),
};
