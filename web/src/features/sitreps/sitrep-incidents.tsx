import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../components/button.js';
import { ComboBoxField } from '../../components/combo-box-field.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { useDebouncedValue } from '../../lib/use-debounced-value.js';
import { TlpLabel, useSitrepWords } from './sitrep-words.js';
import {
  sitrepsApi,
  useIncidentSearch,
  useInvalidateSitrep,
  type Sitrep,
  type SitrepDraft,
  type SitrepVersion,
} from './sitreps-api.js';

type IncidentItem = SitrepVersion['content']['incidents'][number];

/** One incident as the report includes it; a link while drafting, frozen text in a version. */
export const IncidentLine = ({ incident, linked }: { incident: IncidentItem; linked: boolean }) => {
  const words = useSitrepWords();
  return (
    <>
      <p style={{ margin: 0 }}>
        <TlpLabel tlp={incident.tlp} />{' '}
        {linked ? (
          <Link to={`/incidents/${incident.id}`}>{incident.title}</Link>
        ) : (
          <strong>{incident.title}</strong>
        )}
      </p>
      <p className="small muted" style={{ margin: 0 }}>
        {[
          words.severity(incident.severity),
          words.incidentStatus(incident.status),
          ...incident.domains.map((d) => words.domain(d)),
        ].join(' · ')}
      </p>
      {incident.summary ? (
        <p className="small" style={{ margin: 0 }}>
          {incident.summary}
        </p>
      ) : null}
    </>
  );
};

export const IncidentsPanel = ({ sitrep, draft }: { sitrep: Sitrep; draft: SitrepDraft }) => {
  const { t } = useTranslation();
  const invalidate = useInvalidateSitrep(sitrep.id);
  const [input, setInput] = useState('');
  const q = useDebouncedValue(input.trim(), 250);
  const search = useIncidentSearch(q);
  const editable = draft.permissions.edit && draft.status === 'draft';
  const add = useMutation({
    mutationFn: (incidentId: string) => sitrepsApi.addIncident(sitrep.id, incidentId),
    onSettled: invalidate,
  });
  const remove = useMutation({
    mutationFn: (incidentId: string) => sitrepsApi.removeIncident(sitrep.id, incidentId),
    onSettled: invalidate,
  });
  const included = new Set(draft.incidents.map((i) => i.id));
  const options = (search.data?.items ?? [])
    .filter((incident) => !included.has(incident.id))
    .map((incident) => ({ id: incident.id, label: `${incident.title} (TLP:${incident.tlp.toUpperCase()})` }));

  return (
    <section className="section" aria-labelledby="sitrep-incidents-title">
      <h2 id="sitrep-incidents-title" className="section__title">
        {t('sitreps.incidents.title')}
      </h2>
      <p className="section__lead">{t('sitreps.incidents.liveLead')}</p>
      {draft.incidents.length === 0 ? <p className="muted">{t('sitreps.incidents.none')}</p> : null}
      {draft.incidents.length > 0 ? (
        <ul className="sitrep-list-plain" aria-label={t('sitreps.incidents.title')}>
          {draft.incidents.map((incident) => (
            <li key={incident.id}>
              <IncidentLine incident={incident} linked />
              {editable ? (
                <div className="actions" style={{ marginTop: 'var(--space-1)' }}>
                  <Button
                    size="small"
                    onPress={() => remove.mutate(incident.id)}
                    isPending={remove.isPending && remove.variables === incident.id}
                    aria-label={t('sitreps.incidents.removeNamed', { title: incident.title })}
                  >
                    {t('sitreps.incidents.remove')}
                  </Button>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {draft.hiddenIncidentCount > 0 ? (
        <p className="small">{t('sitreps.incidents.hiddenCount', { count: draft.hiddenIncidentCount })}</p>
      ) : null}
      <ErrorBanner error={remove.error ?? add.error} />
      {editable ? (
        <ComboBoxField
          label={t('sitreps.incidents.add')}
          description={t('sitreps.incidents.addHint')}
          options={options}
          value={null}
          inputValue={input}
          onInputChange={setInput}
          emptyLabel={q ? t('sitreps.incidents.noMatches') : t('sitreps.incidents.typeToSearch')}
          onChange={(id) => {
            if (!id) return;
            add.mutate(id);
            setInput('');
          }}
          size="wide"
        />
      ) : null}
    </section>
  );
};
