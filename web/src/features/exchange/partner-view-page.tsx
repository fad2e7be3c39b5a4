import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { Button, ButtonLink } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { SelectField } from '../../components/select-field.js';
import { isApiError } from '../../lib/api.js';
import { usePartner, usePartnerView } from './exchange-api.js';
import { useExchangeWords } from './exchange-words.js';
import { PartnerNotFound } from './partner-page.js';
import { StixObjectList } from './stix-object-list.js';

/** Exactly what the partner's TAXII client receives from its collections, through the same filter. */
export const PartnerViewPage = () => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const version = params.get('version') === 'all' ? 'all' : 'last';
  const partner = usePartner(id);
  const view = usePartnerView(id, version);
  const items = view.data?.pages.flatMap((page) => page.items) ?? [];
  const collections = view.data?.pages[0]?.collections ?? [];
  const name = partner.data?.name ?? '';

  if (isApiError(partner.error, 'not_found') || isApiError(view.error, 'not_found')) {
    return <PartnerNotFound />;
  }

  return (
    <>
      <PageHeader
        title={t('exchange.view.title', { partner: name })}
        description={t('exchange.view.lead', { partner: name })}
        actions={
          <ButtonLink href={`/exchange/partners/${id}`}>
            {t('exchange.view.back', { partner: name })}
          </ButtonLink>
        }
      />
      <div className="exchange-filters">
        <SelectField
          label={t('exchange.view.versions')}
          value={version}
          onChange={(value) => setParams(value === 'all' ? { version: 'all' } : {}, { replace: true })}
          options={[
            { id: 'last', label: t('exchange.view.latest') },
            { id: 'all', label: t('exchange.view.every') },
          ]}
        />
      </div>
      {partner.isPending || view.isPending ? <Loading /> : null}
      <ErrorBanner error={partner.error ?? view.error} />
      {collections.length > 0 ? (
        <p className="muted">
          {t('exchange.view.collections', { names: collections.map((c) => c.title).join(', ') })}
        </p>
      ) : null}
      {view.data && items.length === 0 ? (
        <EmptyState title={t('exchange.view.empty', { partner: name })} />
      ) : null}
      {items.length > 0 ? (
        <section className="section" aria-labelledby="partner-view-objects">
          <h2 id="partner-view-objects" className="section__title">
            {t('exchange.view.objects', { count: items.length })}
          </h2>
          <p className="small muted">
            {t('exchange.view.added', {
              first: words.exactTime(items[0]?.dateAdded),
              last: words.exactTime(items.at(-1)?.dateAdded),
            })}
          </p>
          <StixObjectList objects={items.map((item) => item.object)} />
        </section>
      ) : null}
      {view.hasNextPage ? (
        <div className="actions">
          <Button onPress={() => void view.fetchNextPage()} isPending={view.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </>
  );
};
