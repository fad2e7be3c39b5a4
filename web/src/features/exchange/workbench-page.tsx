import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFilterParams } from '../../lib/use-filter-params.js';
import {
  workbenchKinds,
  workbenchStatuses,
  type WorkbenchKind,
  type WorkbenchStatus,
} from '../../../../shared/contracts/exchange-imports.js';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { SelectField } from '../../components/select-field.js';
import { StatusBadge } from '../../components/status-badge.js';
import { TlpBadge } from '../../components/tlp-badge.js';
import { useWorkbench, type WorkbenchItemSummary } from './exchange-api.js';
import { ExchangeHeader } from './exchange-shell.js';
import { useExchangeWords, workbenchTone } from './exchange-words.js';

const all = 'all';

/** Where an item came from, in one line: the partner (or the person who uploaded it) and how. */
export const useProvenanceText = () => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  return (provenance: WorkbenchItemSummary['provenance']) =>
    t('exchange.provenance.line', {
      from: provenance.partnerName ?? provenance.receivedBy?.name ?? t('exchange.provenance.unknown'),
      source: words.source(provenance.source),
    });
};

export const WorkbenchPage = () => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const [params, setParam] = useFilterParams();
  const statusParam = params.get('status') ?? 'pending';
  const status = workbenchStatuses.includes(statusParam as WorkbenchStatus)
    ? (statusParam as WorkbenchStatus)
    : undefined;
  const kindParam = params.get('kind');
  const kind = workbenchKinds.includes(kindParam as WorkbenchKind) ? (kindParam as WorkbenchKind) : undefined;
  const list = useWorkbench({ status, kind });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <ExchangeHeader title={t('exchange.workbench.title')} description={t('exchange.workbench.lead')} />
      <section className="section" aria-labelledby="workbench-filters-title">
        <h2 id="workbench-filters-title" className="visually-hidden">
          {t('exchange.workbench.filters')}
        </h2>
        <div className="exchange-filters">
          <SelectField
            label={t('exchange.workbench.status')}
            value={status ?? all}
            onChange={(value) => setParam('status', value === 'pending' ? undefined : value)}
            options={[
              ...workbenchStatuses.map((s) => ({ id: s, label: words.workbenchStatus(s) })),
              { id: all, label: t('exchange.workbench.allStatuses') },
            ]}
          />
          <SelectField
            label={t('exchange.workbench.kind')}
            value={kind ?? all}
            onChange={(value) => setParam('kind', value === all ? undefined : value)}
            options={[
              { id: all, label: t('exchange.workbench.allKinds') },
              ...workbenchKinds.map((k) => ({ id: k, label: words.kind(k) })),
            ]}
          />
        </div>
      </section>
      {list.isPending ? <Loading /> : null}
      <ErrorBanner error={list.error} />
      {list.data && rows.length === 0 ? (
        <EmptyState
          title={status === 'pending' ? t('exchange.workbench.nonePending') : t('exchange.workbench.none')}
        >
          <p>{t('exchange.workbench.whereFrom')}</p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <DataTable<WorkbenchItemSummary>
          caption={t('exchange.workbench.caption', { count: rows.length })}
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            {
              key: 'title',
              header: t('exchange.workbench.item'),
              isRowHeader: true,
              cell: (row) => (
                <>
                  <Link to={`/exchange/workbench/${row.id}`}>{row.title || row.stixId}</Link>
                  <div className="small muted">
                    {words.objectType(row.stixType)} · {words.kind(row.kind)}
                  </div>
                </>
              ),
            },
            {
              key: 'tlp',
              header: t('exchange.fields.marking'),
              cell: (row) => <TlpBadge tlp={row.tlp} />,
            },
            {
              key: 'from',
              header: t('exchange.workbench.from'),
              cell: (row) => (
                <>
                  {row.provenance.partnerName ??
                    row.provenance.receivedBy?.name ??
                    t('exchange.provenance.unknown')}
                  <div className="small muted">
                    {words.source(row.provenance.source)} ·{' '}
                    <span className="nowrap">{words.dateTime(row.provenance.receivedAt)}</span>
                  </div>
                </>
              ),
            },
            {
              key: 'status',
              header: t('exchange.workbench.status'),
              cell: (row) => (
                <StatusBadge tone={workbenchTone(row.status)}>
                  {words.workbenchStatus(row.status)}
                </StatusBadge>
              ),
            },
          ]}
        />
      ) : null}
      {list.hasNextPage ? (
        <div className="actions">
          <Button onPress={() => void list.fetchNextPage()} isPending={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
};
