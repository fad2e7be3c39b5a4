import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { markingMayLeave } from '../../../shared/access/release.js';
import { hasRole } from '../../../shared/access/roles.js';
import { compareTlp, type Tlp } from '../../../shared/access/tlp.js';
import type { ReleasableRecordType } from '../../../shared/contracts/exchange.js';
import type { Partner, PartnerList, Release } from '../../../shared/contracts/exchange-partners.js';
import { api, withQuery } from '../lib/api.js';
import { useSignedInUser } from '../lib/session.js';
import { Banner } from './banner.js';
import { Button, ButtonLink } from './button.js';
import { ModalDialog } from './dialog.js';
import { ErrorBanner } from './error-banner.js';
import { Loading } from './loading.js';
import { SelectField } from './select-field.js';
import { tlpText } from './tlp-badge.js';

export interface ReleasableRecord {
  type: ReleasableRecordType;
  /** incident--<uuid>, or the report's UUID. */
  id: string;
  title: string;
  tlp: Tlp;
  /** Situation reports: the approved version to release. */
  versionNumber?: number;
}

type Refusal = 'inactive' | 'type' | 'ceiling';

/** Why an agreement cannot take the record, as far as the agreement alone tells (the server checks all). */
const refusalOf = (partner: Partner, record: ReleasableRecord): Refusal | null => {
  if (!partner.active) return 'inactive';
  if (!partner.recordTypes.includes(record.type)) return 'type';
  if (compareTlp(record.tlp, partner.tlpCeiling) > 0) return 'ceiling';
  return null;
};

const ProposeForm = ({ record, onClose }: { record: ReleasableRecord; onClose: () => void }) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const partners = useQuery({
    queryKey: ['exchange', 'partners'],
    queryFn: ({ signal }) => api.get<PartnerList>('/api/v1/exchange/partners', { signal }),
  });
  const propose = useMutation({
    mutationFn: (partnerId: string) =>
      api.post<Release>('/api/v1/exchange/releases', {
        partnerId,
        recordType: record.type,
        recordId: record.id,
        ...(record.versionNumber ? { versionNumber: record.versionNumber } : {}),
      }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['exchange'] }),
  });
  const items = partners.data?.items ?? [];
  const eligible = items.filter((partner) => refusalOf(partner, record) === null);
  const refused = items.filter((partner) => refusalOf(partner, record) !== null);
  const [partnerId, setPartnerId] = useState<string | null>(null);
  const chosen = partnerId ?? eligible[0]?.id ?? null;

  if (propose.data) {
    const release = propose.data;
    return (
      <div className="stack">
        <Banner
          tone="success"
          title={t(`exchange.toPartner.done.${release.status}`, { partner: release.partnerName })}
        >
          <p>{t('exchange.toPartner.objects', { count: release.objectCount })}</p>
        </Banner>
        <div className="actions">
          <ButtonLink variant="primary" href={`/exchange/releases/${release.id}`}>
            {release.status === 'pending'
              ? t('exchange.toPartner.openPreview')
              : t('exchange.toPartner.openRelease')}
          </ButtonLink>
          <Button onPress={onClose}>{t('common.close')}</Button>
        </div>
      </div>
    );
  }

  return (
    <Form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen) propose.mutate(chosen);
      }}
    >
      <p>{t('exchange.toPartner.lead', { title: record.title, tlp: tlpText(record.tlp) })}</p>
      {partners.isPending ? <Loading /> : null}
      <ErrorBanner error={partners.error} />
      {partners.data && eligible.length === 0 ? (
        <Banner tone="info" live={false}>
          <p>
            {items.length === 0 ? t('exchange.toPartner.noPartners') : t('exchange.toPartner.noneEligible')}
          </p>
        </Banner>
      ) : null}
      {eligible.length > 0 ? (
        <SelectField
          label={t('exchange.toPartner.partner')}
          value={chosen}
          onChange={setPartnerId}
          options={eligible.map((partner) => ({
            id: partner.id,
            label: partner.requiresApproval
              ? partner.name
              : t('exchange.toPartner.atOnce', { name: partner.name }),
          }))}
          description={t('exchange.toPartner.partnerHelp')}
          size="wide"
          autoFocus
        />
      ) : null}
      {refused.length > 0 ? (
        <div>
          <p className="field__label">{t('exchange.toPartner.notPossible')}</p>
          <ul className="bullet-list">
            {refused.map((partner) => (
              <li key={partner.id}>
                {partner.name}:{' '}
                {t(`exchange.toPartner.refusal.${refusalOf(partner, record)!}`, {
                  ceiling: tlpText(partner.tlpCeiling),
                })}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ErrorBanner error={propose.error} />
      <div className="actions">
        <Button type="submit" variant="primary" isDisabled={!chosen} isPending={propose.isPending}>
          {t('exchange.toPartner.propose')}
        </Button>
        <Button onPress={onClose}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

/**
 * "Release to partner…" on a record's page: coordinators choose an agreement and get a release to
 * preview (or, when the agreement needs no approval, a release already made). AMBER+STRICT and
 * RED records never leave, so they get no button.
 */
export const ReleaseToPartner = ({ record }: { record: ReleasableRecord }) => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const [open, setOpen] = useState(false);
  if (!hasRole(me, 'coordinator') || !markingMayLeave(record.tlp)) return null;
  return (
    <>
      <Button size="small" onPress={() => setOpen(true)}>
        {t('exchange.toPartner.open')}
      </Button>
      <ModalDialog
        title={t('exchange.toPartner.title', { title: record.title })}
        isOpen={open}
        onClose={() => setOpen(false)}
        size="wide"
      >
        <ProposeForm key={String(open)} record={record} onClose={() => setOpen(false)} />
      </ModalDialog>
    </>
  );
};

/** Downloads of a record in the exchange formats (the same data a partner would get, unredacted). */
export const ExchangeDownloads = ({
  record,
}: {
  record: { type: ReleasableRecordType; id: string; versionNumber?: number };
}) => {
  const { t } = useTranslation();
  const base = record.type === 'incident' ? '/api/v1/incidents' : '/api/v1/sitreps';
  const path = `${base}/${encodeURIComponent(record.id)}`;
  const links =
    record.type === 'incident'
      ? [
          { href: `${path}/stix`, label: t('exchange.downloads.stix') },
          { href: `${path}/misp`, label: t('exchange.downloads.misp') },
        ]
      : [
          {
            href: withQuery(`${path}/stix`, { version: record.versionNumber }),
            label: t('exchange.downloads.stix'),
          },
        ];
  return (
    <>
      {links.map((link) => (
        <a key={link.href} className="button button--secondary button--small" href={link.href} download>
          {link.label}
        </a>
      ))}
    </>
  );
};
