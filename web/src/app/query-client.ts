import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '../lib/api.js';

const shouldRetry = (failureCount: number, error: unknown) => {
  if (isApiError(error) && error.status > 0 && error.status < 500) return false;
  return failureCount < 2;
};

export const createQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 15_000 },
      mutations: { retry: false },
    },
  });
