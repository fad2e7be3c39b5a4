import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can } from '../../../../shared/access/roles.js';
import { Button, ButtonLink } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { StatusBadge } from '../../components/status-badge.js';
import { formatDateTime } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { useSignedInUser } from '../../lib/session.js';
import { useIncidentLabels } from './incident-labels.js';
import { useIncidentList, type Incident } from './incidents-api.js';
import { ReportTabs } from './report-page.js';
import './incidents.css';

const tone = (incident: Incident) =>
  incident.status === 'closed' ? 'neutral' : incident.status === 'new' ? 'warning' : 'positive';

const ReportItem = ({ incident }: { incident: Incident }) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const labels = useIncidentLabels();
  return (
    <li className="report-list__item">
      <h2 className="report-list__title">
        <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>
      </h2>
      <p>
        <span className="visually-hidden">{t('incidents.mine.status')}: </span>
        <StatusBadge tone={tone(incident)}>{labels.plainStatus(incident.status)}</StatusBadge>
        {incident.status === 'closed' && incident.closingReason ? (
          <> {labels.plainClosingReason(incident.closingReason)}</>
        ) : null}
      </p>
      <p className="muted small">
        {t('incidents.mine.sentAt', { time: formatDateTime(incident.createdAt, locale, me.timeZone) })}
        {incident.updatedAt !== incident.createdAt
          ? ` · ${t('incidents.mine.updatedAt', { time: formatDateTime(incident.updatedAt, locale, me.timeZone) })}`
          : ''}
      </p>
    </li>
  );
};

export const MyReportsPage = () => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const reports = useIncidentList({ mine: 'true' });
  const items = reports.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageHeader title={t('incidents.mine.title')} description={t('incidents.mine.lead')} />
      {can(me, 'content.create') ? <ReportTabs /> : null}
      <ErrorBanner error={reports.error} />
      {reports.isPending ? <Loading /> : null}
      {reports.data && items.length === 0 ? (
        <EmptyState
          title={t('incidents.mine.none')}
          action={
            can(me, 'content.create') ? (
              <ButtonLink variant="primary" href="/report">
                {t('incidents.mine.reportNow')}
              </ButtonLink>
            ) : undefined
          }
        />
      ) : null}
      {items.length > 0 ? (
        <ul className="report-list" aria-label={t('incidents.mine.title')}>
          {items.map((incident) => (
            <ReportItem key={incident.id} incident={incident} />
          ))}
        </ul>
      ) : null}
      {reports.hasNextPage ? (
        <div className="actions">
          <Button onPress={() => void reports.fetchNextPage()} isPending={reports.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
};
