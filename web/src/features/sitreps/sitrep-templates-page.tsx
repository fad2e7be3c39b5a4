import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../../../shared/access/roles.js';
import { incidentDomains, type IncidentDomain } from '../../../../shared/contracts/incident-enums.js';
import { locales } from '../../../../shared/contracts/common.js';
import type { TemplateSection } from '../../../../shared/contracts/sitreps.js';
import { Banner } from '../../components/banner.js';
import { Button, ButtonLink } from '../../components/button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { LocalisedNameFields } from '../../components/localised-name-fields.js';
import { PageHeader } from '../../components/page-header.js';
import { SelectField } from '../../components/select-field.js';
import { TextField } from '../../components/text-field.js';
import { localisedName } from '../../lib/format.js';
import { useSignedInUser } from '../../lib/session.js';
import { errorCodeIs, useSitrepWords } from './sitrep-words.js';
import { useTemplates, useUpdateTemplate, type SitrepTemplate } from './sitreps-api.js';

const general = 'general';
const keyPattern = /^[a-z][a-z0-9_]{1,40}$/;

interface Draft {
  name: SitrepTemplate['name'];
  periodHours: string;
  sections: (TemplateSection & { isNew?: boolean; uid: string })[];
}

const toDraft = (template: SitrepTemplate): Draft => ({
  name: template.name,
  periodHours: String(template.periodHours),
  sections: template.sections.map((s) => ({ ...s, uid: s.key })),
});

const TemplateEditor = ({ template, onDone }: { template: SitrepTemplate; onDone: () => void }) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const update = useUpdateTemplate();
  const [draft, setDraft] = useState<Draft>(() => toDraft(template));
  const [counter, setCounter] = useState(0);
  const setSection = (index: number, patch: Partial<Draft['sections'][number]>) =>
    setDraft({ ...draft, sections: draft.sections.map((s, i) => (i === index ? { ...s, ...patch } : s)) });
  const move = (index: number, by: -1 | 1) => {
    const next = [...draft.sections];
    const [item] = next.splice(index, 1);
    if (item) next.splice(index + by, 0, item);
    setDraft({ ...draft, sections: next });
  };
  const keys = draft.sections.map((s) => s.key);
  const duplicate = (key: string) => keys.filter((k) => k === key).length > 1;
  const hours = Number(draft.periodHours);
  const valid =
    Number.isInteger(hours) &&
    hours >= 1 &&
    hours <= 744 &&
    draft.sections.length > 0 &&
    draft.sections.every(
      (s) => keyPattern.test(s.key) && !duplicate(s.key) && locales.every((l) => s.title[l].trim()),
    ) &&
    locales.every((l) => draft.name[l].trim());

  return (
    <form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        if (!valid) return;
        update.mutate(
          {
            id: template.id,
            body: {
              version: template.version,
              name: draft.name,
              periodHours: hours,
              sections: draft.sections.map(({ key, domain, title }) => ({ key, domain, title })),
            },
          },
          { onSuccess: onDone },
        );
      }}
    >
      <LocalisedNameFields
        legend={t('sitreps.templates.name')}
        value={draft.name}
        onChange={(name) => setDraft({ ...draft, name })}
      />
      <TextField
        label={t('sitreps.templates.periodHours')}
        description={t('sitreps.templates.periodHoursHint')}
        type="number"
        inputMode="numeric"
        isRequired
        value={draft.periodHours}
        onChange={(periodHours) => setDraft({ ...draft, periodHours })}
        size="narrow"
      />
      <fieldset className="fieldset">
        <legend className="fieldset__legend">{t('sitreps.templates.sections')}</legend>
        <ol className="stack" style={{ paddingLeft: 'var(--space-5)' }}>
          {draft.sections.map((section, index) => {
            const label = section.title[words.locale] || section.key;
            return (
              <li key={section.uid} className="sitrep-template-section">
                <div className="sitrep-row">
                  <TextField
                    label={t('sitreps.templates.key')}
                    description={section.isNew ? t('sitreps.templates.keyHint') : undefined}
                    value={section.key}
                    isReadOnly={!section.isNew}
                    isRequired
                    isInvalid={
                      section.isNew &&
                      section.key !== '' &&
                      (!keyPattern.test(section.key) || duplicate(section.key))
                    }
                    onChange={(key) => setSection(index, { key })}
                    size="narrow"
                  />
                  <SelectField
                    label={t('sitreps.templates.domain')}
                    value={section.domain ?? general}
                    onChange={(value) =>
                      setSection(index, { domain: value === general ? null : (value as IncidentDomain) })
                    }
                    options={[
                      { id: general, label: t('sitreps.sections.general') },
                      ...incidentDomains.map((d) => ({ id: d, label: words.domain(d) })),
                    ]}
                  />
                </div>
                <div className="sitrep-row">
                  {locales.map((l) => (
                    <TextField
                      key={l}
                      label={t('sitreps.templates.titleIn', { language: words.language(l) })}
                      value={section.title[l]}
                      isRequired
                      maxLength={200}
                      onChange={(value) => setSection(index, { title: { ...section.title, [l]: value } })}
                    />
                  ))}
                </div>
                <div className="actions">
                  <Button
                    size="small"
                    isDisabled={index === 0}
                    onPress={() => move(index, -1)}
                    aria-label={t('sitreps.templates.moveUpNamed', { name: label })}
                  >
                    {t('sitreps.templates.moveUp')}
                  </Button>
                  <Button
                    size="small"
                    isDisabled={index === draft.sections.length - 1}
                    onPress={() => move(index, 1)}
                    aria-label={t('sitreps.templates.moveDownNamed', { name: label })}
                  >
                    {t('sitreps.templates.moveDown')}
                  </Button>
                  <Button
                    size="small"
                    variant="danger"
                    isDisabled={draft.sections.length === 1}
                    onPress={() =>
                      setDraft({ ...draft, sections: draft.sections.filter((_, i) => i !== index) })
                    }
                    aria-label={t('sitreps.templates.removeNamed', { name: label })}
                  >
                    {t('sitreps.templates.remove')}
                  </Button>
                </div>
              </li>
            );
          })}
        </ol>
        <div className="actions">
          <Button
            onPress={() => {
              setCounter(counter + 1);
              setDraft({
                ...draft,
                sections: [
                  ...draft.sections,
                  {
                    key: '',
                    domain: null,
                    title: { fi: '', sv: '', en: '' },
                    isNew: true,
                    uid: `new-${counter}`,
                  },
                ],
              });
            }}
          >
            {t('sitreps.templates.addSection')}
          </Button>
        </div>
      </fieldset>
      <p className="small muted">{t('sitreps.templates.existingKeep')}</p>
      {!valid ? <p className="small">{t('sitreps.templates.incomplete')}</p> : null}
      {errorCodeIs(update.error, 'version_conflict') ? (
        <Banner tone="error">
          <p>{t('sitreps.templates.conflict')}</p>
        </Banner>
      ) : (
        <ErrorBanner error={update.error} />
      )}
      <div className="actions">
        <Button type="submit" variant="primary" isDisabled={!valid} isPending={update.isPending}>
          {t('sitreps.templates.save')}
        </Button>
        <Button onPress={onDone}>{t('common.cancel')}</Button>
      </div>
    </form>
  );
};

