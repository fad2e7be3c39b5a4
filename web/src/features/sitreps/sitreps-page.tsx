import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFilterParams } from '../../lib/use-filter-params.js';
import { can } from '../../../../shared/access/roles.js';
import { sitrepStatuses, type SitrepStatus } from '../../../../shared/contracts/sitreps.js';
import { Button, ButtonLink } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { SearchField } from '../../components/search-field.js';
import { SelectField } from '../../components/select-field.js';
import { StatusBadge } from '../../components/status-badge.js';
import { localisedName } from '../../lib/format.js';
import { useSignedInUser } from '../../lib/session.js';
import { useDebouncedValue } from '../../lib/use-debounced-value.js';
import { SitrepCreateDialog } from './sitrep-create-dialog.js';
import { pickText, statusTone, TlpLabel, useSitrepWords } from './sitrep-words.js';
import { useElections, useSitrepList, type SitrepSummary } from './sitreps-api.js';

const all = 'all';

export const SitrepsPage = () => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const words = useSitrepWords();
  const [params, setParam] = useFilterParams();
  const electionId = params.get('electionId') ?? undefined;
  const statusParam = params.get('status');
  const status = sitrepStatuses.includes(statusParam as SitrepStatus)
    ? (statusParam as SitrepStatus)
    : undefined;
  const [search, setSearch] = useState(params.get('q') ?? '');
  const q = useDebouncedValue(search.trim(), 300) || undefined;
  const [creating, setCreating] = useState(false);
  const elections = useElections();
  const list = useSitrepList({ electionId, status, q });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const electionName = (id: string) => {
    const election = elections.data?.items.find((e) => e.id === id);
    return election ? localisedName(election.name, words.locale) : '';
  };
  const coordinator = can(me, 'sitrep.approve');

  return (
    <>
      <PageHeader
        title={t('sitreps.list.title')}
        description={t('sitreps.list.lead')}
        actions={
          <div className="actions">
            <ButtonLink href="/reports/templates">{t('sitreps.templates.link')}</ButtonLink>
            {coordinator ? (
              <Button variant="primary" onPress={() => setCreating(true)}>
                {t('sitreps.create.open')}
              </Button>
            ) : null}
          </div>
        }
      />
      <section className="section" aria-labelledby="sitrep-filters-title">
        <h2 id="sitrep-filters-title" className="visually-hidden">
          {t('sitreps.list.filters')}
        </h2>
        <div className="sitrep-filters">
          <SearchField label={t('sitreps.list.search')} value={search} onChange={setSearch} />
          <SelectField
            label={t('sitreps.list.election')}
            value={electionId ?? all}
            onChange={(value) => setParam('electionId', value === all ? undefined : value)}
            options={[
              { id: all, label: t('sitreps.list.allElections') },
              ...(elections.data?.items ?? []).map((e) => ({
                id: e.id,
                label: localisedName(e.name, words.locale),
              })),
            ]}
          />
          <SelectField
            label={t('sitreps.list.status')}
            value={status ?? all}
            onChange={(value) => setParam('status', value === all ? undefined : value)}
            options={[
              { id: all, label: t('sitreps.list.allStatuses') },
              ...sitrepStatuses.map((s) => ({ id: s, label: words.status(s) })),
            ]}
            size="narrow"
          />
        </div>
      </section>
      {list.isPending ? <Loading /> : null}
      <ErrorBanner error={list.error} />
      {list.data && rows.length === 0 ? (
        <EmptyState
          title={q || status || electionId ? t('sitreps.list.noneMatching') : t('sitreps.list.none')}
        />
      ) : null}
      {rows.length > 0 ? (
        <DataTable<SitrepSummary>
          caption={t('sitreps.list.caption', { count: rows.length })}
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            {
              key: 'title',
              header: t('sitreps.fields.title'),
              isRowHeader: true,
              cell: (row) => (
                <>
                  <Link to={`/reports/${row.id}`}>
                    {pickText(row.title, words.locale) || words.kind(row.kind)}
                  </Link>
                  <div className="small muted">{electionName(row.electionId)}</div>
                </>
              ),
            },
            {
              key: 'period',
              header: t('sitreps.fields.period'),
              cell: (row) => words.period(row.periodStart, row.periodEnd),
            },
            {
              key: 'status',
              header: t('sitreps.fields.status'),
              cell: (row) => (
                <StatusBadge tone={statusTone(row.status)}>{words.status(row.status)}</StatusBadge>
              ),
            },
            { key: 'tlp', header: t('sitreps.fields.marking'), cell: (row) => <TlpLabel tlp={row.tlp} /> },
            {
              key: 'version',
              header: t('sitreps.fields.latestVersion'),
              cell: (row) =>
                row.latestVersion ? (
                  <Link to={`/reports/${row.id}/read?version=${row.latestVersion.number}`}>
                    {t('sitreps.versions.number', { number: row.latestVersion.number })}
                  </Link>
                ) : (
                  <span className="muted">{t('sitreps.versions.noneYet')}</span>
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
      {coordinator ? (
        <SitrepCreateDialog isOpen={creating} onClose={() => setCreating(false)} electionId={electionId} />
      ) : null}
    </>
  );
};
