import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { instantOfWallClock } from '../../../../shared/time-zone.js';
import { Button } from '../../components/button.js';
import { ModalDialog } from '../../components/dialog.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { SelectField } from '../../components/select-field.js';
import { TextField } from '../../components/text-field.js';
import { fieldErrors } from '../../lib/error-message.js';
import { localisedName } from '../../lib/format.js';
import { useCreateSitrep, useElections, useTemplates, type Tlp } from './sitreps-api.js';
import { reportTimeZone, tlpLevels, tlpText, useSitrepWords } from './sitrep-words.js';

/** 'YYYY-MM-DD' and 'HH:MM' in Helsinki → ISO 8601 UTC; undefined when either is missing or malformed. */
export const helsinkiToIso = (day: string, time: string): string | undefined => {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!d || !t) return undefined;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (Number.isNaN(wall)) return undefined;
  return new Date(instantOfWallClock(wall, reportTimeZone)).toISOString();
};

const CreateForm = ({ onClose, electionId }: { onClose: () => void; electionId?: string }) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const navigate = useNavigate();
  const elections = useElections();
  const templates = useTemplates();
  const create = useCreateSitrep();
  const [election, setElection] = useState<string | null>(electionId ?? null);
  const [template, setTemplate] = useState<string | null>(null);
  const [startDay, setStartDay] = useState('');
  const [startTime, setStartTime] = useState('');
  const [endDay, setEndDay] = useState('');
  const [endTime, setEndTime] = useState('');
  const [tlp, setTlp] = useState<Tlp>('amber');

  const submit = () => {
    if (!election || !template) return;
    const periodStart = helsinkiToIso(startDay, startTime);
    const periodEnd = helsinkiToIso(endDay, endTime);
    create.mutate(
      {
        electionId: election,
        templateId: template,
        tlp,
        ...(periodStart ? { periodStart } : {}),
        ...(periodEnd ? { periodEnd } : {}),
      },
      {
        onSuccess: (sitrep) => {
          onClose();
          void navigate(`/reports/${sitrep.id}`);
        },
      },
    );
  };

  return (
    <Form
      className="stack"
      validationErrors={fieldErrors(t, create.error)}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <SelectField
        label={t('sitreps.create.election')}
        isRequired
        autoFocus
        value={election}
        onChange={setElection}
        name="electionId"
        options={(elections.data?.items ?? []).map((e) => ({
          id: e.id,
          label: localisedName(e.name, words.locale),
        }))}
      />
      <SelectField
        label={t('sitreps.create.template')}
        isRequired
        value={template}
        onChange={setTemplate}
        name="templateId"
        description={t('sitreps.create.templateHint')}
        options={(templates.data?.items ?? []).map((tpl) => ({
          id: tpl.id,
          label: localisedName(tpl.name, words.locale),
        }))}
      />
      <fieldset className="fieldset">
        <legend className="fieldset__legend">{t('sitreps.create.period')}</legend>
        <p className="field__description">{t('sitreps.create.periodHint')}</p>
        <div className="sitrep-row">
          <TextField
            label={t('sitreps.create.startDay')}
            type="date"
            value={startDay}
            onChange={setStartDay}
            size="narrow"
          />
          <TextField
            label={t('sitreps.create.startTime')}
            type="time"
            value={startTime}
            onChange={setStartTime}
            isRequired={startDay !== ''}
            size="narrow"
          />
        </div>
        <div className="sitrep-row">
          <TextField
            label={t('sitreps.create.endDay')}
            type="date"
            value={endDay}
            onChange={setEndDay}
            size="narrow"
          />
          <TextField
            label={t('sitreps.create.endTime')}
            type="time"
            value={endTime}
            onChange={setEndTime}
            isRequired={endDay !== ''}
            size="narrow"
          />
        </div>
      </fieldset>
      <SelectField
        label={t('sitreps.fields.marking')}
        value={tlp}
        onChange={(v) => setTlp(v as Tlp)}
        name="tlp"
        description={t('sitreps.create.markingHint')}
        options={tlpLevels.map((level) => ({
          id: level,
          label: `${tlpText(level)} – ${words.tlpMeaning(level)}`,
        }))}
      />
      <ErrorBanner error={create.error} />
      <div className="actions">
        <Button type="submit" variant="primary" isPending={create.isPending}>
          {t('sitreps.create.submit')}
        </Button>
        <Button onPress={onClose}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
};

export const SitrepCreateDialog = ({
  isOpen,
  onClose,
  electionId,
}: {
  isOpen: boolean;
  onClose: () => void;
  electionId?: string;
}) => {
  const { t } = useTranslation();
  return (
    <ModalDialog title={t('sitreps.create.title')} isOpen={isOpen} onClose={onClose} size="wide">
      <CreateForm onClose={onClose} electionId={electionId} />
    </ModalDialog>
  );
};
