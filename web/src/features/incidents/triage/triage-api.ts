import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { BulkRequest, bulkResultSchema } from '../../../../../shared/contracts/incidents.js';
import { api } from '../../../lib/api.js';
import { incidentKeys } from '../incidents-api.js';

export type BulkResult = z.infer<typeof bulkResultSchema>;
export type BulkAction = BulkRequest['action'];

/** One action on many incidents; the server applies it to all of them or to none. */
export const useBulkAction = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkRequest) => api.post<BulkResult>('/api/v1/incidents/bulk', body),
    onSuccess: async (result) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: incidentKeys.lists }),
        ...result.ids.map((id) => queryClient.invalidateQueries({ queryKey: incidentKeys.one(id) })),
      ]);
    },
  });
};
