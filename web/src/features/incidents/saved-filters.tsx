import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../components/button.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { TextField } from '../../components/text-field.js';
import { fieldErrors } from '../../lib/error-message.js';
import {
  listStateToSaved,
  listStateToSearch,
  savedToListState,
  type IncidentListState,
} from './incident-filters.js';
import { useCreateSavedFilter, useDeleteSavedFilter, useSavedFilters } from './incidents-api.js';

const hrefOf = (query: Record<string, unknown>) => {
  const search = listStateToSearch(savedToListState(query)).toString();
  return search ? `/incidents?${search}` : '/incidents';
};

/** Applying a saved filter is following a link: the URL holds the whole view. */
export const SavedFilters = ({ state }: { state: IncidentListState }) => {
  const { t } = useTranslation();
  const saved = useSavedFilters();
  const create = useCreateSavedFilter();
  const remove = useDeleteSavedFilter();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [message, setMessage] = useState('');
  const items = saved.data?.items ?? [];

  return (
    <div className="saved-filters facet">
      <h3 className="field__label" id="saved-filters-title">
        {t('incidents.saved.title')}
      </h3>
      {items.length > 0 ? (
        <ul className="saved-filters__list" aria-labelledby="saved-filters-title">
          {items.map((item) => (
            <li key={item.id} className="saved-filters__item">
              <Link to={hrefOf(item.query)}>{item.name}</Link>
              <Button
                variant="quiet"
                size="small"
                aria-label={t('incidents.saved.deleteNamed', { name: item.name })}
                isPending={remove.isPending && remove.variables === item.id}
                onPress={() =>
                  remove.mutate(item.id, {
                    onSuccess: () => setMessage(t('incidents.saved.deleted', { name: item.name })),
                  })
                }
              >
                <span aria-hidden="true">✕</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : saved.isSuccess ? (
        <p className="muted small">{t('incidents.saved.none')}</p>
      ) : null}
      <ErrorBanner error={saved.error ?? remove.error} />
      {naming ? (
        <Form
          className="stack"
          style={{ gap: 'var(--space-2)' }}
          validationErrors={fieldErrors(t, create.error)}
          onSubmit={(event) => {
            event.preventDefault();
            create.mutate(
              { name: name.trim(), query: listStateToSaved(state) },
              {
                onSuccess: (filter) => {
                  setMessage(t('incidents.saved.savedAs', { name: filter.name }));
                  setNaming(false);
                  setName('');
                },
              },
            );
          }}
        >
          {create.error ? <ErrorBanner error={create.error} /> : null}
          <TextField
            label={t('incidents.saved.name')}
            name="name"
            isRequired
            maxLength={100}
            value={name}
            onChange={setName}
            autoFocus
          />
          <div className="actions">
            <Button type="submit" variant="primary" size="small" isPending={create.isPending}>
              {t('incidents.saved.save')}
            </Button>
            <Button size="small" onPress={() => setNaming(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        </Form>
      ) : (
        <div className="actions">
          <Button size="small" onPress={() => setNaming(true)}>
            {t('incidents.saved.saveCurrent')}
          </Button>
        </div>
      )}
      <p role="status" className="muted small">
        {message}
      </p>
    </div>
  );
};
