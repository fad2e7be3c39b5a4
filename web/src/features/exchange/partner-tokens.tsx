import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { SecretValue } from '../../components/secret-value.js';
import { StatusBadge } from '../../components/status-badge.js';
import { TextField } from '../../components/text-field.js';
import { fieldErrors } from '../../lib/error-message.js';
import {
  exchangeApi,
  useExchangeMutation,
  usePartnerTokens,
  type CreatedPartnerToken,
  type Partner,
  type PartnerToken,
} from './exchange-api.js';
import { useExchangeWords } from './exchange-words.js';

const CreateToken = ({
  partner,
  onCreated,
}: {
  partner: Partner;
  onCreated: (t: CreatedPartnerToken) => void;
}) => {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const create = useExchangeMutation((tokenName: string) => exchangeApi.createToken(partner.id, tokenName));
  return (
    <Form
      className="stack"
      validationErrors={fieldErrors(t, create.error)}
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate(name.trim(), {
          onSuccess: (token) => {
            setName('');
            onCreated(token);
          },
        });
      }}
    >
      <TextField
        label={t('exchange.tokens.name')}
        description={t('exchange.tokens.nameHelp')}
        name="name"
        value={name}
        onChange={setName}
        isRequired
        maxLength={100}
      />
      <ErrorBanner error={create.error} />
      <div className="actions">
        <Button type="submit" isPending={create.isPending}>
          {t('exchange.tokens.create')}
        </Button>
      </div>
    </Form>
  );
};

/** The partner's TAXII tokens: made here, shown once, revoked here; never shown again. */
export const PartnerTokens = ({ partner }: { partner: Partner }) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const tokens = usePartnerTokens(partner.id);
  const [created, setCreated] = useState<CreatedPartnerToken | null>(null);
  const [revoking, setRevoking] = useState<PartnerToken | null>(null);
  const revoke = useExchangeMutation((token: PartnerToken) => exchangeApi.revokeToken(partner.id, token.id));
  const rows = tokens.data?.items ?? [];

  return (
    <section className="section" aria-labelledby="partner-tokens-title">
      <h2 id="partner-tokens-title" className="section__title">
        {t('exchange.tokens.title')}
      </h2>
      <p className="section__lead">{t('exchange.tokens.lead')}</p>
      {created ? (
        <SecretValue
          label={t('exchange.tokens.created', { name: created.name })}
          value={created.token}
          testId="partner-token"
        >
          <p>{t('exchange.tokens.howToUse')}</p>
          <div className="actions">
            <Button onPress={() => setCreated(null)}>{t('common.savedItDone')}</Button>
          </div>
        </SecretValue>
      ) : null}
      <CreateToken partner={partner} onCreated={setCreated} />
      {tokens.isPending ? <Loading /> : null}
      <ErrorBanner error={tokens.error ?? revoke.error} />
      {tokens.data && rows.length === 0 ? <p className="muted">{t('exchange.tokens.none')}</p> : null}
      {rows.length > 0 ? (
        <DataTable<PartnerToken>
          caption={t('exchange.tokens.caption', { name: partner.name })}
          captionHidden
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            {
              key: 'name',
              header: t('exchange.tokens.name'),
              isRowHeader: true,
              cell: (row) => (
                <>
                  {row.name}
                  <div className="small muted">
                    <code>{row.start}…</code>
                  </div>
                </>
              ),
            },
            {
              key: 'created',
              header: t('exchange.tokens.createdAt'),
              cell: (row) => (
                <>
                  {words.dateTime(row.createdAt)}
                  <div className="small muted">{row.createdBy.name}</div>
                </>
              ),
            },
            {
              key: 'used',
              header: t('exchange.tokens.lastUsed'),
              cell: (row) =>
                row.lastUsedAt ? words.dateTime(row.lastUsedAt) : t('exchange.tokens.neverUsed'),
            },
            {
              key: 'state',
              header: t('exchange.tokens.state'),
              cell: (row) =>
                row.revokedAt ? (
                  <StatusBadge>
                    {t('exchange.tokens.revokedAt', { at: words.dateTime(row.revokedAt) })}
                  </StatusBadge>
                ) : (
                  <StatusBadge tone="positive">{t('common.active')}</StatusBadge>
                ),
            },
            {
              key: 'actions',
              header: t('common.actions'),
              cell: (row) =>
                row.revokedAt ? null : (
                  <Button
                    size="small"
                    variant="danger"
                    onPress={() => setRevoking(row)}
                    aria-label={t('exchange.tokens.revokeNamed', { name: row.name })}
                  >
                    {t('exchange.tokens.revoke')}
                  </Button>
                ),
            },
          ]}
        />
      ) : null}
      <ConfirmDialog
        title={t('exchange.tokens.revokeTitle', { name: revoking?.name ?? '' })}
        isOpen={revoking !== null}
        onCancel={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking, { onSettled: () => setRevoking(null) })}
        confirmLabel={t('exchange.tokens.revoke')}
        isPending={revoke.isPending}
      >
        <p>{t('exchange.tokens.revokeBody', { partner: partner.name })}</p>
      </ConfirmDialog>
    </section>
  );
};
