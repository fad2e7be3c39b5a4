import { useTranslation } from 'react-i18next';
import { compareTlp } from '../../../../shared/access/tlp.js';
import { Banner } from '../../components/banner.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { SelectField } from '../../components/select-field.js';
import { useDirectoryNames } from './sitrep-names.js';
import { tlpLevels, tlpText, TlpLabel, useIssueLines, useSitrepWords } from './sitrep-words.js';
import { useUpdateSitrep, type Sitrep, type SitrepDraft, type Tlp } from './sitreps-api.js';

/** The report's marking against the floor its contents set, and what stops approval, in plain words. */
export const MarkingPanel = ({ sitrep, draft }: { sitrep: Sitrep; draft: SitrepDraft }) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const names = useDirectoryNames();
  const update = useUpdateSitrep(sitrep.id);
  const { check } = draft;
  const incidentTitle = (id: string) =>
    draft.incidents.find((i) => i.id === id)?.title ?? t('sitreps.incidents.hidden');
  const issueLines = useIssueLines({
    organisation: names.organisationFull,
    community: names.community,
    incident: incidentTitle,
  });
  const below = compareTlp(check.tlp, check.markingFloor) < 0;
  const blocking = check.blocking.filter((issue) => issue.code !== 'language_missing');
  const editable = draft.permissions.edit && draft.status === 'draft';

  return (
    <section className="section" aria-labelledby="sitrep-marking-title">
      <h2 id="sitrep-marking-title" className="section__title">
        {t('sitreps.marking.title')}
      </h2>
      <dl className="stack" style={{ gap: 'var(--space-2)', margin: 0 }}>
        <div>
          <dt className="small muted">{t('sitreps.marking.report')}</dt>
          <dd style={{ margin: 0 }}>
            <TlpLabel tlp={check.tlp} large /> <span className="small">{words.tlpMeaning(check.tlp)}</span>
          </dd>
        </div>
        <div>
          <dt className="small muted">{t('sitreps.marking.floor')}</dt>
          <dd style={{ margin: 0 }}>
            <TlpLabel tlp={check.markingFloor} />{' '}
            <span className="small">
              {draft.sanitisedFromId && !check.loweredMarking
                ? t('sitreps.marking.floorSanitised')
                : t('sitreps.marking.floorExplained')}
            </span>
          </dd>
        </div>
      </dl>
      {editable ? (
        <SelectField
          label={t('sitreps.marking.change')}
          value={check.tlp}
          isDisabled={update.isPending}
          description={t('sitreps.marking.changeHint', { floor: tlpText(check.markingFloor) })}
          onChange={(value) => update.mutate({ revision: draft.revision, tlp: value as Tlp })}
          options={tlpLevels.map((level) => ({
            id: level,
            label:
              compareTlp(level, check.markingFloor) < 0
                ? t('sitreps.marking.belowFloorOption', { tlp: tlpText(level) })
                : tlpText(level),
          }))}
        />
      ) : null}
      <ErrorBanner error={update.error} />
      {below && !check.loweredMarking ? (
        <Banner tone="error" live={false} title={t('sitreps.marking.belowTitle')}>
          <p>{t('sitreps.marking.below', { floor: tlpText(check.markingFloor) })}</p>
        </Banner>
      ) : null}
      {check.loweredMarking ? (
        <Banner tone="info" live={false} title={t('sitreps.marking.loweredTitle')}>
          <p>
            {t('sitreps.marking.lowered', {
              from: tlpText(check.loweredMarking.from),
              to: tlpText(check.loweredMarking.to),
              name: check.loweredMarking.approvedBy.name,
              at: words.dateTime(check.loweredMarking.approvedAt),
            })}
          </p>
          <p>
            <strong>{t('sitreps.marking.reason')}</strong> {check.loweredMarking.reason}
          </p>
        </Banner>
      ) : null}
      <h3 className="subsection-title">{t('sitreps.check.title')}</h3>
      {blocking.length === 0 ? (
        <p>
          <span aria-hidden="true">✓ </span>
          {t('sitreps.check.ok')}
        </p>
      ) : (
        <>
          <p>
            <span aria-hidden="true">⚠ </span>
            {t('sitreps.check.blocked', { count: issueLines(blocking).length })}
          </p>
          <ul className="bullet-list">
            {issueLines(blocking).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </>
      )}
      <h3 className="subsection-title">{t('sitreps.check.languages')}</h3>
      {check.missingLanguages.length === 0 ? (
        <p>{t('sitreps.check.allLanguages')}</p>
      ) : (
        <p>
          {t('sitreps.check.missingLanguages', { languages: words.languages(check.missingLanguages) })}{' '}
          <span className="muted">{t('sitreps.check.missingNotBlocking')}</span>
        </p>
      )}
    </section>
  );
};
