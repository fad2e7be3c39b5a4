import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { StatusBadge } from '../../components/status-badge.js';
import { formatDateTime } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { clearUserData, useSignedInUser } from '../../lib/session.js';
import { profileApi, sessionsQueryKey, type Session } from './profile-api.js';

const shortAgent = (agent: string | null): string => {
  if (!agent) return '—';
  const browser = /(Firefox|Edg|Chrome|Safari)\/[\d.]+/.exec(agent)?.[0];
  const system = /(Windows|Mac OS X|Linux|Android|iPhone|iPad)/.exec(agent)?.[0];
  return [browser?.replace('Edg', 'Edge'), system].filter(Boolean).join(', ') || agent.slice(0, 60);
};

export const SessionsSection = () => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const sessions = useQuery({ queryKey: sessionsQueryKey, queryFn: profileApi.sessions });
  const signOutEverywhere = useMutation({
    mutationFn: profileApi.signOutEverywhere,
    onSuccess: () => {
      clearUserData(queryClient);
      void navigate('/sign-in?reason=signed_out_everywhere', { replace: true });
    },
  });
  const when = (iso: string) => formatDateTime(iso, locale, me.timeZone);

  return (
    <section className="section" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="section__title">
        {t('sessions.title')}
      </h2>
      <p className="section__lead">{t('sessions.lead')}</p>
      {sessions.isPending ? <Loading /> : null}
      <ErrorBanner error={sessions.error} />
      {sessions.data ? (
        <DataTable<Session>
          caption={t('sessions.caption')}
          captionHidden
          rows={sessions.data.items}
          rowKey={(row) => row.id}
          columns={[
            {
              key: 'device',
              header: t('sessions.device'),
              isRowHeader: true,
              cell: (row) => (
                <>
                  {shortAgent(row.userAgent)}{' '}
                  {row.current ? <StatusBadge tone="positive">{t('sessions.current')}</StatusBadge> : null}
                </>
              ),
            },
            { key: 'ip', header: t('sessions.address'), cell: (row) => row.ipAddress ?? '—' },
            { key: 'created', header: t('sessions.created'), cell: (row) => when(row.createdAt) },
            { key: 'expires', header: t('sessions.expires'), cell: (row) => when(row.expiresAt) },
          ]}
        />
      ) : null}
      <div className="actions">
        <Button variant="danger" onPress={() => setConfirming(true)}>
          {t('sessions.signOutEverywhere')}
        </Button>
      </div>
      <ConfirmDialog
        title={t('sessions.confirmTitle')}
        isOpen={confirming}
        onCancel={() => setConfirming(false)}
        onConfirm={() => signOutEverywhere.mutate()}
        confirmLabel={t('sessions.signOutEverywhere')}
        isPending={signOutEverywhere.isPending}
        error={<ErrorBanner error={signOutEverywhere.error} />}
      >
        <p>{t('sessions.confirmBody')}</p>
      </ConfirmDialog>
    </section>
  );
};
