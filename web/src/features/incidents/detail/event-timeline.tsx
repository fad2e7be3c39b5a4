import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorBanner } from '../../../components/error-banner.js';
import { Loading } from '../../../components/loading.js';
import { formatDateTime } from '../../../lib/format.js';
import { useLocale } from '../../../lib/i18n.js';
import { useSignedInUser } from '../../../lib/session.js';
import { useIncidentEvents, type IncidentEvent } from './detail-api.js';
import { describeEvent, type EventLine } from './event-sentences.js';
import { useIncidentLabels, tlpText, type IncidentLabels } from '../incident-labels.js';
import type { Names } from './use-names.js';
import type { Tlp } from '../../../../../shared/access/tlp.js';

const organisationFields = new Set(['leadOrganisationId', 'ownerOrganisationId']);

const useValueFormatter = (labels: IncidentLabels, names: Names) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const none = t('incident-detail.fields.none');
  const one = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return none;
    if (typeof value === 'number' || typeof value === 'string') {
      const text = String(value);
      switch (field) {
        case 'status':
          return labels.status(text);
        case 'severity':
          return labels.severity(Number(value));
        case 'impactOnConduct':
        case 'impactOnConfidence':
        case 'impactConduct':
        case 'impactConfidence':
          return labels.impact(text);
        case 'tlp':
          return tlpText(text as Tlp);
        case 'closingReason':
          return labels.closingReason(text);
        case 'category':
          return labels.category(text);
        case 'domains':
          return labels.domain(text);
        case 'phaseKey':
          return labels.phase(text);
        case 'firstSeen':
        case 'lastSeen':
          return formatDateTime(text, locale, me.timeZone);
        case 'sourceReliability':
          return labels.reliability(text);
        case 'informationCredibility':
          return labels.credibility(Number(value));
        case 'supportingOrganisationIds':
        case 'sharedOrganisationIds':
        case 'organisations':
          return names.organisation(text);
        case 'sharedCommunityIds':
        case 'communities':
          return names.community(text);
        case 'sharedUserIds':
        case 'users':
          return names.person(text);
        case 'description':
          return text.length > 80 ? `${text.slice(0, 80)}…` : text;
        default:
          return organisationFields.has(field) ? names.organisation(text) : text;
      }
    }
    if (Array.isArray(value))
      return value.length === 0 ? none : value.map((item) => one(field, item)).join(', ');
    if (typeof value === 'object') {
      // sharedWith: { organisations, communities, users }
      return (
        Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => Array.isArray(v) && v.length > 0)
          .map(([key, v]) => `${t(`incident-detail.sharing.${key}`, { defaultValue: key })}: ${one(key, v)}`)
          .join('; ') || none
      );
    }
    return String(value);
  };
  return one;
};

const Line = ({ line }: { line: EventLine }) => {
  const { t } = useTranslation();
  const target = line.values.target ?? line.values.source;
  const text = t(`incident-detail.history.${line.key}`, line.values);
  if (!target) return <>{text}</>;
  return (
    <>
      {text}{' '}
      <Link to={`/incidents/${encodeURIComponent(target)}`}>{t('incident-detail.history.openLinked')}</Link>
    </>
  );
};

const EventItem = ({
  event,
  names,
  labels,
}: {
  event: IncidentEvent;
  names: Names;
  labels: IncidentLabels;
}) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const formatValue = useValueFormatter(labels, names);
  const lines = describeEvent(event, {
    actor: names.actor(event.actorUserId, event.actorOrganisationId),
    fieldLabel: (field) => t(`incident-detail.fieldNames.${field}`, { defaultValue: field }),
    formatValue,
    thingLabel: (thing) => t(`incident-detail.things.${thing}`, { defaultValue: thing.replace(/_/g, ' ') }),
  });
  return (
    <li className="timeline__item">
      <time className="timeline__time" dateTime={event.occurredAt}>
        {formatDateTime(event.occurredAt, locale, me.timeZone)}
      </time>
      <ul className="timeline__lines">
        {lines.map((line, index) => (
          <li key={index}>
            <Line line={line} />
          </li>
        ))}
      </ul>
    </li>
  );
};

export const EventTimeline = ({ incidentId, names }: { incidentId: string; names: Names }) => {
  const { t } = useTranslation();
  const labels = useIncidentLabels();
  const events = useIncidentEvents(incidentId);
  return (
    <section className="section" aria-labelledby="incident-history-title">
      <h2 id="incident-history-title" className="section__title">
        {t('incident-detail.history.title')}
      </h2>
      {events.isPending ? <Loading /> : null}
      <ErrorBanner error={events.error} />
      {events.data && events.data.items.length === 0 ? (
        <p className="muted">{t('incident-detail.history.empty')}</p>
      ) : null}
      {events.data && events.data.items.length > 0 ? (
        <ol className="timeline">
          {events.data.items.map((event) => (
            <EventItem key={event.id} event={event} names={names} labels={labels} />
          ))}
        </ol>
      ) : null}
    </section>
  );
};
