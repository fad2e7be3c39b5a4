import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { locales, type Locale } from '../../../../shared/contracts/common.js';
import { Banner } from '../../components/banner.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { Markdown } from '../../components/markdown.js';
import { ExchangeDownloads, ReleaseToPartner } from '../../components/release-to-partner.js';
import { SelectField } from '../../components/select-field.js';
import { useSignedInUser } from '../../lib/session.js';
import { IncidentLine } from './sitrep-incidents.js';
import { pickText, TlpLabel, useSitrepWords } from './sitrep-words.js';
import { exportHref, sitrepsApi, useSitrepVersion, type Sitrep, type SitrepVersion } from './sitreps-api.js';

const isLocale = (value: string | null): value is Locale => locales.includes(value as Locale);

/**
 * The language to show: the one asked for, else as the server's `readingLanguage` chooses the default
 * (the reader's own, else the first of their fallback languages the version has, else the first the
 * version has), else the reader's own.
 */
export const chooseLanguage = (
  asked: Locale | null,
  own: Locale,
  fallbacks: readonly Locale[],
  available: readonly Locale[],
): Locale =>
  [asked, own, ...fallbacks, ...locales, ...available].find(
    (l): l is Locale => l !== null && available.includes(l),
  ) ?? own;

/** Posts the read receipt once per version and page visit; drafters reading their own report post none. */
const useReadReceipt = (
  sitrep: Sitrep,
  number: number | null,
  language: Locale,
  available: readonly Locale[],
) => {
  const posted = useRef(new Set<number>());
  const complete = available.includes(language);
  useEffect(() => {
    // The server takes receipts only in a language the version is complete in.
    if (number === null || !complete || sitrep.draft !== null || posted.current.has(number)) return;
    posted.current.add(number);
    void sitrepsApi.read(sitrep.id, number, language).catch(() => undefined);
  }, [sitrep.id, sitrep.draft, number, language, complete]);
};

const LanguageSwitch = ({
  available,
  language,
  onChange,
}: {
  available: readonly Locale[];
  language: Locale;
  onChange: (l: Locale) => void;
}) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  return (
    <nav aria-label={t('sitreps.read.languages')}>
      <ul className="actions" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {locales.map((l) =>
          available.includes(l) ? (
            <li key={l}>
              <button
                type="button"
                className={
                  l === language
                    ? 'button button--primary button--small'
                    : 'button button--secondary button--small'
                }
                aria-pressed={l === language}
                onClick={() => onChange(l)}
              >
                {words.language(l)}
              </button>
            </li>
          ) : (
            <li key={l} className="small muted">
              {t('sitreps.read.languageMissing', { language: words.language(l) })}
            </li>
          ),
        )}
      </ul>
    </nav>
  );
};

