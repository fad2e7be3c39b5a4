import type { z } from 'zod';
import type {
  AuditEvent,
  auditListSchema,
  auditVerificationSchema,
} from '../../../../shared/contracts/audit.js';
import type { userListSchema } from '../../../../shared/contracts/users.js';
import { api, withQuery } from '../../lib/api.js';

export type AuditList = z.infer<typeof auditListSchema>;
export type AuditVerification = z.infer<typeof auditVerificationSchema>;
export type { AuditEvent };

export interface AuditFilters {
  action: string;
  actorUserId: string | null;
  from?: string;
  to?: string;
}

export const auditApi = {
  list: (filters: AuditFilters, cursor: string | null, signal?: AbortSignal) =>
    api.get<AuditList>(
      withQuery('/api/v1/audit', {
        action: filters.action.trim(),
        actorUserId: filters.actorUserId,
        from: filters.from,
        to: filters.to,
        cursor,
        limit: 50,
      }),
      { signal },
    ),
  verify: () => api.get<AuditVerification>('/api/v1/audit/verify'),
  searchActors: (q: string, signal?: AbortSignal) =>
    api.get<z.infer<typeof userListSchema>>(withQuery('/api/v1/users', { q: q.trim(), limit: 20 }), {
      signal,
    }),
};
