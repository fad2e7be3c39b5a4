import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Incident } from '../../../../../shared/contracts/incidents.js';
import { formatDateTime, localisedName } from '../../../lib/format.js';
import { useLocale } from '../../../lib/i18n.js';
import { useSignedInUser } from '../../../lib/session.js';
import { useElections } from './detail-api.js';
import { admiraltyCode, useIncidentLabels } from '../incident-labels.js';
import type { Names } from './use-names.js';

const Field = ({ label, children }: { label: ReactNode; children: ReactNode }) => (
  <div className="incident-fields__item">
    <dt>{label}</dt>
    <dd>{children}</dd>
  </div>
);

const None = () => {
  const { t } = useTranslation();
  return <span className="muted">{t('incident-detail.fields.none')}</span>;
};

const list = (items: string[]) => (items.length > 0 ? items.join(', ') : <None />);

export const IncidentFields = ({ incident, names }: { incident: Incident; names: Names }) => {
  const { t } = useTranslation();
  const labels = useIncidentLabels();
  const locale = useLocale();
  const me = useSignedInUser();
  const elections = useElections();
  const when = (iso: string | null) => (iso ? formatDateTime(iso, locale, me.timeZone) : <None />);
  const election = incident.electionId
    ? elections.data?.find((item) => item.id === incident.electionId)
    : undefined;
  const electionName = election ? localisedName(election.name, locale) : incident.electionId;

  return (
    <dl className="incident-fields">
      <Field label={t('incident-detail.fields.impactOnConduct')}>
        {labels.impact(incident.impactOnConduct)}
      </Field>
      <Field label={t('incident-detail.fields.impactOnConfidence')}>
        {labels.impact(incident.impactOnConfidence)}
      </Field>
      <Field label={t('incident-detail.fields.admiralty')}>
        <strong>{admiraltyCode(incident.sourceReliability, incident.informationCredibility)}</strong>
        <span className="cell__secondary">
          {labels.reliability(incident.sourceReliability)};{' '}
          {labels.credibility(incident.informationCredibility)}
        </span>
      </Field>
      <Field label={t('incident-detail.fields.leadOrganisation')}>
        {incident.leadOrganisationId ? names.organisation(incident.leadOrganisationId) : <None />}
      </Field>
      <Field label={t('incident-detail.fields.supportingOrganisations')}>
        {list(incident.supportingOrganisationIds.map(names.organisation))}
      </Field>
      <Field label={t('incident-detail.fields.owner')}>
        {names.organisation(incident.ownerOrganisationId)}
      </Field>
      <Field label={t('incident-detail.fields.election')}>{electionName ?? <None />}</Field>
      <Field label={t('incident-detail.fields.phase')}>
        {incident.phaseKey ? labels.phase(incident.phaseKey) : <None />}
      </Field>
      <Field label={t('incident-detail.fields.areas')}>{list(incident.areaCodes)}</Field>
      <Field label={t('incident-detail.fields.firstSeen')}>{when(incident.firstSeen)}</Field>
      <Field label={t('incident-detail.fields.lastSeen')}>{when(incident.lastSeen)}</Field>
      <Field label={t('incident-detail.fields.reportedVia')}>
        {labels.reportedVia(incident.reportedVia)} · {names.person(incident.authorUserId)}
      </Field>
      <Field label={t('incident-detail.fields.corroborations')}>{incident.corroborationCount}</Field>
      <Field label={t('incident-detail.fields.created')}>{when(incident.createdAt)}</Field>
      <Field label={t('incident-detail.fields.updated')}>{when(incident.updatedAt)}</Field>
    </dl>
  );
};
