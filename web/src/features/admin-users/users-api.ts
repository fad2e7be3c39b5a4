import type { z } from 'zod';
import type {
  CreateUser,
  UpdateUser,
  User,
  oneTimePasswordSchema,
  userListSchema,
} from '../../../../shared/contracts/users.js';
import { api, withQuery } from '../../lib/api.js';

export type UserList = z.infer<typeof userListSchema>;
export type UserWithPassword = z.infer<typeof oneTimePasswordSchema>;
export type { User };

export interface UserFilters {
  q: string;
  organisationId: string | null;
}

export const usersQueryKey = ['users'] as const;

export const usersApi = {
  list: (filters: UserFilters, cursor: string | null, signal?: AbortSignal) =>
    api.get<UserList>(
      withQuery('/api/v1/users', {
        q: filters.q.trim(),
        organisationId: filters.organisationId,
        cursor,
        limit: 50,
      }),
      { signal },
    ),
  create: (body: CreateUser) => api.post<UserWithPassword>('/api/v1/users', body),
  update: (id: string, body: UpdateUser) => api.patch<User>(`/api/v1/users/${encodeURIComponent(id)}`, body),
  resetPassword: (id: string) =>
    api.post<UserWithPassword>(`/api/v1/users/${encodeURIComponent(id)}/reset-password`, {}),
};
