import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Locale } from '../../../../shared/contracts/common.js';
import { threatDomainNames, threatDomains, type ThreatDomain } from '../../../../shared/threat-levels.js';
import { DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { ThreatLevelBadge } from '../../components/threat-level-panel.js';
import { localisedName } from '../../lib/format.js';
import { localeTags, useLocale } from '../../lib/i18n.js';
import { GroupedBarChart, type BarSeries } from './grouped-bar-chart.js';
import { fetchOverview, overviewQueryKey, type ElectionOverview } from './overview-api.js';
import '../../components/data-table.css';
import './threat-levels.css';

/** Distinct hues, told apart by pattern as well (see GroupedBarChart). */
const domainColours: Record<ThreatDomain, string> = {
  information_influence: '#1d4f91',
  cyber: '#b5470b',
  physical: '#2e7d32',
  process: '#6a3d9a',
};

const formatDay = (day: string, locale: Locale) =>
  new Intl.DateTimeFormat(localeTags[locale], { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

const formatSpan = (span: { startsOn: string; endsOn: string } | null, locale: Locale) =>
  span ? `${formatDay(span.startsOn, locale)} – ${formatDay(span.endsOn, locale)}` : '—';

export const ElectionsOverviewPage = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const overview = useQuery({ queryKey: overviewQueryKey, queryFn: fetchOverview });
  const rows = useMemo(() => overview.data?.items ?? [], [overview.data]);
  const domainName = (domain: ThreatDomain) => threatDomainNames[domain][locale];
  const categories = useMemo(() => rows.map((row) => localisedName(row.name, locale)), [rows, locale]);
  const levelSeries = useMemo<BarSeries[]>(
    () =>
      threatDomains.map((domain) => ({
        name: threatDomainNames[domain][locale],
        colour: domainColours[domain],
        values: rows.map((row) => row.peakLevels[domain]),
      })),
    [rows, locale],
  );
  const incidentSeries = useMemo<BarSeries[]>(
    () =>
      threatDomains.map((domain) => ({
        name: threatDomainNames[domain][locale],
        colour: domainColours[domain],
        values: rows.map((row) => row.incidents.byDomain[domain]),
      })),
    [rows, locale],
  );
  const electionCell = (row: ElectionOverview) => (
    <Link to={`/elections/${row.slug}`}>{localisedName(row.name, locale)}</Link>
  );

  return (
    <>
      <p>
        <Link to="/elections">{t('threat-levels.overview.backToList')}</Link>
      </p>
      <PageHeader title={t('threat-levels.overview.title')} description={t('threat-levels.overview.lead')} />
      {overview.isPending ? <Loading /> : null}
      <ErrorBanner error={overview.error} />
      {overview.data && rows.length === 0 ? <EmptyState title={t('threat-levels.overview.none')} /> : null}
      {rows.length > 0 ? (
        <div className="stack">
          <div className="overview-table">
            <DataTable<ElectionOverview>
              caption={t('threat-levels.overview.caption')}
              rows={rows}
              rowKey={(row) => row.id}
              columns={[
                {
                  key: 'name',
                  header: t('threat-levels.overview.election'),
                  isRowHeader: true,
                  className: 'cell--wrap',
                  cell: electionCell,
                },
                {
                  key: 'day',
                  header: t('threat-levels.overview.electionDay'),
                  cell: (row) => formatDay(row.electionDay, locale),
                },
                {
                  key: 'advance',
                  header: t('threat-levels.overview.advanceVoting'),
                  cell: (row) => formatSpan(row.advanceVoting, locale),
                },
                ...threatDomains.map((domain) => ({
                  key: `peak-${domain}`,
                  header: t('threat-levels.overview.peak', { domain: domainName(domain) }),
                  cell: (row: ElectionOverview) => <ThreatLevelBadge level={row.peakLevels[domain]} />,
                })),
                {
                  key: 'total',
                  header: t('threat-levels.overview.incidents'),
                  className: 'cell--number',
                  cell: (row) => row.incidents.total,
                },
                {
                  key: 'severe',
                  header: t('threat-levels.overview.severe'),
                  className: 'cell--number',
                  cell: (row) => row.incidents.severe,
                },
                {
                  key: 'closed',
                  header: t('threat-levels.overview.closed'),
                  className: 'cell--number',
                  cell: (row) => row.incidents.closed,
                },
              ]}
            />
          </div>

          <section className="stack" aria-labelledby="overview-levels-title">
            <h2 id="overview-levels-title">{t('threat-levels.overview.levelsChartTitle')}</h2>
            <GroupedBarChart
              categories={categories}
              series={levelSeries}
              max={5}
              label={t('threat-levels.overview.levelsChartLabel')}
            />
          </section>

          <section className="stack" aria-labelledby="overview-incidents-title">
            <h2 id="overview-incidents-title">{t('threat-levels.overview.incidentsChartTitle')}</h2>
            <GroupedBarChart
              categories={categories}
              series={incidentSeries}
              label={t('threat-levels.overview.incidentsChartLabel')}
            />
            <div className="overview-table">
              <DataTable<ElectionOverview>
                caption={t('threat-levels.overview.incidentsTableCaption')}
                rows={rows}
                rowKey={(row) => row.id}
                columns={[
                  {
                    key: 'name',
                    header: t('threat-levels.overview.election'),
                    isRowHeader: true,
                    className: 'cell--wrap',
                    cell: electionCell,
                  },
                  ...threatDomains.map((domain) => ({
                    key: `count-${domain}`,
                    header: t('threat-levels.overview.byDomain', { domain: domainName(domain) }),
                    className: 'cell--number',
                    cell: (row: ElectionOverview) => row.incidents.byDomain[domain],
                  })),
                ]}
              />
            </div>
            <p className="muted">{t('threat-levels.overview.countNote')}</p>
          </section>
        </div>
      ) : null}
    </>
  );
};
