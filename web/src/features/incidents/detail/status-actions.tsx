import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import {
  closingReasons,
  statusTransitions,
  type ClosingReason,
  type Incident,
  type IncidentStatus,
} from '../../../../../shared/contracts/incidents.js';
import { Button } from '../../../components/button.js';
import { ComboBoxField } from '../../../components/combo-box-field.js';
import { ModalDialog } from '../../../components/dialog.js';
import { ErrorBanner } from '../../../components/error-banner.js';
import { useIncidentTitleSearch, useUpdateIncident } from './detail-api.js';
import { useIncidentLabels } from '../incident-labels.js';
import { RadioChoices } from '../../../components/radio-choices.js';

interface CloseFormProps {
  incident: Incident;
  onDone: () => void;
}

const CloseForm = ({ incident, onDone }: CloseFormProps) => {
  const { t } = useTranslation();
  const labels = useIncidentLabels();
  const update = useUpdateIncident(incident.id);
  const [reason, setReason] = useState<ClosingReason | null>(null);
  const [query, setQuery] = useState('');
  const [survivorId, setSurvivorId] = useState<string | null>(null);
  const search = useIncidentTitleSearch(query);
  const candidates = (search.data?.items ?? [])
    .filter(
      (item) => item.id !== incident.id && !(item.status === 'closed' && item.closingReason === 'duplicate'),
    )
    .map((item) => ({ id: item.id, label: `${item.title} (${labels.status(item.status)})` }));
  const [missing, setMissing] = useState(false);

  return (
    <Form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        if (!reason) return;
        if (reason === 'duplicate' && !survivorId) {
          setMissing(true);
          return;
        }
        update.mutate(
          {
            status: 'closed',
            closingReason: reason,
            duplicateOfId: reason === 'duplicate' ? survivorId : null,
            version: incident.version,
          },
          { onSuccess: onDone },
        );
      }}
    >
      <ErrorBanner error={update.error} />
      <RadioChoices
        label={t('incident-detail.close.reason')}
        name="closingReason"
        choices={closingReasons.map((value) => ({
          value,
          label: labels.closingReason(value),
          description: t(`incident-detail.close.reasonHelp.${value}`),
        }))}
        value={reason}
        onChange={(value) => {
          setReason(value as ClosingReason);
          setMissing(false);
        }}
        isRequired
      />
      {reason === 'duplicate' ? (
        <div className="stack">
          <ComboBoxField
            label={t('incident-detail.close.survivor')}
            description={t('incident-detail.close.survivorHelp')}
            options={candidates}
            value={survivorId}
            onChange={setSurvivorId}
            inputValue={query}
            onInputChange={(value) => {
              setQuery(value);
              setSurvivorId(null);
            }}
            emptyLabel={
              query.trim().length < 2
                ? t('incident-detail.close.typeToSearch')
                : t('incident-detail.close.noMatches')
            }
            size="wide"
            isRequired
          />
          {missing && !survivorId ? (
            <p className="field__error">{t('incident-detail.close.chooseSurvivor')}</p>
          ) : null}
        </div>
      ) : null}
      <div className="actions">
        <Button type="submit" variant="primary" isPending={update.isPending}>
          {reason === 'duplicate' ? t('incident-detail.close.merge') : t('incident-detail.close.confirm')}
        </Button>
        <Button onPress={onDone}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

export interface StatusActionsProps {
  incident: Incident;
  isDisabled: boolean;
}

/** The next steps of the workflow (statusTransitions); closing asks why. */
export const StatusActions = ({ incident, isDisabled }: StatusActionsProps) => {
  const { t } = useTranslation();
  const labels = useIncidentLabels();
  const update = useUpdateIncident(incident.id);
  const [closing, setClosing] = useState(false);
  const [pending, setPending] = useState<IncidentStatus | null>(null);
  const next = statusTransitions[incident.status];
  if (next.length === 0) return null;

  return (
    <div className="stack">
      <div className="status-actions" role="group" aria-label={t('incident-detail.status.actions')}>
        {next.map((status) =>
          status === 'closed' ? (
            <Button key={status} size="small" onPress={() => setClosing(true)} isDisabled={isDisabled}>
              {t('incident-detail.status.close')}
            </Button>
          ) : (
            <Button
              key={status}
              size="small"
              isDisabled={isDisabled}
              isPending={update.isPending && pending === status}
              onPress={() => {
                setPending(status);
                update.mutate({ status, version: incident.version });
              }}
            >
              {incident.status === 'closed'
                ? t('incident-detail.status.reopenAs', { status: labels.status(status) })
                : t('incident-detail.status.moveTo', { status: labels.status(status) })}
            </Button>
          ),
        )}
      </div>
      <ErrorBanner error={update.error} />
      <ModalDialog
        title={t('incident-detail.close.title', { title: incident.title })}
        isOpen={closing}
        onClose={() => setClosing(false)}
        size="wide"
      >
        <CloseForm key={String(closing)} incident={incident} onDone={() => setClosing(false)} />
      </ModalDialog>
    </div>
  );
};
