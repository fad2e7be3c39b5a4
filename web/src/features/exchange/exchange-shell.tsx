import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet } from 'react-router';
import { PageHeader } from '../../components/page-header.js';
import { useSignedInUser } from '../../lib/session.js';
import { usePartners, useWorkbench } from './exchange-api.js';
import { managesPartners, reviewsImports } from './exchange-words.js';

const Count = ({ count, more }: { count: number | undefined; more?: boolean }) => {
  const { t } = useTranslation();
  if (!count) return null;
  return (
    <span className="exchange-count">
      <span aria-hidden="true">{more ? `${count}+` : count}</span>
      <span className="visually-hidden">{t('exchange.tabs.waiting', { count })}</span>
    </span>
  );
};

const PendingReleases = () => {
  const partners = usePartners();
  return <Count count={partners.data?.items.reduce((sum, p) => sum + p.pendingReleaseCount, 0)} />;
};

const PendingItems = () => {
  const items = useWorkbench({ status: 'pending' });
  const first = items.data?.pages[0];
  return <Count count={first?.items.length} more={Boolean(first?.nextCursor)} />;
};

/** The sections of the exchange a person may work in: coordinators all four, analysts two. */
export const ExchangeTabs = () => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const coordinator = managesPartners(me);
  return (
    <nav aria-label={t('exchange.tabs.label')}>
      <ul className="exchange-tabs">
        {coordinator ? (
          <li>
            <NavLink to="/exchange/releases">
              {t('exchange.tabs.releases')} <PendingReleases />
            </NavLink>
          </li>
        ) : null}
        <li>
          <NavLink to="/exchange/workbench">
            {t('exchange.tabs.workbench')} <PendingItems />
          </NavLink>
        </li>
        <li>
          <NavLink to="/exchange/imports">{t('exchange.tabs.imports')}</NavLink>
        </li>
        {coordinator ? (
          <li>
            <NavLink to="/exchange/partners">{t('exchange.tabs.partners')}</NavLink>
          </li>
        ) : null}
      </ul>
    </nav>
  );
};

/** A section's page heading with the sections below it. */
export const ExchangeHeader = ({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) => (
  <>
    <PageHeader title={title} description={description} actions={actions} />
    <ExchangeTabs />
  </>
);

const NoExchangeAccess = ({ coordinatorsOnly }: { coordinatorsOnly: boolean }) => {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('exchange.title')} description={t('exchange.lead')} />
      <p>{coordinatorsOnly ? t('exchange.noAccess.coordinators') : t('exchange.noAccess.reviewers')}</p>
    </>
  );
};

/** Partners, releases and feeds: coordinators. */
export const RequireExchangeCoordinator = () =>
  managesPartners(useSignedInUser()) ? <Outlet /> : <NoExchangeAccess coordinatorsOnly />;

/** The workbench and imports: analysts and coordinators. */
export const RequireExchangeReviewer = () =>
  reviewsImports(useSignedInUser()) ? <Outlet /> : <NoExchangeAccess coordinatorsOnly={false} />;

/** /exchange opens where the person's work is: the release queue, else the workbench. */
export const ExchangeIndex = () => {
  const me = useSignedInUser();
  if (managesPartners(me)) return <Navigate to="/exchange/releases" replace />;
  if (reviewsImports(me)) return <Navigate to="/exchange/workbench" replace />;
  return <NoExchangeAccess coordinatorsOnly={false} />;
};
