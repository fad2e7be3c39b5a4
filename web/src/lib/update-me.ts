import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Me, UpdateMe } from '../../../shared/contracts/me.js';
import { api } from './api.js';
import { meQueryKey } from './session.js';

export const useUpdateMe = () => {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: UpdateMe) => api.patch<Me>('/api/v1/me', changes),
    onMutate: (changes) => {
      const previous = queryClient.getQueryData<Me | null>(meQueryKey);
      if (previous) queryClient.setQueryData<Me>(meQueryKey, { ...previous, ...changes });
      return { previous };
    },
    onError: (_error, _changes, context) => {
      if (context?.previous) queryClient.setQueryData(meQueryKey, context.previous);
    },
    onSuccess: (me) => {
      if (me && typeof me === 'object' && 'id' in me) queryClient.setQueryData(meQueryKey, me);
      else void queryClient.invalidateQueries({ queryKey: meQueryKey });
    },
  });
};
