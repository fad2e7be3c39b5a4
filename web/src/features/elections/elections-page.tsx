import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { can } from '../../../../shared/access/roles.js';
import { phaseStatus } from '../../../../shared/elections/current-phase.js';
import { Button, ButtonLink } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { localisedName } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { useSignedInUser } from '../../lib/session.js';
import { ElectionCreateDialog } from './election-create-dialog.js';
import { formatDay, useElectionWords } from './election-words.js';
import { electionsApi, electionsQueryKey, type Election } from './elections-api.js';
import './elections.css';

export const ElectionsPage = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const words = useElectionWords();
  const elections = useQuery({ queryKey: electionsQueryKey, queryFn: electionsApi.list });
  const [creating, setCreating] = useState(false);
  const now = new Date();
  const rows = elections.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('elections.title')}
        description={t('elections.lead')}
        actions={
          <>
            <ButtonLink href="/elections/overview">{t('threat-levels.overview.link')}</ButtonLink>
            {can(me, 'election.manage') ? (
              <Button variant="primary" onPress={() => setCreating(true)}>
                {t('elections.create.open')}
              </Button>
            ) : null}
          </>
        }
      />
      {elections.isPending ? <Loading /> : null}
      <ErrorBanner error={elections.error} />
      {elections.data && rows.length === 0 ? <EmptyState title={t('elections.none')} /> : null}
      {rows.length > 0 ? (
        <DataTable<Election>
          caption={t('elections.caption', { count: rows.length })}
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            {
              key: 'name',
              header: t('elections.name'),
              isRowHeader: true,
              cell: (row) => <Link to={`/elections/${row.slug}`}>{localisedName(row.name, locale)}</Link>,
            },
            {
              key: 'type',
              header: t('elections.type'),
              cell: (row) => t(`elections.types.${row.type}`),
            },
            {
              key: 'day',
              header: t('elections.electionDay'),
              cell: (row) => formatDay(row.electionDay, locale, true),
            },
            {
              key: 'status',
              header: t('elections.currentPhase'),
              className: 'cell--wrap',
              cell: (row) => words.status(row, phaseStatus(row.phases, now, row.electionDay), 2).join(' · '),
            },
          ]}
        />
      ) : null}
      <ElectionCreateDialog isOpen={creating} onClose={() => setCreating(false)} />
    </>
  );
};
