import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFilterParams } from '../../lib/use-filter-params.js';
import { releaseStatuses } from '../../../../shared/contracts/exchange-partners.js';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { SelectField } from '../../components/select-field.js';
import { StatusBadge } from '../../components/status-badge.js';
import { TlpBadge } from '../../components/tlp-badge.js';
import { usePartners, useReleaseQueue, type ReleaseStatus, type ReleaseSummary } from './exchange-api.js';
import { ExchangeHeader } from './exchange-shell.js';
import { releaseTone, useExchangeWords } from './exchange-words.js';

const open = 'open';
const all = 'all';

/** Pending and held releases together, newest first: both wait for a coordinator. */
const useOpenReleases = (partnerId: string | undefined, enabled: boolean) => {
  const pending = useReleaseQueue({ status: 'pending', partnerId }, enabled);
  const held = useReleaseQueue({ status: 'held', partnerId }, enabled);
  const rows = enabled
    ? [...(pending.data?.pages ?? []), ...(held.data?.pages ?? [])]
        .flatMap((page) => page.items)
        .sort((a, b) => b.proposedAt.localeCompare(a.proposedAt))
    : [];
  return { pending, held, rows };
};

export const ReleaseQueuePage = () => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const [params, setParam] = useFilterParams();
  const statusParam = params.get('status') ?? open;
  const status = releaseStatuses.includes(statusParam as ReleaseStatus)
    ? (statusParam as ReleaseStatus)
    : null;
  const showOpen = statusParam === open || (status === null && statusParam !== all);
  const partnerId = params.get('partnerId') ?? undefined;
  const partners = usePartners();
  const openReleases = useOpenReleases(partnerId, showOpen);
  const list = useReleaseQueue({ status: status ?? undefined, partnerId }, !showOpen);
  const rows = showOpen ? openReleases.rows : (list.data?.pages.flatMap((page) => page.items) ?? []);
  const pending = showOpen ? openReleases.pending.isPending || openReleases.held.isPending : list.isPending;
  const error = showOpen ? (openReleases.pending.error ?? openReleases.held.error) : list.error;
  const more = showOpen
    ? [openReleases.pending, openReleases.held].filter((query) => query.hasNextPage)
    : list.hasNextPage
      ? [list]
      : [];

  return (
    <>
      <ExchangeHeader title={t('exchange.releases.title')} description={t('exchange.releases.lead')} />
      <section className="section" aria-labelledby="release-filters-title">
        <h2 id="release-filters-title" className="visually-hidden">
          {t('exchange.releases.filters')}
        </h2>
        <div className="exchange-filters">
          <SelectField
            label={t('exchange.releases.status')}
            value={showOpen ? open : (status ?? all)}
            onChange={(value) => setParam('status', value === open ? undefined : value)}
            options={[
              { id: open, label: t('exchange.releases.open') },
              ...releaseStatuses.map((s) => ({ id: s, label: words.releaseStatus(s) })),
              { id: all, label: t('exchange.releases.all') },
            ]}
          />
          <SelectField
            label={t('exchange.releases.partner')}
            value={partnerId ?? all}
            onChange={(value) => setParam('partnerId', value === all ? undefined : value)}
            options={[
              { id: all, label: t('exchange.releases.allPartners') },
              ...(partners.data?.items ?? []).map((p) => ({ id: p.id, label: p.name })),
            ]}
          />
        </div>
      </section>
      {pending ? <Loading /> : null}
      <ErrorBanner error={error} />
      {!pending && !error && rows.length === 0 ? (
        <EmptyState title={showOpen ? t('exchange.releases.noneOpen') : t('exchange.releases.none')}>
          <p>{t('exchange.releases.howToPropose')}</p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <DataTable<ReleaseSummary>
          caption={t('exchange.releases.caption', { count: rows.length })}
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            {
              key: 'record',
              header: t('exchange.releases.record'),
              isRowHeader: true,
              cell: (row) => (
                <>
                  <Link to={`/exchange/releases/${row.id}`}>{row.title}</Link>
                  <div className="small muted">{words.recordKind(row.recordType)}</div>
                </>
              ),
            },
            { key: 'partner', header: t('exchange.releases.partner'), cell: (row) => row.partnerName },
            { key: 'tlp', header: t('exchange.fields.marking'), cell: (row) => <TlpBadge tlp={row.tlp} /> },
            {
              key: 'status',
              header: t('exchange.releases.status'),
              cell: (row) => (
                <StatusBadge tone={releaseTone(row.status)}>{words.releaseStatus(row.status)}</StatusBadge>
              ),
            },
            {
              key: 'proposed',
              header: t('exchange.releases.proposed'),
              cell: (row) => (
                <>
                  <span className="nowrap">{words.dateTime(row.proposedAt)}</span>
                  <div className="small muted">{row.proposedBy?.name ?? t('exchange.releases.bySystem')}</div>
                </>
              ),
            },
            {
              key: 'objects',
              header: t('exchange.releases.objects'),
              cell: (row) => row.objectCount,
            },
          ]}
        />
      ) : null}
      {more.length > 0 ? (
        <div className="actions">
          <Button
            onPress={() => more.forEach((query) => void query.fetchNextPage())}
            isPending={more.some((query) => query.isFetchingNextPage)}
          >
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
};
