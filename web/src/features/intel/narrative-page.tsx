import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Markdown } from '../../components/markdown.js';
import { Link, useParams } from 'react-router';
import { narrativeStatuses } from '../../../../shared/contracts/narratives.js';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { SelectField } from '../../components/select-field.js';
import { StatusBadge } from '../../components/status-badge.js';
import { formatDateTime } from '../../lib/format.js';
import { localeTags, useLocale } from '../../lib/i18n.js';
import { useSignedInUser } from '../../lib/session.js';
import { usePageTitle } from '../../lib/use-page-title.js';
import {
  intelApi,
  intelPageKeys,
  type LinkedIncidentPage,
  type Narrative,
  type TimelineBasis,
  type TimelineBucket,
} from './intel-api.js';
import { NarrativeTimelineChart } from './narrative-timeline-chart.js';
import './intel.css';

type LinkedIncident = LinkedIncidentPage['items'][number];

const Timeline = ({ narrativeId }: { narrativeId: string }) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const [bucket, setBucket] = useState<TimelineBucket>('week');
  const [by, setBy] = useState<TimelineBasis>('created_at');
  const timeline = useQuery({
    queryKey: intelPageKeys.timeline(narrativeId, bucket, by),
    queryFn: () => intelApi.timeline(narrativeId, bucket, by),
  });
  const formatStart = useCallback(
    (start: string) =>
      new Intl.DateTimeFormat(localeTags[locale], { dateStyle: 'short', timeZone: 'UTC' }).format(
        new Date(`${start}T00:00:00Z`),
      ),
    [locale],
  );
  const points = timeline.data?.points ?? [];
  const total = points.reduce((sum, p) => sum + p.count, 0);
  const bucketLabel = (start: string) =>
    bucket === 'week' ? t('intel.timeline.weekOf', { date: formatStart(start) }) : formatStart(start);

  return (
    <section aria-labelledby="narrative-timeline-title" className="intel-section">
      <h2 id="narrative-timeline-title">{t('intel.timeline.title')}</h2>
      <div className="intel-toolbar">
        <SelectField
          label={t('intel.timeline.bucket')}
          size="narrow"
          value={bucket}
          onChange={(next) => setBucket(next as TimelineBucket)}
          options={[
            { id: 'day', label: t('intel.timeline.day') },
            { id: 'week', label: t('intel.timeline.week') },
          ]}
        />
        <SelectField
          label={t('intel.timeline.by')}
          value={by}
          onChange={(next) => setBy(next as TimelineBasis)}
          options={[
            { id: 'created_at', label: t('intel.timeline.byCreated') },
            { id: 'first_seen', label: t('intel.timeline.byFirstSeen') },
          ]}
        />
      </div>
      {timeline.isPending ? <Loading /> : null}
      <ErrorBanner error={timeline.error} />
      {timeline.data && points.length === 0 ? <p className="muted">{t('intel.timeline.empty')}</p> : null}
      {points.length > 0 ? (
        <>
          <NarrativeTimelineChart
            points={points}
            formatStart={formatStart}
            label={t('intel.timeline.chartLabel', {
              count: total,
              from: formatStart(points[0]!.start),
              to: formatStart(points[points.length - 1]!.start),
            })}
          />
          <details className="intel-details">
            <summary>{t('intel.timeline.asTable')}</summary>
            <DataTable<{ start: string; count: number }>
              caption={t('intel.timeline.tableCaption')}
              rows={points}
              rowKey={(row) => row.start}
              columns={[
                {
                  key: 'start',
                  header: bucket === 'week' ? t('intel.timeline.week') : t('intel.timeline.day'),
                  isRowHeader: true,
                  cell: (row) => bucketLabel(row.start),
                },
                {
                  key: 'count',
                  header: t('intel.narratives.incidentCount'),
                  className: 'numeric',
                  cell: (row) => row.count,
                },
              ]}
            />
          </details>
        </>
      ) : null}
    </section>
  );
};

