import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ButtonLink } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { StatusBadge } from '../../components/status-badge.js';
import { isApiError } from '../../lib/api.js';
import { localisedName } from '../../lib/format.js';
import { IncidentsPanel } from './sitrep-incidents.js';
import { MarkingPanel } from './sitrep-marking.js';
import { SitrepReader } from './sitrep-reader.js';
import { RecipientsPanel } from './sitrep-recipients.js';
import { SectionsPanel, TitlePanel } from './sitrep-sections.js';
import { ReceiptsPanel, VersionsPanel } from './sitrep-versions.js';
import { WorkflowPanel } from './sitrep-workflow.js';
import { pickText, statusTone, TlpLabel, useSitrepWords } from './sitrep-words.js';
import { useElections, useSitrep, type Sitrep } from './sitreps-api.js';

const Meta = ({ sitrep }: { sitrep: Sitrep }) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const elections = useElections();
  const election = elections.data?.items.find((e) => e.id === sitrep.electionId);
  return (
    <dl className="sitrep-meta">
      <dt>{t('sitreps.fields.marking')}</dt>
      <dd>
        <TlpLabel tlp={sitrep.tlp} large />
      </dd>
      <dt>{t('sitreps.fields.status')}</dt>
      <dd>
        <StatusBadge tone={statusTone(sitrep.status)}>{words.status(sitrep.status)}</StatusBadge>
      </dd>
      <dt>{t('sitreps.fields.period')}</dt>
      <dd>{words.period(sitrep.periodStart, sitrep.periodEnd)}</dd>
      <dt>{t('sitreps.fields.kind')}</dt>
      <dd>{words.kind(sitrep.kind)}</dd>
      {election ? (
        <>
          <dt>{t('sitreps.read.election')}</dt>
          <dd>
            <Link to={`/reports?electionId=${election.id}`}>
              {localisedName(election.name, words.locale)}
            </Link>
          </dd>
        </>
      ) : null}
      {sitrep.draft && (sitrep.draft.status === 'draft' || sitrep.draft.status === 'in_review') ? (
        <>
          <dt>{t('sitreps.fields.drafting')}</dt>
          <dd>{t('sitreps.versions.number', { number: sitrep.draft.versionNumber })}</dd>
        </>
      ) : null}
    </dl>
  );
};

const useLoadedSitrep = () => {
  const { id = '' } = useParams();
  return { id, query: useSitrep(id) };
};

const LoadState = ({ query }: { query: ReturnType<typeof useSitrep> }) => {
  const { t } = useTranslation();
  if (query.isPending) return <Loading />;
  if (isApiError(query.error, 'not_found')) {
    return (
      <>
        <PageHeader title={t('sitreps.notFound.title')} />
        <EmptyState
          title={t('sitreps.notFound.body')}
          action={<ButtonLink href="/reports">{t('sitreps.notFound.back')}</ButtonLink>}
        />
      </>
    );
  }
  return <ErrorBanner error={query.error} />;
};

/** A report: the drafting workspace for its drafters, the latest version for its recipients. */
export const SitrepPage = () => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const { query } = useLoadedSitrep();
  const sitrep = query.data;
  if (!sitrep) return <LoadState query={query} />;
  const title = pickText(sitrep.title, words.locale) || words.kind(sitrep.kind);
  const draft = sitrep.draft;
  if (!draft) {
    return (
      <>
        <PageHeader title={title} />
        <Meta sitrep={sitrep} />
        <SitrepReader sitrep={sitrep} />
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={title}
        actions={
          <div className="actions">
            {sitrep.versions.length > 0 ? (
              <ButtonLink href={`/reports/${sitrep.id}/read`}>{t('sitreps.page.readLatest')}</ButtonLink>
            ) : null}
            <ButtonLink href="/reports">{t('sitreps.page.backToList')}</ButtonLink>
          </div>
        }
      />
      <Meta sitrep={sitrep} />
      {draft.sanitisedFromId ? (
        <p>
          {t('sitreps.page.sanitisedFrom')}{' '}
          <Link to={`/reports/${draft.sanitisedFromId}`}>{t('sitreps.page.sanitisedSource')}</Link>
        </p>
      ) : null}
      <div className="sitrep-layout">
        <div className="sections">
          {draft.permissions.edit && draft.status === 'draft' ? (
            <TitlePanel key={draft.revision} sitrep={sitrep} draft={draft} />
          ) : null}
          <SectionsPanel sitrep={sitrep} draft={draft} />
          <IncidentsPanel sitrep={sitrep} draft={draft} />
          <VersionsPanel sitrep={sitrep} />
          <ReceiptsPanel sitrep={sitrep} />
        </div>
        <div className="sections">
          <WorkflowPanel sitrep={sitrep} draft={draft} />
          <MarkingPanel sitrep={sitrep} draft={draft} />
          <RecipientsPanel sitrep={sitrep} draft={draft} />
        </div>
      </div>
    </>
  );
};

/** The reading view of a version (?version=n&language=xx), for drafters and recipients alike. */
export const SitrepReadPage = () => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const { query } = useLoadedSitrep();
  const sitrep = query.data;
  if (!sitrep) return <LoadState query={query} />;
  return (
    <>
      <PageHeader
        title={pickText(sitrep.title, words.locale) || words.kind(sitrep.kind)}
        actions={
          sitrep.draft ? (
            <ButtonLink href={`/reports/${sitrep.id}`}>{t('sitreps.page.backToDraft')}</ButtonLink>
          ) : (
            <ButtonLink href="/reports">{t('sitreps.page.backToList')}</ButtonLink>
          )
        }
      />
      <Meta sitrep={sitrep} />
      <SitrepReader sitrep={sitrep} />
    </>
  );
};
