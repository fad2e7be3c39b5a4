import { useInfiniteQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { SearchField } from '../../components/search-field.js';
import { SelectField } from '../../components/select-field.js';
import { useLocale } from '../../lib/i18n.js';
import { organisationLabel, sortOrganisations, useOrganisations } from '../../lib/organisations.js';
import { UserCreateDialog } from './user-create-dialog.js';
import { UserEditDialog } from './user-edit-dialog.js';
import { UsersTable } from './users-table.js';
import { usersApi, usersQueryKey, type User } from './users-api.js';
import { useDebouncedValue } from '../../lib/use-debounced-value.js';

const allOrganisations = 'all';

export const UsersPage = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const organisations = useOrganisations();
  const [search, setSearch] = useState('');
  const [organisationFilter, setOrganisationFilter] = useState(allOrganisations);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<User | null>(null);
  const q = useDebouncedValue(search, 300);
  const filters = { q, organisationId: organisationFilter === allOrganisations ? null : organisationFilter };

  const users = useInfiniteQuery({
    queryKey: [...usersQueryKey, filters],
    queryFn: ({ pageParam, signal }) => usersApi.list(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });

  const sorted = useMemo(() => sortOrganisations(organisations.data?.items ?? []), [organisations.data]);
  const allOptions = sorted.map((org) => ({
    id: org.id,
    label: org.active
      ? organisationLabel(org, locale)
      : `${organisationLabel(org, locale)} (${t('common.inactive')})`,
  }));
  const activeOptions = sorted
    .filter((org) => org.active)
    .map((org) => ({ id: org.id, label: organisationLabel(org, locale) }));
  const shortName = (id: string) => sorted.find((org) => org.id === id)?.shortName ?? '—';
  const rows = users.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.lead')}
        actions={
          <Button variant="primary" onPress={() => setCreating(true)}>
            {t('users.new')}
          </Button>
        }
      />
      <div className="filters" role="search" aria-label={t('users.filtersLabel')}>
        <SearchField
          label={t('users.search')}
          value={search}
          onChange={setSearch}
          placeholder={t('users.searchPlaceholder')}
        />
        <SelectField
          label={t('users.organisation')}
          options={[{ id: allOrganisations, label: t('users.allOrganisations') }, ...allOptions]}
          value={organisationFilter}
          onChange={setOrganisationFilter}
          size="wide"
        />
      </div>
      <ErrorBanner error={users.error ?? organisations.error} />
      {users.isPending ? <Loading /> : null}
      {users.data && rows.length === 0 ? (
        <EmptyState title={t('users.none')}>{q ? <p>{t('users.noneHint')}</p> : null}</EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <UsersTable users={rows} organisationShortName={shortName} onEdit={setEditing} />
      ) : null}
      <p className="muted" role="status">
        {users.data ? t('users.shown', { count: rows.length }) : ''}
      </p>
      {users.hasNextPage ? (
        <div className="actions">
          <Button onPress={() => void users.fetchNextPage()} isPending={users.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
      <UserCreateDialog
        isOpen={creating}
        onClose={() => setCreating(false)}
        organisationOptions={activeOptions}
      />
      <UserEditDialog user={editing} onClose={() => setEditing(null)} organisationOptions={allOptions} />
    </>
  );
};
