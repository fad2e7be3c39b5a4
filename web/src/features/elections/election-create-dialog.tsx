import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  electionTypes,
  type ElectionType,
  type ScheduleQuery,
} from '../../../../shared/contracts/elections.js';
import { Button } from '../../components/button.js';
import { ModalDialog } from '../../components/dialog.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { SelectField } from '../../components/select-field.js';
import { TextField } from '../../components/text-field.js';
import { isApiError } from '../../lib/api.js';
import { useLocale } from '../../lib/i18n.js';
import { formatSpan } from './election-words.js';
import { electionsApi, electionsQueryKey, scheduleQueryKey } from './elections-api.js';

// Types whose day the rules leave open: the form asks for it first.
const dayFirst: readonly ElectionType[] = ['european_parliament', 'referendum', 'by_election'];

const CreateForm = ({ onClose }: { onClose: () => void }) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [type, setType] = useState<ElectionType>('parliamentary');
  const [year, setYear] = useState(String(new Date().getFullYear() + 1));
  const [round, setRound] = useState('1');
  const [day, setDay] = useState('');

  const yearValid = /^\d{4}$/.test(year);
  const query: ScheduleQuery = {
    type,
    year: Number(day ? day.slice(0, 4) : year),
    ...(type === 'presidential' ? { round: Number(round) } : {}),
    ...(day ? { day } : {}),
  };
  const preview = useQuery({
    queryKey: scheduleQueryKey(query),
    queryFn: () => electionsApi.schedule(query),
    enabled: yearValid || day !== '',
    retry: false,
    placeholderData: keepPreviousData,
  });
  const create = useMutation({
    mutationFn: () => electionsApi.create(query),
    onSuccess: async (election) => {
      await queryClient.invalidateQueries({ queryKey: electionsQueryKey });
      onClose();
      void navigate(`/elections/${election.slug}`);
    },
  });
  const dayMissing =
    isApiError(preview.error, 'validation_failed') &&
    preview.error.issues.some((i) => i.path.endsWith('.day'));
  const schedule = preview.isError ? undefined : preview.data;

  return (
    <Form
      className="stack"
      validationErrors={dayMissing ? { day: t('elections.create.dayNeeded') } : {}}
      onSubmit={(event) => {
        event.preventDefault();
        if (schedule) create.mutate();
      }}
    >
      <ErrorBanner error={create.error} />
      <SelectField
        label={t('elections.type')}
        name="type"
        value={type}
        onChange={(value) => setType(value as ElectionType)}
        options={electionTypes.map((id) => ({ id, label: t(`elections.types.${id}`) }))}
        autoFocus
      />
      <div className="actions">
        <TextField
          label={t('elections.create.year')}
          name="year"
          size="narrow"
          inputMode="numeric"
          value={year}
          onChange={setYear}
          isDisabled={day !== ''}
          isInvalid={!yearValid && day === ''}
        />
        {type === 'presidential' ? (
          <SelectField
            label={t('elections.create.round')}
            name="round"
            size="narrow"
            value={round}
            onChange={setRound}
            options={[
              { id: '1', label: t('elections.create.round1') },
              { id: '2', label: t('elections.create.round2') },
            ]}
          />
        ) : null}
        <TextField
          label={t('elections.electionDay')}
          description={
            dayFirst.includes(type) ? t('elections.create.dayHintNeeded') : t('elections.create.dayHint')
          }
          name="day"
          type="date"
          value={day}
          onChange={setDay}
        />
      </div>
      {preview.isError && !dayMissing ? <ErrorBanner error={preview.error} /> : null}
      {schedule ? (
        <section className="stack" aria-live="polite">
          <p>
            <strong>{schedule.name[locale]}</strong>
            {' · '}
            {formatSpan(schedule.electionDay, schedule.electionDay, locale)}
            {schedule.regularYear === false ? (
              <span className="muted"> · {t('elections.create.irregularYear', { year: schedule.year })}</span>
            ) : null}
          </p>
          <div
            className="table-wrap schedule-preview"
            role="region"
            aria-labelledby="preview-caption"
            tabIndex={0}
          >
            <table className="table">
              <caption id="preview-caption" className="table__caption">
                {t('elections.create.preview')}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('elections.phases.phase')}</th>
                  <th scope="col">{t('elections.phases.dates')}</th>
                  <th scope="col">{t('elections.phases.time')}</th>
                </tr>
              </thead>
              <tbody>
                {schedule.phases.map((phase) => (
                  <tr key={phase.key}>
                    <th scope="row" className="cell--wrap">
                      {phase.label[locale]}
                      {phase.movedFrom ? (
                        <span className="phase-table__note">
                          {t('elections.create.movedFrom', {
                            date: formatSpan(phase.movedFrom, phase.movedFrom, locale),
                          })}
                        </span>
                      ) : null}
                    </th>
                    <td>{formatSpan(phase.startsOn, phase.endsOn, locale)}</td>
                    <td>{phase.timeOfDay ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      <div className="actions">
        <Button type="submit" variant="primary" isPending={create.isPending} isDisabled={!schedule}>
          {t('elections.create.submit')}
        </Button>
        <Button onPress={onClose}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

export const ElectionCreateDialog = ({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) => {
  const { t } = useTranslation();
  return (
    <ModalDialog title={t('elections.create.title')} isOpen={isOpen} onClose={onClose} size="wide">
      {isOpen ? <CreateForm onClose={onClose} /> : null}
    </ModalDialog>
  );
};
