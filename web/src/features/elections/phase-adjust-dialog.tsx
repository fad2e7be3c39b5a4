import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.js';
import { ModalDialog } from '../../components/dialog.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { TextField } from '../../components/text-field.js';
import { isApiError } from '../../lib/api.js';
import { useLocale } from '../../lib/i18n.js';
import { electionsApi, electionsQueryKey, type Election, type ElectionPhase } from './elections-api.js';

const PhaseForm = ({
  election,
  phase,
  onClose,
}: {
  election: Election;
  phase: ElectionPhase;
  onClose: () => void;
}) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [startsOn, setStartsOn] = useState(phase.startsOn);
  const [endsOn, setEndsOn] = useState(phase.endsOn);
  const [timeOfDay, setTimeOfDay] = useState(phase.timeOfDay ?? '');
  const single = phase.key === 'election_day';
  const save = useMutation({
    mutationFn: () =>
      electionsApi.update(election.id, {
        phases: [
          {
            key: phase.key,
            startsOn,
            endsOn: single ? startsOn : endsOn,
            timeOfDay: timeOfDay.trim() === '' ? null : timeOfDay.trim(),
          },
        ],
      }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: electionsQueryKey });
      onClose();
    },
  });
  const issues = isApiError(save.error, 'validation_failed') ? save.error.issues.map((i) => i.path) : [];
  const invalid = (field: string) =>
    issues.some((path) => path.endsWith(`.${field}`)) ? t('validation.checkField') : undefined;
  const endBeforeStart = !single && endsOn !== '' && startsOn !== '' && endsOn < startsOn;

  return (
    <Form
      className="stack"
      validationErrors={{
        ...(invalid('startsOn') ? { startsOn: invalid('startsOn')! } : {}),
        ...(invalid('endsOn') || endBeforeStart ? { endsOn: t('elections.adjust.endBeforeStart') } : {}),
        ...(invalid('timeOfDay') ? { timeOfDay: invalid('timeOfDay')! } : {}),
      }}
      onSubmit={(event) => {
        event.preventDefault();
        if (!endBeforeStart) save.mutate();
      }}
    >
      <ErrorBanner error={save.error} />
      <p>{t('elections.adjust.lead')}</p>
      <TextField
        label={single ? t('elections.electionDay') : t('elections.adjust.startsOn')}
        name="startsOn"
        type="date"
        isRequired
        value={startsOn}
        onChange={setStartsOn}
        autoFocus
      />
      {single ? null : (
        <TextField
          label={t('elections.adjust.endsOn')}
          name="endsOn"
          type="date"
          isRequired
          value={endsOn}
          onChange={setEndsOn}
        />
      )}
      <TextField
        label={t('elections.adjust.timeOfDay')}
        description={t('elections.adjust.timeHint')}
        name="timeOfDay"
        size="narrow"
        value={timeOfDay}
        onChange={setTimeOfDay}
        pattern="^([01]\d|2[0-3]):[0-5]\d(-([01]\d|2[0-3]):[0-5]\d)?$"
      />
      <div className="actions">
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {t('common.save')}
        </Button>
        <Button onPress={onClose}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

export const PhaseAdjustDialog = ({
  election,
  phase,
  onClose,
}: {
  election: Election;
  phase: ElectionPhase | null;
  onClose: () => void;
}) => {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <ModalDialog
      title={t('elections.adjust.title', { phase: phase?.label[locale] ?? '' })}
      isOpen={phase !== null}
      onClose={onClose}
    >
      {phase ? <PhaseForm key={phase.key} election={election} phase={phase} onClose={onClose} /> : null}
    </ModalDialog>
  );
};