const TemplateCard = ({ template, editable }: { template: SitrepTemplate; editable: boolean }) => {
  const { t } = useTranslation();
  const words = useSitrepWords();
  const [editing, setEditing] = useState(false);
  const name = localisedName(template.name, words.locale);
  return (
    <section className="section" aria-labelledby={`template-${template.id}`}>
      <h2 id={`template-${template.id}`} className="section__title">
        {name}
      </h2>
      {editing ? (
        <TemplateEditor key={template.version} template={template} onDone={() => setEditing(false)} />
      ) : (
        <>
          <p>
            {t('sitreps.templates.summary', { hours: template.periodHours, count: template.sections.length })}{' '}
            <span className="muted small">
              {t('sitreps.templates.updated', { at: words.dateTime(template.updatedAt) })}
            </span>
          </p>
          <ol className="bullet-list">
            {template.sections.map((section) => (
              <li key={section.key}>
                {section.title[words.locale]}{' '}
                <span className="small muted">({words.domain(section.domain)})</span>
              </li>
            ))}
          </ol>
          {editable ? (
            <div className="actions">
              <Button onPress={() => setEditing(true)} aria-label={t('common.editNamed', { name })}>
                {t('common.edit')}
              </Button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
};

export const SitrepTemplatesPage = () => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const templates = useTemplates();
  const editable = can(me, 'sitrep.approve');
  return (
    <>
      <PageHeader
        title={t('sitreps.templates.title')}
        description={editable ? t('sitreps.templates.leadEdit') : t('sitreps.templates.lead')}
        actions={<ButtonLink href="/reports">{t('sitreps.page.backToList')}</ButtonLink>}
      />
      {templates.isPending ? <Loading /> : null}
      <ErrorBanner error={templates.error} />
      <div className="sections">
        {(templates.data?.items ?? []).map((template) => (
          <TemplateCard key={template.id} template={template} editable={editable} />
        ))}
      </div>
    </>
  );
};
