import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { onApiError } from '../lib/api.js';
import { changeLocale } from '../lib/i18n.js';
import { clearUserData, meQueryKey, useMe } from '../lib/session.js';

/** Reacts in one place to an expired session or a restriction, wherever the request came from. */
export const SessionEvents = () => {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { data: me } = useMe();

  useEffect(
    () =>
      onApiError((error, path) => {
        if (path.startsWith('/api/v1/auth/')) return;
        if (error.code === 'unauthenticated' && queryClient.getQueryData(meQueryKey)) {
          clearUserData(queryClient);
          const next = `${location.pathname}${location.search}`;
          void navigate(`/sign-in?reason=expired&next=${encodeURIComponent(next)}`, { replace: true });
        }
        if (error.code === 'password_change_required' || error.code === 'two_factor_enrolment_required') {
          void queryClient.invalidateQueries({ queryKey: meQueryKey });
        }
      }),
    [queryClient, navigate, location],
  );

  useEffect(() => {
    if (me?.locale) void changeLocale(me.locale);
  }, [me?.id, me?.locale]);

  return null;
};
