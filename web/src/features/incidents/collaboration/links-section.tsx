import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { linkKinds, type LinkKind } from '../../../../../shared/contracts/collaboration.js';
import { Button } from '../../../components/button.js';
import { ComboBoxField } from '../../../components/combo-box-field.js';
import { ErrorBanner } from '../../../components/error-banner.js';
import { SelectField } from '../../../components/select-field.js';
import { collaborationApi, collaborationKeys } from './collaboration-api.js';
import { useDebouncedValue } from '../../../lib/use-debounced-value.js';

export const LinksSection = ({ incidentId, canEdit }: { incidentId: string; canEdit: boolean }) => {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const links = useQuery({
    queryKey: collaborationKeys.links(incidentId),
    queryFn: () => collaborationApi.links(incidentId),
  });
  const [search, setSearch] = useState('');
  const [targetId, setTargetId] = useState<string | null>(null);
  const [kind, setKind] = useState<LinkKind>('related_to');
  const [confirmMerge, setConfirmMerge] = useState(false);
  const q = useDebouncedValue(search.trim(), 300);
  const hits = useQuery({
    queryKey: ['incident-collaboration', 'search', q],
    queryFn: () => collaborationApi.searchIncidents(q),
    enabled: canEdit && q.length >= 2,
  });
  const options = (hits.data?.items ?? [])
    .filter((hit) => hit.id !== incidentId)
    .map((hit) => ({ id: hit.id, label: hit.title }));

  const refresh = () => queryClient.invalidateQueries({ queryKey: ['incident-collaboration', incidentId] });
  const add = useMutation({
    mutationFn: () => collaborationApi.addLink(incidentId, targetId!, kind),
    onSuccess: async () => {
      setTargetId(null);
      setSearch('');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (linkId: string) => collaborationApi.removeLink(incidentId, linkId),
    onSuccess: refresh,
  });
  const merge = useMutation({
    mutationFn: () => collaborationApi.merge(incidentId, targetId!),
    onSuccess: async () => {
      setConfirmMerge(false);
      await queryClient.invalidateQueries();
    },
  });

  return (
    <section className="collaboration" aria-labelledby={`links-${incidentId}`}>
      <h2 id={`links-${incidentId}`}>{t('collaboration.links.title')}</h2>
      <ErrorBanner error={links.error ?? remove.error} />
      {links.data && links.data.items.length === 0 ? <p>{t('collaboration.links.none')}</p> : null}
      <ul className="collaboration__list">
        {links.data?.items.map((link) => (
          <li key={link.id} className="collaboration__item">
            <span className="collaboration__meta">
              {t(`collaboration.links.kind.${link.kind}.${link.direction}`)}
            </span>{' '}
            <Link to={`/incidents/${link.other.id}`}>{link.other.title}</Link>
            {canEdit ? (
              <Button
                size="small"
                variant="quiet"
                onPress={() => remove.mutate(link.id)}
                aria-label={t('collaboration.links.removeNamed', { title: link.other.title })}
              >
                {t('collaboration.links.remove')}
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {canEdit ? (
        <form
          className="collaboration__form"
          onSubmit={(event) => {
            event.preventDefault();
            if (targetId) add.mutate();
          }}
        >
          <h3>{t('collaboration.links.add')}</h3>
          <ComboBoxField
            label={t('collaboration.links.search')}
            description={t('collaboration.links.searchHint')}
            options={options}
            value={targetId}
            onChange={setTargetId}
            inputValue={search}
            onInputChange={setSearch}
            emptyLabel={
              q.length >= 2 ? t('collaboration.links.noMatches') : t('collaboration.links.typeMore')
            }
            size="wide"
          />
          <SelectField
            label={t('collaboration.links.kindLabel')}
            options={linkKinds.map((k) => ({ id: k, label: t(`collaboration.links.kind.${k}.label`) }))}
            value={kind}
            onChange={(value) => setKind(value as LinkKind)}
          />
          <ErrorBanner error={add.error ?? merge.error} />
          <div className="collaboration__actions">
            <Button type="submit" variant="primary" isDisabled={!targetId} isPending={add.isPending}>
              {t('collaboration.links.addButton')}
            </Button>
            {confirmMerge ? (
              <>
                <p role="alert">{t('collaboration.merge.confirmText')}</p>
                <Button variant="danger" onPress={() => merge.mutate()} isPending={merge.isPending}>
                  {t('collaboration.merge.confirm')}
                </Button>
                <Button onPress={() => setConfirmMerge(false)}>{t('collaboration.cancel')}</Button>
              </>
            ) : (
              <Button variant="danger" isDisabled={!targetId} onPress={() => setConfirmMerge(true)}>
                {t('collaboration.merge.button')}
              </Button>
            )}
          </div>
        </form>
      ) : null}
    </section>
  );
};