const VersionBody = ({
  sitrep,
  version,
  language,
}: {
  sitrep: Sitrep;
  version: SitrepVersion;
  language: Locale;
}) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const { content } = version;
  const text = (value: SitrepVersion['content']['title']) => value[language] || '';
  return (
    <article className="stack sitrep-reading" lang={language} aria-labelledby="sitrep-read-title">
      <div className="sitrep-reading__marking">
        <TlpLabel tlp={version.tlp} large />
        <span>{words.tlpMeaning(version.tlp)}</span>
      </div>
      <header className="stack" style={{ gap: 'var(--space-2)' }}>
        <h3 id="sitrep-read-title" style={{ fontSize: '1.375rem' }}>
          {text(content.title) || pickText(content.title, language)}
        </h3>
        <dl className="sitrep-meta small">
          <dt>{t('sitreps.read.election')}</dt>
          <dd>{pickText(content.election.name, language)}</dd>
          <dt>{t('sitreps.fields.period')}</dt>
          <dd>{words.period(content.periodStart, content.periodEnd)}</dd>
          <dt>{t('sitreps.versions.version')}</dt>
          <dd>{version.number}</dd>
          <dt>{t('sitreps.versions.approved')}</dt>
          <dd>
            {version.approvedBy.name}, {words.dateTime(version.approvedAt)}
          </dd>
          {version.distributedAt ? (
            <>
              <dt>{t('sitreps.versions.distributed')}</dt>
              <dd>{words.dateTime(version.distributedAt)}</dd>
            </>
          ) : null}
        </dl>
        {content.loweredMarking ? (
          <p className="small">
            {t('sitreps.read.sanitised', {
              from: `TLP:${content.loweredMarking.from.toUpperCase()}`,
              to: `TLP:${content.loweredMarking.to.toUpperCase()}`,
            })}
          </p>
        ) : null}
      </header>
      {content.sections.map((section) => (
        <section
          key={section.key}
          aria-labelledby={`read-${section.key}`}
          className="stack"
          style={{ gap: 'var(--space-2)' }}
        >
          <h4 id={`read-${section.key}`}>{text(section.title) || pickText(section.title, language)}</h4>
          {section.body[language].trim() ? (
            <Markdown>{section.body[language]}</Markdown>
          ) : (
            <p className="muted">{t('sitreps.read.sectionNotInLanguage')}</p>
          )}
        </section>
      ))}
      <section aria-labelledby="read-incidents" className="stack" style={{ gap: 'var(--space-2)' }}>
        <h4 id="read-incidents">{t('sitreps.read.incidents')}</h4>
        <p className="small muted">
          {t('sitreps.read.incidentsFrozen', { at: words.dateTime(version.approvedAt) })}
        </p>
        {content.incidents.length === 0 ? (
          <p className="muted">{t('sitreps.incidents.none')}</p>
        ) : (
          <ul className="sitrep-list-plain">
            {content.incidents.map((incident) => (
              <li key={incident.id}>
                <IncidentLine incident={incident} linked={false} />
                <Link className="small" to={`/incidents/${incident.id}`}>
                  {t('sitreps.read.incidentNow', { title: incident.title })}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      {content.recipients.organisations.length + content.recipients.communities.length > 0 ? (
        <section aria-labelledby="read-recipients">
          <h4 id="read-recipients">{t('sitreps.recipients.title')}</h4>
          <p className="small">
            {[
              ...content.recipients.communities.map((c) => pickText(c.name, language)),
              ...content.recipients.organisations.map((o) => o.shortName),
            ].join(', ')}
          </p>
        </section>
      ) : null}
      <div className="sitrep-reading__marking">
        <TlpLabel tlp={version.tlp} large />
        <span className="small">{sitrep.id}</span>
      </div>
    </article>
  );
};

/** The approved version in the reader's language, with its downloads; opened by recipients and drafters. */
export const SitrepReader = ({ sitrep }: { sitrep: Sitrep }) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const me = useSignedInUser();
  const [params, setParams] = useSearchParams();
  const askedVersion = Number(params.get('version'));
  const number =
    sitrep.versions.find((v) => v.number === askedVersion)?.number ?? sitrep.versions[0]?.number ?? null;
  const summary = sitrep.versions.find((v) => v.number === number);
  const version = useSitrepVersion(sitrep.id, number);
  const complete = version.data?.languages ?? summary?.languages ?? [];
  // A version complete in no language is still readable: every language is offered, partly empty.
  const available = complete.length > 0 ? complete : locales;
  const askedLanguage = params.get('language');
  const language = chooseLanguage(
    isLocale(askedLanguage) ? askedLanguage : null,
    words.locale,
    me.reportFallbackLanguages,
    available,
  );
  useReadReceipt(sitrep, version.data ? number : null, language, complete);
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };

  if (number === null) {
    return (
      <Banner tone="info" live={false}>
        <p>{t('sitreps.read.noVersion')}</p>
      </Banner>
    );
  }
  return (
    <section className="stack" aria-labelledby="sitrep-reader-title">
      <h2 id="sitrep-reader-title" className="section__title">
        {t('sitreps.read.title', { number })}
      </h2>
      <div className="section">
        <div className="sitrep-row">
          {sitrep.versions.length > 1 ? (
            <SelectField
              label={t('sitreps.read.version')}
              value={String(number)}
              onChange={(value) => set('version', value)}
              options={sitrep.versions.map((v) => ({
                id: String(v.number),
                label: t('sitreps.read.versionOption', {
                  number: v.number,
                  at: words.dateTime(v.approvedAt),
                }),
              }))}
              size="narrow"
            />
          ) : null}
          <div className="stack" style={{ gap: 'var(--space-1)' }}>
            <span className="field__label">{t('sitreps.read.languages')}</span>
            <LanguageSwitch available={available} language={language} onChange={(l) => set('language', l)} />
          </div>
        </div>
        {complete.length === 0 ? (
          <Banner tone="info" live={false}>
            <p>{t('sitreps.read.noCompleteLanguage')}</p>
          </Banner>
        ) : null}
        {complete.length > 0 && !complete.includes(words.locale) ? (
          <Banner tone="info" live={false}>
            <p>
              {t('sitreps.read.fallback', {
                own: words.language(words.locale),
                shown: words.language(language),
              })}
            </p>
          </Banner>
        ) : null}
        <div className="actions" role="group" aria-label={t('sitreps.read.downloads')}>
          <span className="field__label">{t('sitreps.read.downloads')}</span>
          {(['pdf', 'md', 'html'] as const).map((format) => (
            <a
              key={format}
              className="button button--secondary button--small"
              href={exportHref(sitrep.id, format, { version: number, language })}
              download
            >
              {t(`sitreps.read.download.${format}`, { language: words.language(language) })}
            </a>
          ))}
          <ExchangeDownloads record={{ type: 'sitrep', id: sitrep.id, versionNumber: number }} />
          {summary ? (
            <ReleaseToPartner
              record={{
                type: 'sitrep',
                id: sitrep.id,
                title: pickText(sitrep.title, words.locale) || words.kind(sitrep.kind),
                tlp: summary.tlp,
                versionNumber: number,
              }}
            />
          ) : null}
        </div>
      </div>
      {version.isPending ? <Loading /> : null}
      <ErrorBanner error={version.error} />
      {version.data ? <VersionBody sitrep={sitrep} version={version.data} language={language} /> : null}
    </section>
  );
};
