import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { ConfirmDialog, ModalDialog } from '../../components/dialog.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { TextField } from '../../components/text-field.js';
import { exchangeApi, useReleaseMutation, type Release } from './exchange-api.js';
import { useExchangeWords } from './exchange-words.js';

export const isOpen = (release: Release) => release.status === 'pending' || release.status === 'held';

const HoldDialog = ({ release, onClose }: { release: Release; onClose: () => void }) => {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const hold = useReleaseMutation(release.id, (why: string) => exchangeApi.hold(release.id, why));
  return (
    <Form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        hold.mutate(reason.trim(), { onSuccess: onClose });
      }}
    >
      <p>{t('exchange.release.holdExplained', { partner: release.partnerName })}</p>
      <TextField
        label={t('exchange.release.holdReason')}
        value={reason}
        onChange={setReason}
        isRequired
        multiline
        rows={3}
        autoFocus
      />
      <ErrorBanner error={hold.error} />
      <div className="actions">
        <Button type="submit" variant="primary" isPending={hold.isPending}>
          {t('exchange.release.hold')}
        </Button>
        <Button onPress={onClose}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

/** Approve (after a confirmation) or hold with a reason; what was decided once it is. */
export const DecisionPanel = ({ release, unsaved }: { release: Release; unsaved: boolean }) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const [confirming, setConfirming] = useState(false);
  const [holding, setHolding] = useState(false);
  const approve = useReleaseMutation(release.id, () => exchangeApi.approve(release.id));

  return (
    <section className="section" aria-labelledby="release-decision-title">
      <h2 id="release-decision-title" className="section__title">
        {t('exchange.release.decision')}
      </h2>
      {release.status === 'released' ? (
        <Banner tone="success" live={false}>
          <p>
            {t('exchange.release.releasedAt', {
              partner: release.partnerName,
              at: words.dateTime(release.decidedAt),
              count: release.objectCount,
            })}
          </p>
        </Banner>
      ) : null}
      {release.status === 'held' ? (
        <Banner tone="warning" title={t('exchange.release.heldTitle')} live={false}>
          <p>{release.reason}</p>
        </Banner>
      ) : null}
      {release.status === 'withdrawn' ? (
        <Banner tone="info" live={false}>
          <p>{release.reason ?? t('exchange.release.withdrawn')}</p>
        </Banner>
      ) : null}
      {isOpen(release) ? (
        <>
          <p>
            {t('exchange.release.decisionLead', { partner: release.partnerName, count: release.objectCount })}
          </p>
          {unsaved ? (
            <Banner tone="info" live={false}>
              <p>{t('exchange.release.updateFirst')}</p>
            </Banner>
          ) : null}
          <div className="actions">
            <Button variant="primary" onPress={() => setConfirming(true)} isDisabled={unsaved}>
              {t('exchange.release.approve')}
            </Button>
            {release.status === 'pending' ? (
              <Button onPress={() => setHolding(true)}>{t('exchange.release.holdOpen')}</Button>
            ) : null}
          </div>
          <ErrorBanner error={approve.error} />
        </>
      ) : null}
      <ConfirmDialog
        title={t('exchange.release.confirmTitle', { partner: release.partnerName })}
        isOpen={confirming}
        onCancel={() => setConfirming(false)}
        onConfirm={() => approve.mutate(undefined, { onSettled: () => setConfirming(false) })}
        confirmLabel={t('exchange.release.confirm')}
        tone="primary"
        isPending={approve.isPending}
      >
        <p>
          {t('exchange.release.confirmBody', { partner: release.partnerName, count: release.objectCount })}
        </p>
      </ConfirmDialog>
      <ModalDialog
        title={t('exchange.release.holdTitle', { title: release.title })}
        isOpen={holding}
        onClose={() => setHolding(false)}
      >
        <HoldDialog release={release} onClose={() => setHolding(false)} />
      </ModalDialog>
    </section>
  );
};
