import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Button } from '../components/button.js';
import { ErrorBanner } from '../components/error-banner.js';
import { Loading } from '../components/loading.js';
import { PageHeader } from '../components/page-header.js';
import {
  hasContentRole,
  isAdmin,
  landingPath,
  restrictionPath,
  useMe,
  useSignedInUser,
} from '../lib/session.js';

const restrictedPaths = new Set(['/change-password', '/two-factor-setup']);

const CenteredStatus = ({ children }: { children: ReactNode }) => (
  <main id="main" className="public-main" tabIndex={-1}>
    {children}
  </main>
);

export const RequireSession = () => {
  const { t } = useTranslation();
  const location = useLocation();
  const { data: me, isPending, error, refetch } = useMe();
  if (isPending) {
    return (
      <CenteredStatus>
        <Loading />
      </CenteredStatus>
    );
  }
  if (error) {
    return (
      <CenteredStatus>
        <ErrorBanner error={error} />
        <Button onPress={() => void refetch()}>{t('common.retry')}</Button>
      </CenteredStatus>
    );
  }
  if (!me) {
    const next = `${location.pathname}${location.search}`;
    const search = next === '/' ? '' : `?next=${encodeURIComponent(next)}`;
    return <Navigate to={`/sign-in${search}`} replace />;
  }
  const required = restrictionPath(me);
  if (required && location.pathname !== required) return <Navigate to={required} replace />;
  if (!required && restrictedPaths.has(location.pathname)) return <Navigate to={landingPath(me)} replace />;
  return <Outlet />;
};

export const Landing = () => <Navigate to={landingPath(useSignedInUser())} replace />;

const NoAccess = () => {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('noAccess.title')} />
      <p>{t('noAccess.body')}</p>
    </>
  );
};

export const RequireAdmin = () => (isAdmin(useSignedInUser()) ? <Outlet /> : <NoAccess />);
export const RequireContentRole = () => (hasContentRole(useSignedInUser()) ? <Outlet /> : <NoAccess />);
