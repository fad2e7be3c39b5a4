import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { can } from '../../../../shared/access/roles.js';
import { Button, ButtonLink } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { SearchField } from '../../components/search-field.js';
import { SelectField } from '../../components/select-field.js';
import { startOfDayIso } from '../../lib/format.js';
import { useSignedInUser } from '../../lib/session.js';
import { IncidentFilterPanel } from './incident-filter-panel.js';
import {
  emptyListState,
  facetFilters,
  hasFilters,
  listStateToSearch,
  parseListSearch,
  toApiFilters,
  type IncidentListState,
} from './incident-filters.js';
import { useIncidentFacets, useIncidentList } from './incidents-api.js';
import { IncidentsTable } from './incidents-table.js';
import { SavedFilters } from './saved-filters.js';
import { useDebouncedValue } from '../../lib/use-debounced-value.js';
import { incidentSorts } from '../../../../shared/contracts/incidents.js';
import './incidents.css';

/** The search box writes to the URL a moment after typing stops, replacing rather than adding history. */
const useSearchBox = (q: string, apply: (q: string) => void) => {
  const [text, setText] = useState(q);
  const [lastQ, setLastQ] = useState(q);
  // The URL changed from elsewhere (back button, a saved filter): show its text.
  if (q !== lastQ) {
    setLastQ(q);
    if (q !== text.trim()) setText(q);
  }
  const debounced = useDebouncedValue(text, 400);
  useEffect(() => {
    if (debounced.trim() !== q) apply(debounced.trim());
    // Only a change of the typed text should write to the URL.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  return [text, setText] as const;
};

export const IncidentsPage = () => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const [searchParams, setSearchParams] = useSearchParams();
  const state = useMemo(() => parseListSearch(searchParams), [searchParams]);
  const filters = useMemo(
    () => toApiFilters(state, (day, add) => startOfDayIso(day, me.timeZone, add)),
    [state, me.timeZone],
  );
  const list = useIncidentList(filters);
  const facets = useIncidentFacets(facetFilters(filters));
  const incidents = list.data?.pages.flatMap((page) => page.items) ?? [];

  const navigate = (next: IncidentListState, replace = false) =>
    setSearchParams(listStateToSearch(next), { replace });
  const [text, setText] = useSearchBox(state.q, (q) => navigate({ ...state, q }, true));

  const total = facets.data?.total;
  const filtered = hasFilters(state);

  return (
    <>
      <PageHeader
        title={t('incidents.list.title')}
        description={t('incidents.list.lead')}
        actions={
          can(me, 'content.edit') ? (
            <ButtonLink variant="primary" href="/incidents/new">
              {t('incidents.list.new')}
            </ButtonLink>
          ) : can(me, 'content.create') ? (
            <ButtonLink href="/report">{t('incidents.list.report')}</ButtonLink>
          ) : null
        }
      />
      <div className="incidents-layout">
        <IncidentFilterPanel
          state={state}
          facets={facets.data}
          onChange={(next) => navigate(next)}
          canReport={can(me, 'content.create')}
        >
          <SavedFilters state={state} />
        </IncidentFilterPanel>
        <div className="incidents-results">
          <div className="incidents-toolbar" role="search" aria-label={t('incidents.list.searchLabel')}>
            <SearchField
              label={t('incidents.list.search')}
              value={text}
              onChange={setText}
              placeholder={t('incidents.list.searchPlaceholder')}
            />
            <SelectField
              label={t('incidents.list.sort')}
              options={incidentSorts.map((sort) => ({ id: sort, label: t(`incidents.list.sortBy.${sort}`) }))}
              value={state.sort}
              onChange={(sort) => navigate({ ...state, sort: sort as IncidentListState['sort'] })}
              size="narrow"
            />
            <SelectField
              label={t('incidents.list.order')}
              options={[
                { id: 'desc', label: t('incidents.list.desc') },
                { id: 'asc', label: t('incidents.list.asc') },
              ]}
              value={state.order}
              onChange={(order) => navigate({ ...state, order: order === 'asc' ? 'asc' : 'desc' })}
              size="narrow"
            />
          </div>
          <div className="actions">
            <p className="muted" role="status">
              {list.data && total !== undefined
                ? t('incidents.list.shown', { count: total, shown: incidents.length })
                : ''}
            </p>
            {filtered ? (
              <Button
                size="small"
                variant="quiet"
                onPress={() => navigate({ ...emptyListState, sort: state.sort, order: state.order })}
              >
                {t('incidents.list.clearFilters')}
              </Button>
            ) : null}
          </div>
          <ErrorBanner error={list.error ?? facets.error} />
          {list.isPending ? <Loading /> : null}
          {list.data && incidents.length === 0 ? (
            <EmptyState title={filtered ? t('incidents.list.noneMatching') : t('incidents.list.none')} />
          ) : null}
          {incidents.length > 0 ? (
            <IncidentsTable
              incidents={incidents}
              caption={t('incidents.list.caption', { timeZone: me.timeZone })}
            />
          ) : null}
          {list.hasNextPage ? (
            <div className="actions">
              <Button onPress={() => void list.fetchNextPage()} isPending={list.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            </div>
          ) : null}
        </div>
      </div>
    </>
  );
};