const StatusControl = ({ narrative }: { narrative: Narrative }) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (status: Narrative['status']) => intelApi.update(narrative.id, { status }),
    onSuccess: (data) => {
      queryClient.setQueryData(intelPageKeys.narrative(narrative.id), data);
      void queryClient.invalidateQueries({ queryKey: ['intel', 'narratives', 'list'] });
    },
  });
  return (
    <>
      <SelectField
        label={t('intel.narratives.status')}
        size="narrow"
        value={narrative.status}
        isDisabled={update.isPending}
        onChange={(next) => update.mutate(next as Narrative['status'])}
        options={narrativeStatuses.map((id) => ({ id, label: t(`intel.narratives.statuses.${id}`) }))}
      />
      <ErrorBanner error={update.error} />
    </>
  );
};

export const NarrativePage = () => {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const locale = useLocale();
  const me = useSignedInUser();
  const narrative = useQuery({
    queryKey: intelPageKeys.narrative(id),
    queryFn: () => intelApi.narrative(id),
  });
  const incidents = useInfiniteQuery({
    queryKey: intelPageKeys.incidents(id),
    queryFn: ({ pageParam }) => intelApi.incidents(id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  usePageTitle(narrative.data?.title ?? t('intel.narratives.title'));
  const rows = incidents.data?.pages.flatMap((page) => page.items) ?? [];

  if (narrative.isPending) return <Loading />;
  if (narrative.error) return <ErrorBanner error={narrative.error} />;
  const data = narrative.data;
  return (
    <>
      <p>
        <Link to="/intel/narratives">{t('intel.narratives.back')}</Link>
      </p>
      <PageHeader
        title={data.title}
        description={
          <span className="intel-meta">
            <StatusBadge tone={data.status === 'active' ? 'warning' : 'neutral'}>
              {t(`intel.narratives.statuses.${data.status}`)}
            </StatusBadge>
            <span>TLP:{data.tlp.toUpperCase()}</span>
            <span>
              {t('intel.narratives.updatedAt', { time: formatDateTime(data.updatedAt, locale, me.timeZone) })}
            </span>
          </span>
        }
      />
      {data.permissions.edit ? <StatusControl narrative={data} /> : null}
      {data.description ? (
        <div className="intel-markdown">
          <Markdown>{data.description}</Markdown>
        </div>
      ) : null}
      <Timeline narrativeId={data.id} />
      <section aria-labelledby="narrative-incidents-title" className="intel-section">
        <h2 id="narrative-incidents-title">{t('intel.narratives.linkedIncidents')}</h2>
        {incidents.isPending ? <Loading /> : null}
        <ErrorBanner error={incidents.error} />
        {incidents.data && rows.length === 0 ? (
          <p className="muted">{t('intel.narratives.noIncidents')}</p>
        ) : null}
        {rows.length > 0 ? (
          <DataTable<LinkedIncident>
            caption={t('intel.narratives.incidentsCaption', { count: data.incidentCount })}
            captionHidden
            rows={rows}
            rowKey={(row) => row.id}
            columns={[
              {
                key: 'title',
                header: t('intel.narratives.incidentTitle'),
                isRowHeader: true,
                className: 'cell--wrap',
                cell: (row) => <Link to={`/incidents/${row.id}`}>{row.title}</Link>,
              },
              {
                key: 'severity',
                header: t('intel.narratives.severity'),
                className: 'numeric',
                cell: (row) => row.severity,
              },
              { key: 'tlp', header: 'TLP', cell: (row) => `TLP:${row.tlp.toUpperCase()}` },
              {
                key: 'created',
                header: t('intel.narratives.recorded'),
                cell: (row) => formatDateTime(row.createdAt, locale, me.timeZone),
              },
              {
                key: 'linked',
                header: t('intel.narratives.linkedAt'),
                cell: (row) => formatDateTime(row.linkedAt, locale, me.timeZone),
              },
            ]}
          />
        ) : null}
        {incidents.hasNextPage ? (
          <Button onPress={() => void incidents.fetchNextPage()} isPending={incidents.isFetchingNextPage}>
            {t('intel.loadMore')}
          </Button>
        ) : null}
      </section>
    </>
  );
};
