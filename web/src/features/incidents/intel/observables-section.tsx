import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  observableTypes,
  socialPlatforms,
  type ObservableType,
  type SocialPlatform,
} from '../../../../../shared/observables/types.js';
import { Button } from '../../../components/button.js';
import { ErrorBanner } from '../../../components/error-banner.js';
import { Loading } from '../../../components/loading.js';
import { SelectField } from '../../../components/select-field.js';
import { TextField } from '../../../components/text-field.js';
import { isApiError } from '../../../lib/api.js';
import { intelKeys, intelSectionsApi, type IncidentObservable } from './intel-sections-api.js';
import './intel-sections.css';

export interface IntelSectionProps {
  incidentId: string;
  canEdit: boolean;
}

/** Proper names, the same in every language. */
const platformNames: Record<SocialPlatform, string> = {
  bluesky: 'Bluesky',
  discord: 'Discord',
  facebook: 'Facebook',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  mastodon: 'Mastodon',
  reddit: 'Reddit',
  snapchat: 'Snapchat',
  telegram: 'Telegram',
  threads: 'Threads',
  tiktok: 'TikTok',
  twitter: 'X (Twitter)',
  vk: 'VK',
  whatsapp: 'WhatsApp',
  youtube: 'YouTube',
};

const OtherIncidents = ({
  observable,
  incidentId,
}: {
  observable: IncidentObservable;
  incidentId: string;
}) => {
  const { t } = useTranslation();
  const others = useQuery({
    queryKey: intelKeys.otherIncidents(observable.id, incidentId),
    queryFn: () => intelSectionsApi.otherIncidents(observable.id, incidentId),
  });
  if (others.isPending) return <Loading />;
  if (others.error) return <ErrorBanner error={others.error} />;
  return (
    <ul
      className="intel-list"
      aria-label={t('intel.observables.otherIncidentsOf', { value: observable.value })}
    >
      {others.data.items.map((item) => (
        <li key={item.id}>
          <Link to={`/incidents/${item.id}`}>{item.title}</Link>
        </li>
      ))}
      {others.data.nextCursor ? <li className="muted">{t('intel.observables.moreNotShown')}</li> : null}
    </ul>
  );
};

const ObservableRow = ({
  observable,
  incidentId,
  canEdit,
  onRemove,
  removing,
}: {
  observable: IncidentObservable;
  incidentId: string;
  canEdit: boolean;
  onRemove: () => void;
  removing: boolean;
}) => {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <tr>
      <td>{t(`intel.observables.types.${observable.type}`)}</td>
      <th scope="row" className="intel-value">
        {observable.type === 'social_account' ? (
          <>
            {platformNames[observable.platform as SocialPlatform] ?? observable.platform}
            {': '}
            <code>{observable.handle}</code>
          </>
        ) : (
          <code>{observable.value}</code>
        )}
      </th>
      <td className="cell--wrap">{observable.note || '—'}</td>
      <td>
        {observable.otherIncidentCount === 0 ? (
          t('intel.observables.noOtherIncidents')
        ) : (
          <>
            <Button size="small" variant="quiet" onPress={() => setOpen(!open)} aria-expanded={open}>
              {t('intel.observables.otherIncidents', { count: observable.otherIncidentCount })}
            </Button>
            {open ? <OtherIncidents observable={observable} incidentId={incidentId} /> : null}
          </>
        )}
      </td>
      {canEdit ? (
        <td className="cell--actions">
          <Button
            size="small"
            variant="danger"
            isPending={removing}
            onPress={onRemove}
            aria-label={t('intel.observables.removeNamed', { value: observable.value })}
          >
            {t('intel.remove')}
          </Button>
        </td>
      ) : null}
    </tr>
  );
};

