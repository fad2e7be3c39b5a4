import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { useDirectoryNames } from './sitrep-names.js';
import { pickText, TlpLabel, tlpText, useSitrepWords } from './sitrep-words.js';
import { useReceipts, useSitrepDiff, type Sitrep, type SitrepDiff } from './sitreps-api.js';

type VersionRow = Sitrep['versions'][number];

/** Changes marked by more than colour: underlined and announced as added, struck through as removed. */
const DiffParts = ({ parts }: { parts: SitrepDiff['sections'][number]['parts'] }) => {
  const { t } = useTranslation();
  return (
    <div className="sitrep-diff">
      {parts.map((part, index) =>
        part.kind === 'added' ? (
          <ins key={index}>
            <span className="visually-hidden">{t('sitreps.diff.addedStart')}</span>
            <span className="sitrep-diff__sign" aria-hidden="true">
              [+{' '}
            </span>
            {part.text}
            <span className="sitrep-diff__sign" aria-hidden="true">
              {' '}
              +]
            </span>
            <span className="visually-hidden">{t('sitreps.diff.addedEnd')}</span>
          </ins>
        ) : part.kind === 'removed' ? (
          <del key={index}>
            <span className="visually-hidden">{t('sitreps.diff.removedStart')}</span>
            <span className="sitrep-diff__sign" aria-hidden="true">
              [−{' '}
            </span>
            {part.text}
            <span className="sitrep-diff__sign" aria-hidden="true">
              {' '}
              −]
            </span>
            <span className="visually-hidden">{t('sitreps.diff.removedEnd')}</span>
          </del>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </div>
  );
};

export const DiffView = ({ sitrep, number }: { sitrep: Sitrep; number: number }) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const diff = useSitrepDiff(sitrep.id, number);
  const sectionTitle = (key: string) => {
    const section = sitrep.draft?.sections.find((s) => s.key === key);
    return section ? pickText(section.title, words.locale) : key;
  };
  const incidentTitle = (id: string) => sitrep.draft?.incidents.find((i) => i.id === id)?.title ?? id;
  const d = diff.data;
  if (!d) return diff.error ? <ErrorBanner error={diff.error} /> : <Loading />;
  const nothing =
    d.sections.length === 0 &&
    d.incidents.added.length === 0 &&
    d.incidents.removed.length === 0 &&
    d.tlp.from === d.tlp.to;
  return (
    <div className="stack" aria-labelledby={`sitrep-diff-${number}`} role="region">
      <h3 id={`sitrep-diff-${number}`} className="subsection-title">
        {t('sitreps.diff.title', { from: d.from, to: d.to })}
      </h3>
      <p className="small">{t('sitreps.diff.legend')}</p>
      {nothing ? <p>{t('sitreps.diff.nothing')}</p> : null}
      {d.tlp.from !== d.tlp.to ? (
        <p>{t('sitreps.diff.marking', { from: tlpText(d.tlp.from), to: tlpText(d.tlp.to) })}</p>
      ) : null}
      {d.incidents.added.length > 0 ? (
        <div>
          <h4 className="small">{t('sitreps.diff.incidentsAdded')}</h4>
          <ul className="bullet-list">
            {d.incidents.added.map((id) => (
              <li key={id}>{incidentTitle(id)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {d.incidents.removed.length > 0 ? (
        <div>
          <h4 className="small">{t('sitreps.diff.incidentsRemoved')}</h4>
          <ul className="bullet-list">
            {d.incidents.removed.map((id) => (
              <li key={id}>{incidentTitle(id)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {d.sections.map((section) => (
        <div key={`${section.key}-${section.language}`} lang={section.language}>
          <h4 className="small">
            {t('sitreps.diff.section', {
              title: sectionTitle(section.key),
              language: words.language(section.language),
            })}
          </h4>
          <DiffParts parts={section.parts} />
        </div>
      ))}
    </div>
  );
};

export const VersionsPanel = ({ sitrep }: { sitrep: Sitrep }) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const [shown, setShown] = useState<number | null>(null);
  return (
    <section className="section" aria-labelledby="sitrep-versions-title">
      <h2 id="sitrep-versions-title" className="section__title">
        {t('sitreps.versions.title')}
      </h2>
      {sitrep.versions.length === 0 ? (
        <p className="muted">{t('sitreps.versions.none')}</p>
      ) : (
        <DataTable<VersionRow>
          caption={t('sitreps.versions.caption')}
          captionHidden
          rows={sitrep.versions}
          rowKey={(row) => String(row.number)}
          columns={[
            {
              key: 'number',
              header: t('sitreps.versions.version'),
              isRowHeader: true,
              cell: (row) => (
                <Link to={`/reports/${sitrep.id}/read?version=${row.number}`}>
                  {t('sitreps.versions.number', { number: row.number })}
                </Link>
              ),
            },
            { key: 'tlp', header: t('sitreps.fields.marking'), cell: (row) => <TlpLabel tlp={row.tlp} /> },
            {
              key: 'approved',
              header: t('sitreps.versions.approved'),
              cell: (row) => `${row.approvedBy.name}, ${words.dateTime(row.approvedAt)}`,
            },
            {
              key: 'distributed',
              header: t('sitreps.versions.distributed'),
              cell: (row) =>
                row.distributedAt ? words.dateTime(row.distributedAt) : t('sitreps.versions.notDistributed'),
            },
            {
              key: 'languages',
              header: t('sitreps.versions.languages'),
              cell: (row) => (row.languages.length ? words.languages(row.languages) : '–'),
            },
            {
              key: 'diff',
              header: t('sitreps.versions.changes'),
              cell: (row) =>
                row.number > 1 ? (
                  <Button
                    size="small"
                    onPress={() => setShown(shown === row.number ? null : row.number)}
                    aria-expanded={shown === row.number}
                    aria-label={t('sitreps.versions.showChangesNamed', { number: row.number })}
                  >
                    {shown === row.number
                      ? t('sitreps.versions.hideChanges')
                      : t('sitreps.versions.showChanges')}
                  </Button>
                ) : (
                  <span className="muted">{t('sitreps.versions.first')}</span>
                ),
            },
          ]}
        />
      )}
      {shown !== null ? <DiffView sitrep={sitrep} number={shown} /> : null}
    </section>
  );
};

export const ReceiptsPanel = ({ sitrep }: { sitrep: Sitrep }) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const names = useDirectoryNames();
  const latestDistributed = sitrep.versions.find((v) => v.distributedAt !== null);
  const distributed = latestDistributed !== undefined;
  const receipts = useReceipts(sitrep.id, latestDistributed?.number, distributed);
  if (!distributed) return null;
  return (
    <section className="section" aria-labelledby="sitrep-receipts-title">
      <h2 id="sitrep-receipts-title" className="section__title">
        {t('sitreps.receipts.title')}
      </h2>
      {receipts.isPending ? <Loading /> : null}
      <ErrorBanner error={receipts.error} />
      {receipts.data ? (
        receipts.data.organisations.length === 0 ? (
          <p className="muted">{t('sitreps.receipts.none')}</p>
        ) : (
          <DataTable
            caption={t('sitreps.receipts.caption', { number: receipts.data.number })}
            rows={receipts.data.organisations}
            rowKey={(row) => row.organisationId}
            columns={[
              {
                key: 'org',
                header: t('sitreps.receipts.organisation'),
                isRowHeader: true,
                cell: (row) => names.organisationShort(row.organisationId),
              },
              {
                key: 'first',
                header: t('sitreps.receipts.firstRead'),
                cell: (row) =>
                  row.firstReadAt ? (
                    words.dateTime(row.firstReadAt)
                  ) : (
                    <strong>{t('sitreps.receipts.unread')}</strong>
                  ),
              },
              { key: 'readers', header: t('sitreps.receipts.readers'), cell: (row) => String(row.readers) },
            ]}
          />
        )
      ) : null}
    </section>
  );
};
