import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { localisedName } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { sortOrganisations, useOrganisations } from '../../lib/organisations.js';
import { communitiesApi, communitiesQueryKey, type Community } from './communities-api.js';
import { CommunityDialog } from './community-dialog.js';

export const CommunitiesPage = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const communities = useQuery({ queryKey: communitiesQueryKey, queryFn: communitiesApi.list });
  const organisations = useOrganisations();
  const [editing, setEditing] = useState<Community | null>(null);
  const [open, setOpen] = useState(false);
  const sortedOrganisations = useMemo(
    () => sortOrganisations(organisations.data?.items ?? []),
    [organisations.data],
  );
  const shortNames = (ids: string[]) =>
    sortedOrganisations
      .filter((org) => ids.includes(org.id))
      .map((org) => org.shortName)
      .join(', ');
  const rows = [...(communities.data?.items ?? [])].sort((a, b) =>
    localisedName(a.name, locale).localeCompare(localisedName(b.name, locale), locale),
  );
  const openDialog = (community: Community | null) => {
    setEditing(community);
    setOpen(true);
  };

  return (
    <>
      <PageHeader
        title={t('communities.title')}
        description={t('communities.lead')}
        actions={
          <Button variant="primary" onPress={() => openDialog(null)} isDisabled={!organisations.data}>
            {t('communities.new')}
          </Button>
        }
      />
      {communities.isPending ? <Loading /> : null}
      <ErrorBanner error={communities.error ?? organisations.error} />
      {communities.data && rows.length === 0 ? <EmptyState title={t('communities.none')} /> : null}
      {rows.length > 0 ? (
        <DataTable<Community>
          caption={t('communities.caption', { count: rows.length })}
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            {
              key: 'name',
              header: t('communities.name'),
              isRowHeader: true,
              cell: (row) => localisedName(row.name, locale),
            },
            {
              key: 'description',
              header: t('communities.description'),
              className: 'cell--wrap',
              cell: (row) => row.description || '—',
            },
            {
              key: 'count',
              header: t('communities.memberCount'),
              className: 'numeric',
              cell: (row) => row.organisationIds.length,
            },
            {
              key: 'members',
              header: t('communities.members'),
              className: 'cell--wrap',
              cell: (row) => shortNames(row.organisationIds) || '—',
            },
            {
              key: 'actions',
              header: <span className="visually-hidden">{t('common.actions')}</span>,
              className: 'cell--actions',
              cell: (row) => (
                <Button
                  size="small"
                  onPress={() => openDialog(row)}
                  aria-label={t('common.editNamed', { name: localisedName(row.name, locale) })}
                >
                  {t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
      ) : null}
      <CommunityDialog
        community={editing}
        isOpen={open}
        organisations={sortedOrganisations}
        onClose={() => setOpen(false)}
      />
    </>
  );
};
