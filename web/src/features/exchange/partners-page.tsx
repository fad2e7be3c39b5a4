import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { StatusBadge } from '../../components/status-badge.js';
import { TlpBadge } from '../../components/tlp-badge.js';
import { usePartners, type Partner } from './exchange-api.js';
import { ExchangeHeader } from './exchange-shell.js';
import { useExchangeWords } from './exchange-words.js';
import { PartnerDialog } from './partner-form.js';

export const PartnersPage = () => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const partners = usePartners();
  const [creating, setCreating] = useState(false);
  const rows = partners.data?.items ?? [];

  return (
    <>
      <ExchangeHeader
        title={t('exchange.partners.title')}
        description={t('exchange.partners.lead')}
        actions={
          <Button variant="primary" onPress={() => setCreating(true)}>
            {t('exchange.partners.new')}
          </Button>
        }
      />
      {partners.isPending ? <Loading /> : null}
      <ErrorBanner error={partners.error} />
      {partners.data && rows.length === 0 ? (
        <EmptyState title={t('exchange.partners.none')}>
          <p>{t('exchange.partners.noneHelp')}</p>
        </EmptyState>
      ) : null}
      {rows.length > 0 ? (
        <DataTable<Partner>
          caption={t('exchange.partners.caption', { count: rows.length })}
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            {
              key: 'name',
              header: t('exchange.partner.name'),
              isRowHeader: true,
              cell: (row) => (
                <>
                  <Link to={`/exchange/partners/${row.id}`}>{row.name}</Link>
                  {row.contact ? <div className="small muted">{row.contact.split('\n')[0]}</div> : null}
                </>
              ),
            },
            {
              key: 'ceiling',
              header: t('exchange.partners.ceiling'),
              cell: (row) => <TlpBadge tlp={row.tlpCeiling} />,
            },
            {
              key: 'types',
              header: t('exchange.partner.recordTypes'),
              cell: (row) => row.recordTypes.map(words.recordType).join(', ') || '–',
            },
            {
              key: 'approval',
              header: t('exchange.partners.approval'),
              cell: (row) =>
                row.requiresApproval
                  ? t('exchange.partners.approvalNeeded')
                  : t('exchange.partners.approvalNone'),
            },
            {
              key: 'pending',
              header: t('exchange.partners.pending'),
              cell: (row) =>
                row.pendingReleaseCount > 0 ? (
                  <Link to={`/exchange/releases?partnerId=${row.id}`}>{row.pendingReleaseCount}</Link>
                ) : (
                  0
                ),
            },
            {
              key: 'active',
              header: t('exchange.partners.state'),
              cell: (row) =>
                row.active ? (
                  <StatusBadge tone="positive">{t('common.active')}</StatusBadge>
                ) : (
                  <StatusBadge>{t('common.inactive')}</StatusBadge>
                ),
            },
          ]}
        />
      ) : null}
      <PartnerDialog partner={null} isOpen={creating} onClose={() => setCreating(false)} />
    </>
  );
};
