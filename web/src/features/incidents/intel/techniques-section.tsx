import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/button.js';
import { ComboBoxField } from '../../../components/combo-box-field.js';
import { DisarmCredit } from '../../../components/disarm-credit.js';
import { ErrorBanner } from '../../../components/error-banner.js';
import { Loading } from '../../../components/loading.js';
import { intelKeys, intelSectionsApi } from './intel-sections-api.js';
import type { IntelSectionProps } from './observables-section.js';
import { useDebouncedValue } from '../../../lib/use-debounced-value.js';
import './intel-sections.css';

export const TechniquesSection = ({ incidentId, canEdit }: IntelSectionProps) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [input, setInput] = useState('');
  const q = useDebouncedValue(input.trim(), 250);
  const current = useQuery({
    queryKey: intelKeys.techniques(incidentId),
    queryFn: () => intelSectionsApi.techniques(incidentId),
  });
  const search = useQuery({
    queryKey: intelKeys.techniqueSearch(q),
    queryFn: () => intelSectionsApi.searchTechniques(q),
    enabled: canEdit && q.length > 0,
    placeholderData: keepPreviousData,
  });
  const save = useMutation({
    mutationFn: (ids: string[]) => intelSectionsApi.setTechniques(incidentId, ids),
    onSuccess: (data) => {
      queryClient.setQueryData(intelKeys.techniques(incidentId), data);
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
  const ids = (current.data?.items ?? []).map((item) => item.id);
  const options = (q ? (search.data?.items ?? []) : [])
    .filter((item) => !ids.includes(item.id))
    .map((item) => ({ id: item.id, label: `${item.id} ${item.name}` }));

  return (
    <section className="intel-section" aria-labelledby="intel-techniques-title">
      <h2 id="intel-techniques-title">{t('intel.techniques.title')}</h2>
      {current.isPending ? <Loading /> : null}
      <ErrorBanner error={current.error ?? save.error} />
      {current.data && current.data.items.length === 0 ? (
        <p className="muted">{t('intel.techniques.none')}</p>
      ) : null}
      {current.data && current.data.items.length > 0 ? (
        <ul className="intel-chips" aria-label={t('intel.techniques.chosen')}>
          {current.data.items.map((item) => (
            <li key={item.id} className="intel-chip">
              <span>
                <strong>{item.id}</strong> {item.name}
              </span>
              {canEdit ? (
                <Button
                  size="small"
                  variant="quiet"
                  isDisabled={save.isPending}
                  onPress={() => save.mutate(ids.filter((id) => id !== item.id))}
                  aria-label={t('intel.techniques.removeNamed', { id: item.id, name: item.name })}
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
          label={t('intel.techniques.add')}
          description={t('intel.techniques.searchHint')}
          options={options}
          value={null}
          inputValue={input}
          onInputChange={setInput}
          emptyLabel={q ? t('intel.techniques.noMatch') : t('intel.techniques.typeToSearch')}
          size="wide"
          onChange={(id) => {
            if (!id) return;
            setInput('');
            save.mutate([...ids, id]);
          }}
        />
      ) : null}
      <DisarmCredit />
    </section>
  );
};
