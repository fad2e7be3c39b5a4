import type {
  Attachment,
  Comment,
  Corroboration,
  CreateCorroboration,
  IncidentLink,
  LinkKind,
  MentionableUser,
  UpdateCorroboration,
} from '../../../../../shared/contracts/collaboration.js';
import { api, ApiError, withQuery, type ClientErrorCode } from '../../../lib/api.js';

export type { Attachment, Comment, Corroboration, IncidentLink, LinkKind, MentionableUser };

interface Items<T> {
  items: T[];
}

const base = (incidentId: string) => `/api/v1/incidents/${encodeURIComponent(incidentId)}`;

export const collaborationKeys = {
  links: (id: string) => ['incident-collaboration', id, 'links'] as const,
  corroborations: (id: string) => ['incident-collaboration', id, 'corroborations'] as const,
  comments: (id: string) => ['incident-collaboration', id, 'comments'] as const,
  attachments: (id: string) => ['incident-collaboration', id, 'attachments'] as const,
  owner: (id: string) => ['incident-collaboration', id, 'owner'] as const,
};

export interface IncidentSearchHit {
  id: string;
  title: string;
}

export const collaborationApi = {
  links: (id: string) => api.get<Items<IncidentLink>>(`${base(id)}/links`),
  addLink: (id: string, targetId: string, kind: LinkKind) =>
    api.post<IncidentLink>(`${base(id)}/links`, { targetId, kind }),
  removeLink: (id: string, linkId: string) => api.delete<void>(`${base(id)}/links/${linkId}`),
  merge: (id: string, survivorId: string) => api.post<void>(`${base(id)}/merge`, { survivorId }),
  searchIncidents: (q: string) =>
    api.get<Items<IncidentSearchHit>>(withQuery('/api/v1/incidents', { q, limit: 10 })),
  owner: (id: string) => api.get<{ ownerOrganisationId: string }>(base(id)),

  corroborations: (id: string) => api.get<Items<Corroboration>>(`${base(id)}/corroborations`),
  corroborate: (id: string, body: CreateCorroboration) =>
    api.post<Corroboration>(`${base(id)}/corroborations`, body),
  updateCorroboration: (id: string, cid: string, body: UpdateCorroboration) =>
    api.patch<Corroboration>(`${base(id)}/corroborations/${cid}`, body),
  withdrawCorroboration: (id: string, cid: string) => api.delete<void>(`${base(id)}/corroborations/${cid}`),

  comments: (id: string) => api.get<Items<Comment>>(`${base(id)}/comments`),
  addComment: (id: string, body: string) => api.post<Comment>(`${base(id)}/comments`, { body }),
  editComment: (id: string, cid: string, body: string) =>
    api.patch<Comment>(`${base(id)}/comments/${cid}`, { body }),
  deleteComment: (id: string, cid: string) => api.delete<void>(`${base(id)}/comments/${cid}`),
  mentionable: (id: string, q: string) =>
    api.get<Items<MentionableUser>>(withQuery(`${base(id)}/mentionable-users`, { q })),

  attachments: (id: string) => api.get<Items<Attachment>>(`${base(id)}/attachments`),
  downloadUrl: (id: string, aid: string) => `${base(id)}/attachments/${aid}`,
  deleteAttachment: (id: string, aid: string) => api.delete<void>(`${base(id)}/attachments/${aid}`),
  /** The body is the file itself; the shared client speaks JSON only. */
  upload: async (id: string, file: File): Promise<Attachment> => {
    let response: Response;
    try {
      response = await fetch(withQuery(`${base(id)}/attachments`, { filename: file.name }), {
        method: 'POST',
        headers: { accept: 'application/json', 'content-type': file.type || 'application/octet-stream' },
        credentials: 'same-origin',
        body: file,
      });
    } catch {
      throw new ApiError({ code: 'network', status: 0, message: 'Network error' });
    }
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok)
      throw new ApiError({
        code: (typeof body.code === 'string' ? body.code : 'unknown') as ClientErrorCode,
        status: response.status,
        message: typeof body.message === 'string' ? body.message : response.statusText,
        requestId: typeof body.requestId === 'string' ? body.requestId : null,
      });
    return body as unknown as Attachment;
  },
};

export const formatBytes = (bytes: number, locale: string): string => {
  const units = ['B', 'kB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value)} ${units[unit]}`;
};
