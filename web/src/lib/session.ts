import { useQuery, type QueryClient } from '@tanstack/react-query';
import { contentRoles, isReporterOnly } from '../../../shared/access/roles.js';
import type { Me } from '../../../shared/contracts/me.js';
import { api, isApiError } from './api.js';

export const meQueryKey = ['me'] as const;
export const configQueryKey = ['config'] as const;

export interface PublicConfig {
  demo: boolean;
  version: string;
}

export const fetchMe = async (): Promise<Me | null> => {
  try {
    return await api.get<Me>('/api/v1/me');
  } catch (error) {
    if (isApiError(error, 'unauthenticated')) return null;
    throw error;
  }
};

export const useMe = () => useQuery({ queryKey: meQueryKey, queryFn: fetchMe, staleTime: 60_000 });

/** The signed-in user, for components that render only behind the sign-in guard. */
export const useSignedInUser = (): Me => {
  const { data } = useMe();
  if (!data) throw new Error('useSignedInUser used outside the sign-in guard');
  return data;
};

export const useConfig = () =>
  useQuery({
    queryKey: configQueryKey,
    queryFn: () => api.get<PublicConfig>('/api/v1/config'),
    staleTime: Infinity,
    retry: 1,
  });

export const isAdmin = (me: Pick<Me, 'roles'>): boolean => me.roles.includes('admin');
export const hasContentRole = (me: Pick<Me, 'roles'>): boolean =>
  me.roles.some((role) => contentRoles.includes(role));

export const landingPath = (me: Pick<Me, 'roles'>): string =>
  isReporterOnly(me)
    ? '/report'
    : hasContentRole(me)
      ? '/situation'
      : isAdmin(me)
        ? '/admin/organisations'
        : '/profile';

export const restrictionPath = (me: Pick<Me, 'restriction'>): string | null => {
  switch (me.restriction) {
    case 'password_change_required':
      return '/change-password';
    case 'two_factor_enrolment_required':
      return '/two-factor-setup';
    default:
      return null;
  }
};

/** Forget everything cached for the previous user, keeping the public configuration. */
export const clearUserData = (queryClient: QueryClient) => {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== configQueryKey[0] });
  queryClient.setQueryData(meQueryKey, null);
};

export const signOut = async (queryClient: QueryClient) => {
  try {
    await api.post('/api/v1/auth/sign-out', {});
  } finally {
    clearUserData(queryClient);
  }
};

/** Only same-site paths may be returned to after sign-in. */
export const safeNextPath = (next: string | null): string | null =>
  next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : null;
