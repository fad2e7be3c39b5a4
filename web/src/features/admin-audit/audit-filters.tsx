import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/button.js';
import { ComboBoxField } from '../../components/combo-box-field.js';
import { TextField } from '../../components/text-field.js';
import { auditApi } from './audit-api.js';

export interface AuditFilterValues {
  action: string;
  actorUserId: string | null;
  fromDay: string;
  toDay: string;
}

export const emptyAuditFilters: AuditFilterValues = { action: '', actorUserId: null, fromDay: '', toDay: '' };

export const AuditFiltersForm = ({ onApply }: { onApply: (filters: AuditFilterValues) => void }) => {
  const { t } = useTranslation();
  const [values, setValues] = useState<AuditFilterValues>(emptyAuditFilters);
  const [actorInput, setActorInput] = useState('');
  const [actorLabel, setActorLabel] = useState('');
  const searchTerm = actorInput === actorLabel ? '' : actorInput;
  const actors = useQuery({
    queryKey: ['audit', 'actors', searchTerm],
    queryFn: ({ signal }) => auditApi.searchActors(searchTerm, signal),
    staleTime: 30_000,
  });
  const actorOptions = (actors.data?.items ?? []).map((user) => ({
    id: user.id,
    label: `${user.name} <${user.email}>`,
  }));
  const set = (patch: Partial<AuditFilterValues>) => setValues({ ...values, ...patch });

  return (
    <Form
      className="filters"
      role="search"
      aria-label={t('audit.filtersLabel')}
      onSubmit={(event) => {
        event.preventDefault();
        onApply(values);
      }}
    >
      <TextField
        label={t('audit.action')}
        description={t('audit.actionHint')}
        name="action"
        value={values.action}
        onChange={(action) => set({ action })}
      />
      <ComboBoxField
        label={t('audit.actor')}
        options={actorOptions}
        value={values.actorUserId}
        onChange={(actorUserId) => {
          const label = actorOptions.find((option) => option.id === actorUserId)?.label ?? '';
          setActorLabel(label);
          if (actorUserId) setActorInput(label);
          set({ actorUserId });
        }}
        inputValue={actorInput}
        onInputChange={(input) => {
          setActorInput(input);
          if (input === '') set({ actorUserId: null });
        }}
        emptyLabel={t('audit.noActors')}
        size="wide"
      />
      <TextField
        label={t('audit.from')}
        name="from"
        type="date"
        value={values.fromDay}
        onChange={(fromDay) => set({ fromDay })}
        size="narrow"
      />
      <TextField
        label={t('audit.to')}
        name="to"
        type="date"
        value={values.toDay}
        onChange={(toDay) => set({ toDay })}
        size="narrow"
      />
      <div className="filters__actions">
        <Button type="submit" variant="primary">
          {t('audit.apply')}
        </Button>
        <Button
          onPress={() => {
            setValues(emptyAuditFilters);
            setActorInput('');
            setActorLabel('');
            onApply(emptyAuditFilters);
          }}
        >
          {t('audit.clear')}
        </Button>
      </div>
    </Form>
  );
};
