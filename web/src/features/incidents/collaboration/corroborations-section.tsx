import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../../../../shared/access/roles.js';
import { Button } from '../../../components/button.js';
import { ErrorBanner } from '../../../components/error-banner.js';
import { TextField } from '../../../components/text-field.js';
import { formatDateTime, localisedName } from '../../../lib/format.js';
import { useLocale } from '../../../lib/i18n.js';
import { useSignedInUser } from '../../../lib/session.js';
import { collaborationApi, collaborationKeys, type Corroboration } from './collaboration-api.js';

/** A datetime-local value (the user's wall clock in the browser) as an ISO instant, or null. */
const toInstant = (local: string): string | null => (local ? new Date(local).toISOString() : null);
const toLocalInput = (iso: string | null): string => {
  if (!iso) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

const CorroborationForm = ({
  incidentId,
  existing,
  onDone,
}: {
  incidentId: string;
  existing: Corroboration | undefined;
  onDone: () => void;
}) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const timeId = useId();
  const [note, setNote] = useState(existing?.note ?? '');
  const [observedAt, setObservedAt] = useState(toLocalInput(existing?.observedAt ?? null));
  const [areaCode, setAreaCode] = useState(existing?.areaCode ?? '');
  const save = useMutation({
    mutationFn: () => {
      const body = {
        note,
        observedAt: toInstant(observedAt),
        areaCode: areaCode.trim().toUpperCase() || null,
      };
      return existing
        ? collaborationApi.updateCorroboration(incidentId, existing.id, body)
        : collaborationApi.corroborate(incidentId, body);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: collaborationKeys.corroborations(incidentId) });
      onDone();
    },
  });
  return (
    <form
      className="collaboration__form"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <TextField
        label={t('collaboration.corroborations.note')}
        description={t('collaboration.corroborations.noteHint')}
        multiline
        rows={3}
        maxLength={2000}
        value={note}
        onChange={setNote}
        size="wide"
      />
      <div className="field">
        <label className="field__label" htmlFor={timeId}>
          {t('collaboration.corroborations.observedAt')}
        </label>
        <input
          id={timeId}
          className="field__input"
          type="datetime-local"
          value={observedAt}
          onChange={(event) => setObservedAt(event.target.value)}
        />
      </div>
      <TextField
        label={t('collaboration.corroborations.area')}
        description={t('collaboration.corroborations.areaHint')}
        value={areaCode}
        onChange={setAreaCode}
        maxLength={5}
        size="narrow"
      />
      <ErrorBanner error={save.error} />
      <div className="collaboration__actions">
        <Button type="submit" variant="primary" isPending={save.isPending}>
          {t('collaboration.save')}
        </Button>
        <Button onPress={onDone}>{t('collaboration.cancel')}</Button>
      </div>
    </form>
  );
};

export const CorroborationsSection = ({ incidentId }: { incidentId: string; canEdit: boolean }) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const list = useQuery({
    queryKey: collaborationKeys.corroborations(incidentId),
    queryFn: () => collaborationApi.corroborations(incidentId),
  });
  const owner = useQuery({
    queryKey: collaborationKeys.owner(incidentId),
    queryFn: () => collaborationApi.owner(incidentId),
  });
  const mine = list.data?.items.find((c) => c.organisation.id === me.organisation.id);
  const mayCorroborate =
    can(me, 'content.create') &&
    owner.data !== undefined &&
    owner.data.ownerOrganisationId !== me.organisation.id;
  const withdraw = useMutation({
    mutationFn: (id: string) => collaborationApi.withdrawCorroboration(incidentId, id),
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: collaborationKeys.corroborations(incidentId) }),
  });

  return (
    <section className="collaboration" aria-labelledby={`corroborations-${incidentId}`}>
      <h2 id={`corroborations-${incidentId}`}>{t('collaboration.corroborations.title')}</h2>
      <ErrorBanner error={list.error ?? withdraw.error} />
      {list.data && list.data.items.length === 0 ? <p>{t('collaboration.corroborations.none')}</p> : null}
      <ul className="collaboration__list">
        {list.data?.items.map((c) => (
          <li key={c.id} className="collaboration__item">
            <strong>{localisedName(c.organisation.name, locale)}</strong>
            <span className="collaboration__meta">
              {c.observedAt
                ? ` · ${t('collaboration.corroborations.seenAt', { time: formatDateTime(c.observedAt, locale, me.timeZone) })}`
                : null}
              {c.areaCode ? ` · ${c.areaCode}` : null}
            </span>
            {c.note ? <p>{c.note}</p> : null}
          </li>
        ))}
      </ul>
      {mayCorroborate && !editing ? (
        <div className="collaboration__actions">
          {mine ? (
            <>
              <Button onPress={() => setEditing(true)}>{t('collaboration.corroborations.edit')}</Button>
              <Button
                variant="danger"
                onPress={() => withdraw.mutate(mine.id)}
                isPending={withdraw.isPending}
              >
                {t('collaboration.corroborations.withdraw')}
              </Button>
            </>
          ) : (
            <Button variant="primary" onPress={() => setEditing(true)}>
              {t('collaboration.corroborations.seenItToo')}
            </Button>
          )}
        </div>
      ) : null}
      {mayCorroborate && editing ? (
        <CorroborationForm incidentId={incidentId} existing={mine} onDone={() => setEditing(false)} />
      ) : null}
    </section>
  );
};
