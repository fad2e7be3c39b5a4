import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { formatDateTime } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { useSignedInUser } from '../../lib/session.js';
import { profileApi, tokensQueryKey, type ApiToken } from './profile-api.js';
import { TokenCreateDialog } from './token-create-dialog.js';

export const TokensSection = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const tokens = useQuery({ queryKey: tokensQueryKey, queryFn: profileApi.tokens });
  const revoke = useMutation({
    mutationFn: (token: ApiToken) => profileApi.revokeToken(token.id),
    onSuccess: () => {
      setRevoking(null);
      void queryClient.invalidateQueries({ queryKey: tokensQueryKey });
    },
  });
  const when = (iso: string | null, fallback: string) =>
    iso ? formatDateTime(iso, locale, me.timeZone) : fallback;

  return (
    <section className="section" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading" className="section__title">
        {t('tokens.title')}
      </h2>
      <p className="section__lead">{t('tokens.lead')}</p>
      {tokens.isPending ? <Loading /> : null}
      <ErrorBanner error={tokens.error} />
      {tokens.data && tokens.data.items.length === 0 ? <EmptyState title={t('tokens.none')} /> : null}
      {tokens.data && tokens.data.items.length > 0 ? (
        <DataTable<ApiToken>
          caption={t('tokens.caption')}
          captionHidden
          rows={tokens.data.items}
          rowKey={(row) => row.id}
          columns={[
            { key: 'name', header: t('tokens.name'), isRowHeader: true, cell: (row) => row.name },
            {
              key: 'start',
              header: t('tokens.start'),
              cell: (row) => (row.start ? <code>{row.start}…</code> : '—'),
            },
            { key: 'created', header: t('tokens.created'), cell: (row) => when(row.createdAt, '—') },
            {
              key: 'expires',
              header: t('tokens.expires'),
              cell: (row) => when(row.expiresAt, t('tokens.neverExpires')),
            },
            {
              key: 'used',
              header: t('tokens.lastUsed'),
              cell: (row) => when(row.lastUsedAt, t('tokens.neverUsed')),
            },
            {
              key: 'actions',
              header: <span className="visually-hidden">{t('common.actions')}</span>,
              cell: (row) => (
                <Button
                  size="small"
                  variant="danger"
                  onPress={() => setRevoking(row)}
                  aria-label={t('tokens.revokeNamed', { name: row.name })}
                >
                  {t('tokens.revoke')}
                </Button>
              ),
            },
          ]}
        />
      ) : null}
      <div className="actions">
        <Button variant="primary" onPress={() => setCreating(true)}>
          {t('tokens.new')}
        </Button>
      </div>
      <TokenCreateDialog isOpen={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        title={t('tokens.revokeTitle')}
        isOpen={revoking !== null}
        onCancel={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        confirmLabel={t('tokens.revoke')}
        isPending={revoke.isPending}
        error={<ErrorBanner error={revoke.error} />}
      >
        <p>{t('tokens.revokeBody', { name: revoking?.name ?? '' })}</p>
      </ConfirmDialog>
    </section>
  );
};
