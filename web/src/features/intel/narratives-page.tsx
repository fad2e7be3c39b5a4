import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { can } from '../../../../shared/access/roles.js';
import { tlpLevels, type Tlp } from '../../../../shared/access/tlp.js';
import { narrativeStatuses } from '../../../../shared/contracts/narratives.js';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { SearchField } from '../../components/search-field.js';
import { SelectField } from '../../components/select-field.js';
import { TextField } from '../../components/text-field.js';
import { formatDateTime } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { useSignedInUser } from '../../lib/session.js';
import { usePageTitle } from '../../lib/use-page-title.js';
import { intelApi, intelPageKeys, type Narrative } from './intel-api.js';
import { useDebouncedValue } from '../../lib/use-debounced-value.js';
import './intel.css';

const NewNarrativeForm = ({ onCancel }: { onCancel: () => void }) => {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [tlp, setTlp] = useState<Tlp>('amber');
  const create = useMutation({
    mutationFn: () => intelApi.create({ title, description, tlp }),
    onSuccess: (narrative) => {
      void queryClient.invalidateQueries({ queryKey: ['intel', 'narratives'] });
      void navigate(`/intel/narratives/${narrative.id}`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="intel-panel" onSubmit={submit} aria-labelledby="new-narrative-title">
      <h2 id="new-narrative-title">{t('intel.narratives.new')}</h2>
      <TextField
        label={t('intel.narratives.titleField')}
        description={t('intel.narratives.titleHint')}
        value={title}
        onChange={setTitle}
        isRequired
        maxLength={300}
        size="wide"
        autoFocus
      />
      <TextField
        label={t('intel.narratives.description')}
        description={t('intel.narratives.markdownHint')}
        value={description}
        onChange={setDescription}
        multiline
        size="wide"
      />
      <SelectField
        label={t('intel.narratives.tlp')}
        size="narrow"
        value={tlp}
        onChange={(next) => setTlp(next as Tlp)}
        options={tlpLevels.map((id) => ({ id, label: `TLP:${id.toUpperCase()}` }))}
      />
      <ErrorBanner error={create.error} />
      <div className="intel-form__actions">
        <Button type="submit" variant="primary" isPending={create.isPending}>
          {t('intel.narratives.create')}
        </Button>
        <Button onPress={onCancel}>{t('intel.cancel')}</Button>
      </div>
    </form>
  );
};

export const NarrativesPage = () => {
  const { t } = useTranslation();
  usePageTitle(t('intel.narratives.title'));
  const locale = useLocale();
  const me = useSignedInUser();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState('');
  const [creating, setCreating] = useState(false);
  const q = useDebouncedValue(search.trim(), 250);
  const list = useInfiniteQuery({
    queryKey: intelPageKeys.narratives(q, status),
    queryFn: ({ pageParam }) => intelApi.narratives({ q, status, cursor: pageParam }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader
        title={t('intel.narratives.title')}
        description={t('intel.narratives.lead')}
        actions={
          can(me, 'content.create') && !creating ? (
            <Button variant="primary" onPress={() => setCreating(true)}>
              {t('intel.narratives.new')}
            </Button>
          ) : null
        }
      />
      {creating ? <NewNarrativeForm onCancel={() => setCreating(false)} /> : null}
      <div className="intel-toolbar">
        <SearchField label={t('intel.narratives.search')} value={search} onChange={setSearch} />
        <SelectField
          label={t('intel.narratives.status')}
          size="narrow"
          value={status}
          onChange={setStatus}
          options={[
            { id: '', label: t('intel.narratives.anyStatus') },
            ...narrativeStatuses.map((id) => ({ id, label: t(`intel.narratives.statuses.${id}`) })),
          ]}
        />
      </div>
      {list.isPending ? <Loading /> : null}
      <ErrorBanner error={list.error} />
      {list.data && rows.length === 0 ? <EmptyState title={t('intel.narratives.none')} /> : null}
      {rows.length > 0 ? (
        <DataTable<Narrative>
          caption={t('intel.narratives.caption', { count: rows.length })}
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            {
              key: 'title',
              header: t('intel.narratives.titleField'),
              isRowHeader: true,
              className: 'cell--wrap',
              cell: (row) => <Link to={`/intel/narratives/${row.id}`}>{row.title}</Link>,
            },
            {
              key: 'status',
              header: t('intel.narratives.status'),
              cell: (row) => t(`intel.narratives.statuses.${row.status}`),
            },
            { key: 'tlp', header: 'TLP', cell: (row) => `TLP:${row.tlp.toUpperCase()}` },
            {
              key: 'incidents',
              header: t('intel.narratives.incidentCount'),
              className: 'numeric',
              cell: (row) => row.incidentCount,
            },
            {
              key: 'updated',
              header: t('intel.narratives.updated'),
              cell: (row) => formatDateTime(row.updatedAt, locale, me.timeZone),
            },
          ]}
        />
      ) : null}
      {list.hasNextPage ? (
        <Button onPress={() => void list.fetchNextPage()} isPending={list.isFetchingNextPage}>
          {t('intel.loadMore')}
        </Button>
      ) : null}
    </>
  );
};
