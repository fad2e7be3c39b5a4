import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Button, ButtonLink } from '../../components/button.js';
import { CopyButton } from '../../components/copy-button.js';
import { DataTable } from '../../components/data-table.js';
import { ConfirmDialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { StatusBadge } from '../../components/status-badge.js';
import { TlpBadge } from '../../components/tlp-badge.js';
import { isApiError } from '../../lib/api.js';
import {
  exchangeApi,
  taxiiApiRoot,
  taxiiCollectionUrl,
  useExchangeMutation,
  usePartner,
  useReleasedToPartner,
  type Partner,
} from './exchange-api.js';
import { useExchangeWords } from './exchange-words.js';
import { PartnerFeeds } from './partner-feeds.js';
import { PartnerDialog } from './partner-form.js';
import { PartnerTokens } from './partner-tokens.js';
import { recordHref } from './release-page.js';

type ReleasedRecord = NonNullable<ReturnType<typeof useReleasedToPartner>['data']>['items'][number];

const Address = ({ label, value }: { label: string; value: string }) => (
  <div className="exchange-url">
    <span className="field__label">{label}</span>
    <code>{value}</code>
    <CopyButton value={value} />
  </div>
);

const Agreement = ({ partner }: { partner: Partner }) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  return (
    <section className="section" aria-labelledby="partner-agreement-title">
      <h2 id="partner-agreement-title" className="section__title">
        {t('exchange.partner.agreement')}
      </h2>
      <dl className="exchange-meta">
        <dt>{t('exchange.partner.ceiling')}</dt>
        <dd>
          <TlpBadge tlp={partner.tlpCeiling} /> {words.ceiling(partner.tlpCeiling)}
        </dd>
        <dt>{t('exchange.partner.recordTypes')}</dt>
        <dd>{partner.recordTypes.map(words.recordType).join(', ') || t('exchange.partner.nothingFlows')}</dd>
        <dt>{t('exchange.partner.redactedFields')}</dt>
        <dd>
          {partner.redactedFields.length > 0 ? (
            <ul className="bullet-list">
              {partner.redactedFields.map((field) => (
                <li key={field}>
                  <strong>{words.field(field)}</strong> – {words.fieldHelp(field)}
                </li>
              ))}
            </ul>
          ) : (
            t('exchange.partner.noRedaction')
          )}
        </dd>
        <dt>{t('exchange.partners.approval')}</dt>
        <dd>
          {partner.requiresApproval
            ? t('exchange.partners.approvalNeeded')
            : t('exchange.partner.approvalNoneLong')}
        </dd>
        <dt>{t('exchange.partner.defaultImportTlp')}</dt>
        <dd>
          <TlpBadge tlp={partner.defaultImportTlp} />
        </dd>
        <dt>{t('exchange.partners.state')}</dt>
        <dd>
          {partner.active ? (
            <StatusBadge tone="positive">{t('common.active')}</StatusBadge>
          ) : (
            <StatusBadge>{t('exchange.partner.inactiveLong')}</StatusBadge>
          )}
        </dd>
        {partner.contact ? (
          <>
            <dt>{t('exchange.partner.contact')}</dt>
            <dd className="exchange-pre">{partner.contact}</dd>
          </>
        ) : null}
        {partner.description ? (
          <>
            <dt>{t('exchange.partner.description')}</dt>
            <dd className="exchange-pre">{partner.description}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
};

const Collections = ({ partner }: { partner: Partner }) => {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="partner-collections-title">
      <h2 id="partner-collections-title" className="section__title">
        {t('exchange.collections.title')}
      </h2>
      <p className="section__lead">{t('exchange.collections.lead')}</p>
      <Address label={t('exchange.collections.apiRoot')} value={taxiiApiRoot()} />
      <ul className="exchange-card-list">
        {partner.collections.map((collection) => (
          <li key={collection.id} className="exchange-card">
            <h3 className="subsection-title">
              {collection.title}{' '}
              <span className="muted small">
                (
                {collection.canWrite && collection.canRead
                  ? t('exchange.collections.readWrite')
                  : collection.canWrite
                    ? t('exchange.collections.inbound')
                    : t('exchange.collections.outbound')}
                )
              </span>
            </h3>
            <p className="small">
              {collection.canWrite && !collection.canRead
                ? t('exchange.collections.inboundHelp')
                : t('exchange.collections.outboundHelp', { count: collection.objectCount })}
            </p>
            <Address label={t('exchange.collections.address')} value={taxiiCollectionUrl(collection.id)} />
          </li>
        ))}
      </ul>
    </section>
  );
};

const Released = ({ partner }: { partner: Partner }) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const released = useReleasedToPartner(partner.id);
  const rows = released.data?.items ?? [];
  return (
    <section className="section" aria-labelledby="partner-released-title">
      <h2 id="partner-released-title" className="section__title">
        {t('exchange.released.title')}
      </h2>
      <p className="section__lead">{t('exchange.released.lead')}</p>
      <div className="actions">
        <ButtonLink href={`/exchange/partners/${partner.id}/view`}>
          {t('exchange.released.partnerView')}
        </ButtonLink>
      </div>
      {released.isPending ? <Loading /> : null}
      <ErrorBanner error={released.error} />
      {released.data && rows.length === 0 ? <p className="muted">{t('exchange.released.none')}</p> : null}
      {rows.length > 0 ? (
        <DataTable<ReleasedRecord>
          caption={t('exchange.released.caption', { partner: partner.name, count: rows.length })}
          captionHidden
          rows={rows}
          rowKey={(row) => `${row.recordType}:${row.recordId}`}
          columns={[
            {
              key: 'record',
              header: t('exchange.releases.record'),
              isRowHeader: true,
              cell: (row) => (
                <>
                  <Link to={recordHref(row.recordType, row.recordId)}>{row.title}</Link>
                  <div className="small muted">{words.recordKind(row.recordType)}</div>
                </>
              ),
            },
            {
              key: 'versions',
              header: t('exchange.released.versions'),
              cell: (row) => (
                <ul className="exchange-reasons">
                  {row.releases.map((release) => (
                    <li key={release.releaseId}>
                      <Link to={`/exchange/releases/${release.releaseId}`}>
                        {t('exchange.released.when', {
                          at: words.dateTime(release.releasedAt),
                          who: release.releasedBy?.name ?? t('exchange.released.byAgreement'),
                          count: release.objectCount,
                        })}
                      </Link>
                    </li>
                  ))}
                </ul>
              ),
            },
          ]}
        />
      ) : null}
    </section>
  );
};

const PartnerView = ({ partner }: { partner: Partner }) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useExchangeMutation(() => exchangeApi.deletePartner(partner.id));
  return (
    <>
      <PageHeader
        title={partner.name}
        description={t('exchange.partner.lead')}
        actions={
          <div className="actions">
            <Button variant="primary" onPress={() => setEditing(true)}>
              {t('exchange.partner.edit')}
            </Button>
            <ButtonLink href="/exchange/partners">{t('exchange.partner.back')}</ButtonLink>
          </div>
        }
      />
      <div className="sections">
        <Agreement partner={partner} />
        <Released partner={partner} />
        <Collections partner={partner} />
        <PartnerTokens partner={partner} />
        <PartnerFeeds partner={partner} />
        <section className="section" aria-labelledby="partner-delete-title">
          <h2 id="partner-delete-title" className="section__title">
            {t('exchange.partner.deleteTitle')}
          </h2>
          <p className="section__lead">{t('exchange.partner.deleteLead')}</p>
          <div className="actions">
            <Button variant="danger" onPress={() => setDeleting(true)}>
              {t('exchange.partner.delete')}
            </Button>
          </div>
        </section>
      </div>
      <PartnerDialog partner={partner} isOpen={editing} onClose={() => setEditing(false)} />
      <ConfirmDialog
        title={t('exchange.partner.deleteConfirm', { name: partner.name })}
        isOpen={deleting}
        onCancel={() => {
          remove.reset();
          setDeleting(false);
        }}
        onConfirm={() =>
          remove.mutate(undefined, {
            onSuccess: () => void navigate('/exchange/partners', { replace: true }),
          })
        }
        confirmLabel={t('exchange.partner.delete')}
        isPending={remove.isPending}
        error={
          isApiError(remove.error, 'conflict') ? (
            <p className="field__error">{t('exchange.partner.deleteRefused')}</p>
          ) : (
            <ErrorBanner error={remove.error} />
          )
        }
      >
        <p>{t('exchange.partner.deleteBody')}</p>
      </ConfirmDialog>
    </>
  );
};

/** A partner that does not exist, or not for this organisation. */
export const PartnerNotFound = () => {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('exchange.partner.notFound')} />
      <EmptyState
        title={t('exchange.partner.notFoundBody')}
        action={<ButtonLink href="/exchange/partners">{t('exchange.partner.back')}</ButtonLink>}
      />
    </>
  );
};

export const PartnerPage = () => {
  const { id = '' } = useParams();
  const partner = usePartner(id);
  if (partner.isPending) return <Loading />;
  if (isApiError(partner.error, 'not_found') || isApiError(partner.error, 'validation_failed')) {
    return <PartnerNotFound />;
  }
  if (!partner.data) return <ErrorBanner error={partner.error} />;
  return <PartnerView key={partner.data.id} partner={partner.data} />;
};
