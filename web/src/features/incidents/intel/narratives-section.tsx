import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/button.js';
import { ComboBoxField } from '../../../components/combo-box-field.js';
import { ErrorBanner } from '../../../components/error-banner.js';
import { Loading } from '../../../components/loading.js';
import { intelKeys, intelSectionsApi } from './intel-sections-api.js';
import type { IntelSectionProps } from './observables-section.js';
import { useDebouncedValue } from '../../../lib/use-debounced-value.js';
import './intel-sections.css';

export const NarrativesSection = ({ incidentId, canEdit }: IntelSectionProps) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [input, setInput] = useState('');
  const q = useDebouncedValue(input.trim(), 250);
  const linked = useQuery({
    queryKey: intelKeys.narratives(incidentId),
    queryFn: () => intelSectionsApi.narratives(incidentId),
  });
  const search = useQuery({
    queryKey: intelKeys.narrativeSearch(q),
    queryFn: () => intelSectionsApi.searchNarratives(q),
    enabled: canEdit,
    placeholderData: keepPreviousData,
  });
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: intelKeys.narratives(incidentId) });
    void queryClient.invalidateQueries({ queryKey: ['intel', 'narratives'] });
    void queryClient.invalidateQueries({ queryKey: ['incidents'] });
  };
  const link = useMutation({
    mutationFn: (narrativeId: string) => intelSectionsApi.link(incidentId, narrativeId),
    onSuccess: refresh,
  });
  const unlink = useMutation({
    mutationFn: (narrativeId: string) => intelSectionsApi.unlink(incidentId, narrativeId),
    onSuccess: refresh,
  });
  const items = linked.data?.items ?? [];
  const linkedIds = new Set(items.map((item) => item.id));
  const options = (search.data?.items ?? [])
    .filter((narrative) => !linkedIds.has(narrative.id))
    .map((narrative) => ({ id: narrative.id, label: narrative.title }));

  return (
    <section className="intel-section" aria-labelledby="intel-narratives-title">
      <h2 id="intel-narratives-title">{t('intel.narratives.sectionTitle')}</h2>
      {linked.isPending ? <Loading /> : null}
      <ErrorBanner error={linked.error ?? link.error ?? unlink.error} />
      {linked.data && items.length === 0 ? <p className="muted">{t('intel.narratives.noneLinked')}</p> : null}
      {items.length > 0 ? (
        <ul className="intel-chips" aria-label={t('intel.narratives.linked')}>
          {items.map((item) => (
            <li key={item.id} className="intel-chip">
              <Link to={`/intel/narratives/${item.id}`}>{item.title}</Link>
              <span className="muted">{t(`intel.narratives.statuses.${item.status}`)}</span>
              {canEdit ? (
                <Button
                  size="small"
                  variant="quiet"
                  isDisabled={unlink.isPending}
                  onPress={() => unlink.mutate(item.id)}
                  aria-label={t('intel.narratives.unlinkNamed', { title: item.title })}
                >
                  <span aria-hidden="true">×</span>
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit ? (
        <ComboBoxField
          label={t('intel.narratives.link')}
          description={t('intel.narratives.linkHint')}
          options={options}
          value={null}
          inputValue={input}
          onInputChange={setInput}
          emptyLabel={t('intel.narratives.noMatch')}
          size="wide"
          onChange={(id) => {
            if (!id) return;
            setInput('');
            link.mutate(id);
          }}
        />
      ) : null}
    </section>
  );
};
