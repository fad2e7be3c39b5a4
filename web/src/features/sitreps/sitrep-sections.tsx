import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Tab, TabList, TabPanel, Tabs, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { locales, type Locale } from '../../../../shared/contracts/common.js';
import type { LocalisedText } from '../../../../shared/contracts/sitreps.js';
import { Banner } from '../../components/banner.js';
import { isApiError } from '../../lib/api.js';
import { Button } from '../../components/button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Markdown } from '../../components/markdown.js';
import { SelectField } from '../../components/select-field.js';
import { TextField } from '../../components/text-field.js';
import { useDirectoryNames } from './sitrep-names.js';
import { errorCodeIs, pickText, useSitrepWords } from './sitrep-words.js';
import {
  sitrepKeys,
  sitrepsApi,
  useInvalidateSitrep,
  useUpdateSitrep,
  type Sitrep,
  type SitrepDraft,
  type SitrepSection,
} from './sitreps-api.js';

const presenceEveryMs = 30_000;
const drafting = 'drafting';

interface Conflict {
  language: Locale;
  theirs: string;
  by: string | null;
  at: string;
  revision: number;
  body: LocalisedText;
}

/** Keeps the server told that this section is open here, and says so when it is closed. */
const usePresence = (id: string, key: string) => {
  useEffect(() => {
    const ping = () => void sitrepsApi.presence(id, key).catch(() => undefined);
    ping();
    const timer = setInterval(ping, presenceEveryMs);
    return () => {
      clearInterval(timer);
      void sitrepsApi.leave(id, key).catch(() => undefined);
    };
  }, [id, key]);
};

const revisionFrom = (response: unknown, key: string): number | null => {
  if (!response || typeof response !== 'object') return null;
  const r = response as { revision?: unknown; key?: unknown; draft?: { sections?: SitrepSection[] } | null };
  if (typeof r.revision === 'number' && (r.key === undefined || r.key === key)) return r.revision;
  const section = r.draft?.sections?.find((s) => s.key === key);
  return section ? section.revision : null;
};

