import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, NavLink } from 'react-router';
import { can } from '../../../../shared/access/roles.js';
import type { Intake } from '../../../../shared/contracts/incidents.js';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { PageHeader } from '../../components/page-header.js';
import { TextField } from '../../components/text-field.js';
import { fieldErrors } from '../../lib/error-message.js';
import { useSignedInUser } from '../../lib/session.js';
import { AreaPicker } from './area-picker.js';
import { useIntake, type Incident } from './incidents-api.js';
import { parseLinks } from './intake-links.js';
import { RadioChoices } from '../../components/radio-choices.js';
import { isoToWallClock, wallClockToIso } from './wall-clock.js';
import './incidents.css';

export const howDoYouKnowChoices = ['saw_myself', 'told_by_someone', 'online', 'media', 'other'] as const;
type HowDoYouKnow = (typeof howDoYouKnowChoices)[number];

/** Between the reporter's pages: the form and their own reports. */
export const ReportTabs = () => {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('incidents.report.tabsLabel')}>
      <ul className="tabs-nav">
        <li>
          <NavLink to="/report" end>
            {t('incidents.report.newTab')}
          </NavLink>
        </li>
        <li>
          <NavLink to="/report/mine">{t('incidents.report.mineTab')}</NavLink>
        </li>
      </ul>
    </nav>
  );
};

const Sent = ({ incident, onAnother }: { incident: Incident; onAnother: () => void }) => {
  const { t } = useTranslation();
  return (
    <div className="stack intake">
      <Banner tone="success" title={t('incidents.report.thanksTitle')}>
        <p>{t('incidents.report.thanks')}</p>
      </Banner>
      <p>
        <Link to={`/incidents/${incident.id}`}>{t('incidents.report.followIt')}</Link>
      </p>
      <p className="muted">{t('incidents.report.whatNext')}</p>
      <div className="actions">
        <Button variant="primary" onPress={onAnother}>
          {t('incidents.report.another')}
        </Button>
        <Link to="/report/mine">{t('incidents.report.seeMine')}</Link>
      </div>
    </div>
  );
};

export const ReportPage = () => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const [formKey, setFormKey] = useState(0);
  const [sent, setSent] = useState<Incident | null>(null);
  if (!can(me, 'content.create')) {
    return (
      <>
        <PageHeader title={t('incidents.report.title')} />
        <p>{t('incidents.report.noAccess')}</p>
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('incidents.report.title')} description={t('incidents.report.lead')} />
      <ReportTabs />
      {sent ? (
        <Sent
          incident={sent}
          onAnother={() => {
            setSent(null);
            setFormKey((key) => key + 1);
          }}
        />
      ) : (
        <IntakeForm key={formKey} onSent={setSent} />
      )}
    </>
  );
};

const IntakeForm = ({ onSent }: { onSent: (incident: Incident) => void }) => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const intake = useIntake();
  const [now] = useState(() => isoToWallClock(new Date().toISOString(), me.timeZone));
  const [whatHappened, setWhatHappened] = useState('');
  const [areaCodes, setAreaCodes] = useState<string[]>([]);
  const [place, setPlace] = useState('');
  const [day, setDay] = useState(now.day);
  const [time, setTime] = useState(now.time);
  const [how, setHow] = useState<HowDoYouKnow | null>(null);
  const [details, setDetails] = useState('');
  const [linksText, setLinksText] = useState('');

  const { links, invalid } = parseLinks(linksText);
  const when = wallClockToIso(day, time, me.timeZone);
  // A few minutes of leeway for a clock that runs a little ahead.
  const isInFuture = () => when !== undefined && Date.parse(when) > Date.now() + 5 * 60_000;
  const errors: Record<string, string> = fieldErrors(t, intake.error);
  if (errors['where.place'] || errors['where.areaCodes']) errors.place = t('validation.checkField');
  if (errors.howDoYouKnowDetails) errors.details = errors.howDoYouKnowDetails;

  return (
    <Form
      className="stack intake"
      validationErrors={errors}
      onSubmit={(event) => {
        event.preventDefault();
        if (!when || !how || invalid.length > 0 || isInFuture()) return;
        const body: Intake = {
          whatHappened: whatHappened.trim(),
          where: { areaCodes, place: place.trim() },
          when,
          howDoYouKnow: how,
          howDoYouKnowDetails: details.trim(),
          links,
          electionId: null,
        };
        intake.mutate(body, { onSuccess: onSent });
      }}
    >
      {intake.error ? <ErrorBanner error={intake.error} title={t('incidents.report.notSent')} /> : null}
      <p className="intake-step__hint">{t('incidents.report.intro')}</p>

      <TextField
        label={t('incidents.report.whatHappened')}
        description={t('incidents.report.whatHappenedHint')}
        name="whatHappened"
        multiline
        rows={7}
        isRequired
        minLength={10}
        maxLength={10_000}
        value={whatHappened}
        onChange={setWhatHappened}
        size="wide"
        autoFocus
      />

      <fieldset className="fieldset">
        <legend className="fieldset__legend">{t('incidents.report.where')}</legend>
        <AreaPicker
          type="municipality"
          label={t('incidents.report.municipality')}
          chosenLabel={t('incidents.report.chosenMunicipalities')}
          description={t('incidents.report.municipalityHint')}
          value={areaCodes}
          onChange={setAreaCodes}
          max={20}
        />
        <TextField
          label={t('incidents.report.place')}
          description={t('incidents.report.placeHint')}
          name="place"
          maxLength={300}
          value={place}
          onChange={setPlace}
          size="wide"
        />
      </fieldset>

      <fieldset className="fieldset">
        <legend className="fieldset__legend">{t('incidents.report.when')}</legend>
        <p className="field__description">{t('incidents.report.whenHint')}</p>
        <div className="form-columns">
          <TextField
            label={t('incidents.report.day')}
            name="when"
            type="date"
            isRequired
            value={day}
            onChange={setDay}
            size="narrow"
            validate={() => (isInFuture() ? t('incidents.report.whenInFuture') : null)}
          />
          <TextField
            label={t('incidents.report.time')}
            type="time"
            isRequired
            value={time}
            onChange={setTime}
            size="narrow"
          />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend className="fieldset__legend">{t('incidents.report.how')}</legend>
        <RadioChoices
          label={t('incidents.report.howLabel')}
          name="howDoYouKnow"
          isRequired
          value={how}
          onChange={(value) => setHow(value as HowDoYouKnow)}
          choices={howDoYouKnowChoices.map((choice) => ({
            value: choice,
            label: t(`incidents.report.howChoices.${choice}`),
          }))}
        />
        <TextField
          label={t('incidents.report.details')}
          description={t('incidents.report.detailsHint')}
          name="details"
          multiline
          rows={3}
          maxLength={2000}
          value={details}
          onChange={setDetails}
          size="wide"
        />
      </fieldset>

      <TextField
        label={t('incidents.report.links')}
        description={t('incidents.report.linksHint')}
        name="links"
        multiline
        rows={3}
        value={linksText}
        onChange={setLinksText}
        size="wide"
        validate={() =>
          invalid.length > 0 ? t('incidents.report.linksInvalid', { lines: invalid.join(', ') }) : null
        }
      />

      <p className="muted small">{t('incidents.report.whoSees')}</p>
      <div className="actions">
        <Button type="submit" variant="primary" isPending={intake.isPending}>
          {t('incidents.report.send')}
        </Button>
      </div>
    </Form>
  );
};
