import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { incidentIdSchema, type Incident } from '../../../../../shared/contracts/incidents.js';
import { Banner } from '../../../components/banner.js';
import { Button } from '../../../components/button.js';
import { ErrorBanner } from '../../../components/error-banner.js';
import { Loading } from '../../../components/loading.js';
import { Markdown } from '../../../components/markdown.js';
import { PageHeader } from '../../../components/page-header.js';
import { ExchangeDownloads, ReleaseToPartner } from '../../../components/release-to-partner.js';
import { StatusBadge } from '../../../components/status-badge.js';
import { isApiError } from '../../../lib/api.js';
import { usePageTitle } from '../../../lib/use-page-title.js';
import { TlpBadge, useIncidentLabels } from '../incident-labels.js';
import { useIncident, useLockState } from './detail-api.js';
import { EventTimeline } from './event-timeline.js';
import { IncidentEditForm } from './incident-edit-form.js';
import { IncidentFields } from './incident-fields.js';
import { IncidentSections } from './incident-sections.js';
import { SharingDialog } from './sharing-dialog.js';
import { SharingSummary } from './sharing-summary-view.js';
import { StatusActions } from './status-actions.js';
import { useEditLock } from './use-edit-lock.js';
import { useNames, type Names } from './use-names.js';
import './detail.css';

const statusTone = (incident: Incident) =>
  incident.status === 'closed' ? 'neutral' : incident.status === 'new' ? 'warning' : 'positive';

const Summary = ({ incident }: { incident: Incident }) => {
  const { t } = useTranslation();
  const labels = useIncidentLabels();
  return (
    <ul className="incident-summary" aria-label={t('incident-detail.summary')}>
      <li>
        <TlpBadge tlp={incident.tlp} />
      </li>
      <li>
        <span className="incident-summary__label">{t('incident-detail.fieldNames.status')}</span>{' '}
        <StatusBadge tone={statusTone(incident)}>
          {labels.status(incident.status)}
          {incident.closingReason ? ` · ${labels.closingReason(incident.closingReason)}` : ''}
        </StatusBadge>
      </li>
      <li>
        <span className="incident-summary__label">{t('incident-detail.fieldNames.severity')}</span>{' '}
        <strong>{labels.severity(incident.severity)}</strong>
      </li>
      <li>
        <span className="incident-summary__label">{t('incident-detail.fieldNames.domains')}</span>{' '}
        {incident.domains.map(labels.domain).join(', ')}
      </li>
      <li>
        <span className="incident-summary__label">{t('incident-detail.fieldNames.category')}</span>{' '}
        {labels.category(incident.category)}
      </li>
    </ul>
  );
};

/** A duplicate is a tombstone: the record lives on in the incident it was merged into. */
const DuplicateNotice = ({ incident }: { incident: Incident }) => {
  const { t } = useTranslation();
  if (incident.closingReason !== 'duplicate' || !incident.duplicateOfId) return null;
  return (
    <Banner tone="warning" title={t('incident-detail.duplicate.title')}>
      <p>{t('incident-detail.duplicate.body')}</p>
      <p>
        <Link className="duplicate-link" to={`/incidents/${encodeURIComponent(incident.duplicateOfId)}`}>
          {t('incident-detail.duplicate.open')}
        </Link>
      </p>
    </Banner>
  );
};

