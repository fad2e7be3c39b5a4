import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { StatusBadge } from '../../components/status-badge.js';
import { localisedName } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { sortOrganisations, useOrganisations, type OrganisationItem } from '../../lib/organisations.js';
import { OrganisationDialog } from './organisation-dialog.js';

export const OrganisationsPage = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const organisations = useOrganisations();
  const [editing, setEditing] = useState<OrganisationItem | null>(null);
  const [open, setOpen] = useState(false);
  const openDialog = (organisation: OrganisationItem | null) => {
    setEditing(organisation);
    setOpen(true);
  };
  const yesNo = (value: boolean) => (value ? t('common.yes') : t('common.no'));

  return (
    <>
      <PageHeader
        title={t('organisations.title')}
        description={t('organisations.lead')}
        actions={
          <Button variant="primary" onPress={() => openDialog(null)}>
            {t('organisations.new')}
          </Button>
        }
      />
      {organisations.isPending ? <Loading /> : null}
      <ErrorBanner error={organisations.error} />
      {organisations.data?.items.length === 0 ? <EmptyState title={t('organisations.none')} /> : null}
      {organisations.data && organisations.data.items.length > 0 ? (
        <DataTable<OrganisationItem>
          caption={t('organisations.caption', { count: organisations.data.items.length })}
          rows={sortOrganisations(organisations.data.items)}
          rowKey={(row) => row.id}
          columns={[
            {
              key: 'shortName',
              header: t('organisations.shortName'),
              isRowHeader: true,
              cell: (row) => row.shortName,
            },
            { key: 'name', header: t('organisations.name'), cell: (row) => localisedName(row.name, locale) },
            {
              key: 'kind',
              header: t('organisations.kind'),
              cell: (row) => t(`organisationKinds.${row.kind}`),
            },
            {
              key: 'twoFactor',
              header: t('organisations.twoFactorColumn'),
              cell: (row) => yesNo(row.requireTwoFactor),
            },
            {
              key: 'members',
              header: t('organisations.members'),
              className: 'numeric',
              cell: (row) => row.memberCount,
            },
            {
              key: 'active',
              header: t('organisations.status'),
              cell: (row) =>
                row.active ? (
                  <StatusBadge tone="positive">{t('common.active')}</StatusBadge>
                ) : (
                  <StatusBadge>{t('common.inactive')}</StatusBadge>
                ),
            },
            {
              key: 'actions',
              header: <span className="visually-hidden">{t('common.actions')}</span>,
              className: 'cell--actions',
              cell: (row) => (
                <Button
                  size="small"
                  onPress={() => openDialog(row)}
                  aria-label={t('common.editNamed', { name: row.shortName })}
                >
                  {t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
      ) : null}
      <OrganisationDialog organisation={editing} isOpen={open} onClose={() => setOpen(false)} />
    </>
  );
};