const AddObservableForm = ({ incidentId }: { incidentId: string }) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [type, setType] = useState<ObservableType>('url');
  const [value, setValue] = useState('');
  const [platform, setPlatform] = useState<string>('twitter');
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState('');
  const add = useMutation({
    mutationFn: () =>
      intelSectionsApi.addObservable(
        incidentId,
        type === 'social_account'
          ? { type, platform: platform as (typeof socialPlatforms)[number], handle: value, note }
          : { type, value, note },
      ),
    onSuccess: (item) => {
      setValue('');
      setNote('');
      setNotice(t('intel.observables.added', { value: item.value }));
      void queryClient.invalidateQueries({ queryKey: intelKeys.observables(incidentId) });
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
  const invalid = isApiError(add.error, 'validation_failed');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setNotice('');
    add.mutate();
  };
  return (
    <form className="intel-form" onSubmit={submit} aria-label={t('intel.observables.addTitle')}>
      <SelectField
        label={t('intel.observables.type')}
        size="narrow"
        value={type}
        onChange={(next) => setType(next as ObservableType)}
        options={observableTypes.map((id) => ({ id, label: t(`intel.observables.types.${id}`) }))}
      />
      {type === 'social_account' ? (
        <SelectField
          label={t('intel.observables.platform')}
          size="narrow"
          value={platform}
          onChange={setPlatform}
          options={socialPlatforms.map((id) => ({ id, label: platformNames[id] }))}
        />
      ) : null}
      <TextField
        label={type === 'social_account' ? t('intel.observables.handle') : t('intel.observables.value')}
        value={value}
        onChange={setValue}
        isRequired
        size="wide"
        description={t(`intel.observables.hints.${type}`)}
        isInvalid={invalid}
        validationBehavior="aria"
      />
      <TextField label={t('intel.observables.note')} value={note} onChange={setNote} maxLength={2000} />
      <div className="intel-form__actions">
        <Button type="submit" variant="primary" isPending={add.isPending}>
          {t('intel.observables.add')}
        </Button>
      </div>
      {invalid && isApiError(add.error) ? (
        <p className="field__error" role="alert">
          {t('intel.observables.invalid')} <span lang="en">{add.error.message}</span>
        </p>
      ) : (
        <ErrorBanner error={add.error} />
      )}
      <p className="visually-hidden" role="status">
        {notice}
      </p>
    </form>
  );
};

export const ObservablesSection = ({ incidentId, canEdit }: IntelSectionProps) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const observables = useQuery({
    queryKey: intelKeys.observables(incidentId),
    queryFn: () => intelSectionsApi.observables(incidentId),
  });
  const remove = useMutation({
    mutationFn: (observableId: string) => intelSectionsApi.removeObservable(incidentId, observableId),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: intelKeys.observables(incidentId) });
      void queryClient.invalidateQueries({ queryKey: ['incidents'] });
    },
  });
  const items = observables.data?.items ?? [];
  return (
    <section className="intel-section" aria-labelledby="intel-observables-title">
      <h2 id="intel-observables-title">{t('intel.observables.title')}</h2>
      {observables.isPending ? <Loading /> : null}
      <ErrorBanner error={observables.error ?? remove.error} />
      {observables.data && items.length === 0 ? <p className="muted">{t('intel.observables.none')}</p> : null}
      {items.length > 0 ? (
        <div className="table-wrap" role="region" aria-labelledby="intel-observables-caption" tabIndex={0}>
          <table className="table">
            <caption id="intel-observables-caption" className="visually-hidden">
              {t('intel.observables.caption', { count: items.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('intel.observables.type')}</th>
                <th scope="col">{t('intel.observables.value')}</th>
                <th scope="col">{t('intel.observables.note')}</th>
                <th scope="col">{t('intel.observables.elsewhere')}</th>
                {canEdit ? (
                  <th scope="col">
                    <span className="visually-hidden">{t('intel.actions')}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {items.map((observable) => (
                <ObservableRow
                  key={observable.id}
                  observable={observable}
                  incidentId={incidentId}
                  canEdit={canEdit}
                  removing={remove.isPending && remove.variables === observable.id}
                  onRemove={() => remove.mutate(observable.id)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {canEdit ? <AddObservableForm incidentId={incidentId} /> : null}
    </section>
  );
};