const IncidentView = ({ incident, names }: { incident: Incident; names: Names }) => {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [sharing, setSharing] = useState(false);
  const lockState = useLockState(incident.id);
  const [lostLock, setLostLock] = useState(false);
  // Someone else took the lock first: leave edit mode; the notice below names them.
  useEditLock(incident.id, editing, () => {
    setEditing(false);
    setLostLock(true);
  });
  const heldByOther = lockState.data?.lock && !lockState.data.lock.mine ? lockState.data.lock : null;
  const canEdit = incident.permissions.edit;
  const startEditing = () => {
    setLostLock(false);
    setEditing(true);
  };

  return (
    <>
      <PageHeader
        title={incident.title}
        actions={
          canEdit && !editing ? (
            <>
              <Button variant="primary" onPress={startEditing} isDisabled={Boolean(heldByOther)}>
                {t('common.edit')}
              </Button>
              <Button onPress={() => setSharing(true)} isDisabled={Boolean(heldByOther)}>
                {t('incident-detail.sharing.open')}
              </Button>
            </>
          ) : null
        }
      />
      <Summary incident={incident} />
      <div className="actions" role="group" aria-label={t('exchange.downloads.label')}>
        <ExchangeDownloads record={{ type: 'incident', id: incident.id }} />
        <ReleaseToPartner
          record={{ type: 'incident', id: incident.id, title: incident.title, tlp: incident.tlp }}
        />
      </div>
      <DuplicateNotice incident={incident} />
      {heldByOther ? (
        <Banner tone="info">
          <p>{t('incident-detail.lock.heldBy', { name: heldByOther.userName })}</p>
        </Banner>
      ) : null}
      {lostLock ? (
        <Banner tone="warning">
          <p>{t('incident-detail.lock.couldNotTake')}</p>
        </Banner>
      ) : null}
      {canEdit && !editing ? <StatusActions incident={incident} isDisabled={Boolean(heldByOther)} /> : null}

      <div className="sections">
        {editing ? (
          <section className="section">
            <IncidentEditForm
              incident={incident}
              names={names}
              canSave={!heldByOther}
              onDone={() => setEditing(false)}
            />
          </section>
        ) : (
          <>
            <section className="section" aria-labelledby="incident-description-title">
              <h2 id="incident-description-title" className="section__title">
                {t('incident-detail.fieldNames.description')}
              </h2>
              {incident.description.trim() ? (
                <Markdown className="incident-description">{incident.description}</Markdown>
              ) : (
                <p className="muted">{t('incident-detail.noDescription')}</p>
              )}
            </section>
            <section className="section" aria-labelledby="incident-fields-title">
              <h2 id="incident-fields-title" className="section__title">
                {t('incident-detail.details')}
              </h2>
              <IncidentFields incident={incident} names={names} />
            </section>
          </>
        )}
        <section className="section" aria-labelledby="incident-sharing-title">
          <h2 id="incident-sharing-title" className="section__title">
            {t('incident-detail.sharing.whoSees')}
          </h2>
          <p>
            <TlpBadge tlp={incident.tlp} />
          </p>
          <SharingSummary incident={incident} names={names} />
        </section>
        <IncidentSections incidentId={incident.id} canEdit={canEdit && !heldByOther} />
        <EventTimeline incidentId={incident.id} names={names} />
      </div>
      <SharingDialog incident={incident} names={names} isOpen={sharing} onClose={() => setSharing(false)} />
    </>
  );
};

const NotFound = () => {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('incident-detail.notFound.title')} />
      <p>{t('incident-detail.notFound.body')}</p>
      <p>
        <Link to="/incidents">{t('incident-detail.backToList')}</Link>
      </p>
    </>
  );
};

const LoadedIncident = ({ id }: { id: string }) => {
  const { t } = useTranslation();
  const incident = useIncident(id);
  const names = useNames();
  usePageTitle(incident.data?.title ?? t('incident-detail.loadingTitle'));
  if (incident.isPending) return <Loading />;
  if (isApiError(incident.error, 'not_found')) return <NotFound />;
  if (!incident.data) {
    return (
      <>
        <PageHeader title={t('incident-detail.loadingTitle')} />
        <ErrorBanner error={incident.error} />
        <Button onPress={() => void incident.refetch()}>{t('common.retry')}</Button>
      </>
    );
  }
  return <IncidentView key={incident.data.id} incident={incident.data} names={names} />;
};

export const IncidentPage = () => {
  const { id = '' } = useParams();
  // An id that cannot exist answers like one the reader may not see.
  if (!incidentIdSchema.safeParse(id).success) return <NotFound />;
  return <LoadedIncident id={id} />;
};
