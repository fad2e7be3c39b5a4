import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { ComboBoxField } from '../../components/combo-box-field.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { TextField } from '../../components/text-field.js';
import {
  exchangeApi,
  useExchangeMutation,
  useIncidentSearch,
  type WorkbenchDecision,
  type WorkbenchItem,
} from './exchange-api.js';
import { useExchangeWords } from './exchange-words.js';

export type Decision = 'accept' | 'merge' | 'reject';

const MergeForm = ({ onSubmit }: { onSubmit: (incidentId: string, note: string) => void }) => {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [incidentId, setIncidentId] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const search = useIncidentSearch(query);
  const options = (search.data?.items ?? []).map((incident) => ({ id: incident.id, label: incident.title }));
  return (
    <Form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        if (incidentId) onSubmit(incidentId, note);
      }}
    >
      <ComboBoxField
        label={t('exchange.workbench.mergeInto')}
        description={t('exchange.workbench.mergeHelp')}
        options={options}
        value={incidentId}
        onChange={setIncidentId}
        inputValue={query}
        onInputChange={(value) => {
          setQuery(value);
          setIncidentId(null);
        }}
        emptyLabel={
          query.trim().length < 2 ? t('exchange.workbench.typeToSearch') : t('exchange.workbench.noMatches')
        }
        size="wide"
        isRequired
      />
      <TextField
        label={t('exchange.workbench.note')}
        value={note}
        onChange={setNote}
        multiline
        rows={2}
        size="wide"
      />
      <div className="actions">
        <Button type="submit" variant="primary" isDisabled={!incidentId}>
          {t('exchange.workbench.merge')}
        </Button>
      </div>
    </Form>
  );
};

export const DecisionDialog = ({
  item,
  decision,
  onClose,
  onDecided,
}: {
  item: WorkbenchItem;
  decision: Decision;
  onClose: () => void;
  onDecided: (result: WorkbenchDecision) => void;
}) => {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const decide = useExchangeMutation((input: { decision: Decision; text: string; incidentId?: string }) =>
    input.decision === 'accept'
      ? exchangeApi.accept(item.id, input.text.trim() ? { note: input.text.trim() } : {})
      : input.decision === 'merge'
        ? exchangeApi.merge(item.id, {
            incidentId: input.incidentId!,
            ...(input.text.trim() ? { note: input.text.trim() } : {}),
          })
        : exchangeApi.reject(item.id, { reason: input.text.trim() }),
  );
  const done = { onSuccess: (result: WorkbenchDecision) => onDecided(result) };
  return (
    <div className="stack">
      {decision === 'merge' ? (
        <MergeForm
          onSubmit={(incidentId, note) => decide.mutate({ decision, text: note, incidentId }, done)}
        />
      ) : (
        <Form
          className="stack"
          onSubmit={(event) => {
            event.preventDefault();
            decide.mutate({ decision, text }, done);
          }}
        >
          <p>
            {decision === 'accept'
              ? item.kind === 'update'
                ? t('exchange.workbench.acceptUpdateHelp')
                : t('exchange.workbench.acceptHelp')
              : t('exchange.workbench.rejectHelp')}
          </p>
          <TextField
            label={decision === 'reject' ? t('exchange.workbench.reason') : t('exchange.workbench.note')}
            value={text}
            onChange={setText}
            isRequired={decision === 'reject'}
            multiline
            rows={3}
            autoFocus
            size="wide"
          />
          <div className="actions">
            <Button
              type="submit"
              variant={decision === 'reject' ? 'danger' : 'primary'}
              isPending={decide.isPending}
            >
              {decision === 'reject' ? t('exchange.workbench.reject') : t('exchange.workbench.accept')}
            </Button>
            <Button onPress={onClose}>{t('common.cancel')}</Button>
          </div>
        </Form>
      )}
      <ErrorBanner error={decide.error} />
    </div>
  );
};

export const Decided = ({ result }: { result: WorkbenchDecision }) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  return (
    <Banner tone="success" title={words.workbenchStatus(result.item.status)}>
      <p>
        {t('exchange.workbench.decidedBody', {
          observables: result.observablesAdded,
          techniques: result.techniquesAdded,
        })}
      </p>
      {result.incidentId ? (
        <p>
          <Link to={`/incidents/${encodeURIComponent(result.incidentId)}`}>
            {t('exchange.workbench.openIncident')}
          </Link>
        </p>
      ) : null}
    </Banner>
  );
};