const SectionEditor = ({
  sitrep,
  section,
  onClose,
}: {
  sitrep: Sitrep;
  section: SitrepSection;
  onClose: () => void;
}) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateSitrep(sitrep.id);
  usePresence(sitrep.id, section.key);
  const [language, setLanguage] = useState<Locale>(words.locale);
  const [texts, setTexts] = useState<LocalisedText>(section.body);
  const [saved, setSaved] = useState<LocalisedText>(section.body);
  const [base, setBase] = useState(section.revision);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [savedNote, setSavedNote] = useState(false);
  const dirty = locales.filter((l) => texts[l] !== saved[l]);
  const title = pickText(section.title, words.locale);

  const fresh = async (): Promise<SitrepSection | undefined> => {
    const current = await queryClient.fetchQuery({
      queryKey: sitrepKeys.one(sitrep.id),
      queryFn: ({ signal }) => sitrepsApi.get(sitrep.id, signal),
      staleTime: 0,
    });
    return current.draft?.sections.find((s) => s.key === section.key);
  };

  const save = async (startRevision: number, startSaved: LocalisedText) => {
    setPending(true);
    setError(null);
    setSavedNote(false);
    let revision = startRevision;
    const nowSaved = { ...startSaved };
    try {
      for (const l of locales.filter((x) => texts[x] !== startSaved[x])) {
        try {
          const response = await sitrepsApi.writeSection(sitrep.id, section.key, {
            language: l,
            body: texts[l],
            baseRevision: revision,
          });
          nowSaved[l] = texts[l];
          revision = revisionFrom(response, section.key) ?? (await fresh())?.revision ?? revision + 1;
        } catch (cause) {
          // 409 edit_conflict (sent as `conflict` while shared/errors.ts lacks the code): someone saved
          // a newer revision. Any other 409 (the report is no longer a draft) is shown as it is.
          if (errorCodeIs(cause, 'edit_conflict') || (isApiError(cause) && cause.status === 409)) {
            const current = await fresh();
            if (current && current.revision !== revision) {
              setConflict({
                language: l,
                theirs: current.body[l],
                by: current.updatedBy?.name ?? null,
                at: current.updatedAt,
                revision: current.revision,
                body: current.body,
              });
              setLanguage(l);
            }
            return;
          }
          throw cause;
        }
      }
      setConflict(null);
      setSavedNote(true);
    } catch (cause) {
      setError(cause);
    } finally {
      setBase(revision);
      setSaved(nowSaved);
      setPending(false);
      invalidate();
    }
  };

  const takeTheirs = () => {
    if (!conflict) return;
    setTexts({ ...texts, [conflict.language]: conflict.theirs });
    setSaved(conflict.body);
    setBase(conflict.revision);
    setConflict(null);
  };
  const overwrite = () => {
    if (!conflict) return;
    setConflict(null);
    void save(conflict.revision, conflict.body);
  };

  return (
    <div className="stack">
      {section.editing ? (
        <Banner tone="warning" title={t('sitreps.sections.alsoEditing', { name: section.editing.name })}>
          <p>{t('sitreps.sections.alsoEditingHint')}</p>
        </Banner>
      ) : null}
      <Tabs
        selectedKey={language}
        onSelectionChange={(key: Key) => setLanguage(key as Locale)}
        className="sitrep-tabs"
      >
        <TabList aria-label={t('sitreps.sections.languagesOf', { title })} className="sitrep-tablist">
          {locales.map((l) => (
            <Tab key={l} id={l} className="sitrep-tab">
              {words.language(l)}
              {texts[l].trim() === '' ? (
                <span className="sitrep-tab__missing">{t('sitreps.sections.emptyMark')}</span>
              ) : null}
              {dirty.includes(l) ? (
                <span className="sitrep-tab__missing">{t('sitreps.sections.unsavedMark')}</span>
              ) : null}
            </Tab>
          ))}
        </TabList>
        {locales.map((l) => (
          <TabPanel key={l} id={l}>
            <div className="sitrep-editor">
              <TextField
                label={t('sitreps.sections.textIn', { language: words.language(l) })}
                description={t('sitreps.sections.markdownHint')}
                multiline
                rows={14}
                maxLength={50_000}
                value={texts[l]}
                onChange={(value) => setTexts({ ...texts, [l]: value })}
                size="wide"
              />
              <div>
                <h4 className="small muted" style={{ margin: '0 0 var(--space-1)' }}>
                  {t('sitreps.sections.preview')}
                </h4>
                <div className="sitrep-preview" lang={l}>
                  {texts[l].trim() ? (
                    <Markdown>{texts[l]}</Markdown>
                  ) : (
                    <p className="muted">{t('sitreps.sections.emptyPreview')}</p>
                  )}
                </div>
              </div>
            </div>
          </TabPanel>
        ))}
      </Tabs>
      {conflict ? (
        <Banner tone="error" title={t('sitreps.sections.conflictTitle')}>
          <p>
            {t('sitreps.sections.conflict', {
              name: conflict.by ?? t('sitreps.sections.someone'),
              at: words.dateTime(conflict.at),
              language: words.language(conflict.language),
            })}
          </p>
          <p>
            <strong>{t('sitreps.sections.theirText')}</strong>
          </p>
          <div
            className="sitrep-conflict"
            tabIndex={0}
            role="region"
            aria-label={t('sitreps.sections.theirText')}
          >
            {conflict.theirs || t('sitreps.sections.emptyPreview')}
          </div>
          <div className="actions">
            <Button onPress={takeTheirs}>{t('sitreps.sections.takeTheirs')}</Button>
            <Button variant="danger" onPress={overwrite} isPending={pending}>
              {t('sitreps.sections.overwrite')}
            </Button>
          </div>
        </Banner>
      ) : null}
      <ErrorBanner error={error} />
      {savedNote && dirty.length === 0 ? (
        <p role="status" className="small">
          {t('common.changesSaved')}
        </p>
      ) : null}
      <div className="actions">
        <Button
          variant="primary"
          onPress={() => void save(base, saved)}
          isDisabled={dirty.length === 0 || conflict !== null}
          isPending={pending}
        >
          {dirty.length > 0
            ? t('sitreps.sections.saveLanguages', { languages: words.languages(dirty) })
            : t('sitreps.sections.save')}
        </Button>
        <Button onPress={onClose}>
          {dirty.length > 0 ? t('sitreps.sections.closeDiscard') : t('common.close')}
        </Button>
      </div>
    </div>
  );
};

const SectionCard = ({
  sitrep,
  draft,
  section,
  open,
  onOpen,
  onClose,
}: {
  sitrep: Sitrep;
  draft: SitrepDraft;
  section: SitrepSection;
  open: boolean;
  onOpen: () => void;
  onClose: () => void;
}) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const names = useDirectoryNames();
  const update = useUpdateSitrep(sitrep.id);
  const title = pickText(section.title, words.locale);
  const written = locales.filter((l) => section.body[l].trim() !== '');
  const missing = locales.filter((l) => section.body[l].trim() === '');
  const headingId = `sitrep-section-${section.key}`;
  const writable = section.canEdit && draft.status === 'draft';
  return (
    <article className="sitrep-section-card" aria-labelledby={headingId}>
      <div className="sitrep-section-card__head">
        <h3 id={headingId} className="subsection-title">
          {title}
        </h3>
        <span className="small muted">{words.domain(section.domain)}</span>
      </div>
      <p className="small" style={{ margin: 0 }}>
        {written.length > 0 ? t('sitreps.sections.written', { languages: words.languages(written) }) : null}{' '}
        {missing.length > 0 ? (
          <strong>{t('sitreps.sections.missing', { languages: words.languages(missing) })}</strong>
        ) : null}
      </p>
      <p className="small muted" style={{ margin: 0 }}>
        {t('sitreps.sections.writtenBy', {
          organisation: section.assigneeOrganisationId
            ? names.organisationShort(section.assigneeOrganisationId)
            : t('sitreps.sections.draftingOrganisation'),
        })}
        {section.updatedBy
          ? ` · ${t('sitreps.sections.lastSaved', { name: section.updatedBy.name, at: words.dateTime(section.updatedAt) })}`
          : ''}
      </p>
      {section.editing && !open ? (
        <p className="small" role="status">
          <span aria-hidden="true">✎ </span>
          {t('sitreps.sections.beingEdited', { name: section.editing.name })}
        </p>
      ) : null}
      {draft.permissions.edit && draft.status === 'draft' ? (
        <SelectField
          label={t('sitreps.sections.assignee', { title })}
          value={section.assigneeOrganisationId ?? drafting}
          isDisabled={update.isPending}
          onChange={(value) =>
            update.mutate({
              revision: draft.revision,
              assignees: { [section.key]: value === drafting ? null : value },
            })
          }
          options={[
            { id: drafting, label: t('sitreps.sections.draftingOrganisation') },
            ...names.organisations
              .filter((o) => o.id !== sitrep.ownerOrganisationId)
              .map((o) => ({ id: o.id, label: names.organisationFull(o.id) })),
          ]}
        />
      ) : null}
      <ErrorBanner error={update.error} />
      {open ? (
        <SectionEditor sitrep={sitrep} section={section} onClose={onClose} />
      ) : (
        <>
          {section.body[words.locale].trim() ? (
            <details>
              <summary>{t('sitreps.sections.showText', { language: words.language(words.locale) })}</summary>
              <Markdown>{section.body[words.locale]}</Markdown>
            </details>
          ) : null}
          {writable ? (
            <div className="actions">
              <Button onPress={onOpen} aria-label={t('sitreps.sections.editNamed', { title })}>
                {t('sitreps.sections.edit')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </article>
  );
};

export const SectionsPanel = ({ sitrep, draft }: { sitrep: Sitrep; draft: SitrepDraft }) => {
  const { t } = useTranslation();
  const [openKey, setOpenKey] = useState<string | null>(null);
  return (
    <section className="section" aria-labelledby="sitrep-sections-title">
      <h2 id="sitrep-sections-title" className="section__title">
        {t('sitreps.sections.title')}
      </h2>
      <p className="section__lead">{t('sitreps.sections.lead')}</p>
      {draft.sections.map((section) => (
        <SectionCard
          key={section.key}
          sitrep={sitrep}
          draft={draft}
          section={section}
          open={openKey === section.key}
          onOpen={() => setOpenKey(section.key)}
          onClose={() => setOpenKey(null)}
        />
      ))}
    </section>
  );
};

/** The report's title in the three languages (coordinators of the drafting organisation). */
export const TitlePanel = ({ sitrep, draft }: { sitrep: Sitrep; draft: SitrepDraft }) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const update = useUpdateSitrep(sitrep.id);
  const [title, setTitle] = useState<LocalisedText>(sitrep.title);
  const dirty = locales.some((l) => title[l] !== sitrep.title[l]);
  return (
    <section className="section" aria-labelledby="sitrep-title-title">
      <h2 id="sitrep-title-title" className="section__title">
        {t('sitreps.titleEdit.title')}
      </h2>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          const changed = Object.fromEntries(
            locales.filter((l) => title[l] !== sitrep.title[l]).map((l) => [l, title[l]]),
          );
          update.mutate({ revision: draft.revision, title: changed });
        }}
      >
        <div className="sitrep-row">
          {locales.map((l) => (
            <TextField
              key={l}
              label={t('sitreps.titleEdit.in', { language: words.language(l) })}
              value={title[l]}
              maxLength={300}
              isRequired
              onChange={(value) => setTitle({ ...title, [l]: value })}
              size="wide"
            />
          ))}
        </div>
        <ErrorBanner error={update.error} />
        <div className="actions">
          <Button type="submit" isDisabled={!dirty} isPending={update.isPending}>
            {t('sitreps.titleEdit.save')}
          </Button>
        </div>
      </form>
    </section>
  );
};
