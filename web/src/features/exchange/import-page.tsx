import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { importOutcomes, type ImportOutcome } from '../../../../shared/contracts/exchange-imports.js';
import { Button, ButtonLink } from '../../components/button.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { SelectField } from '../../components/select-field.js';
import { TlpBadge } from '../../components/tlp-badge.js';
import { isApiError } from '../../lib/api.js';
import { useImport, type StixImportDetail } from './exchange-api.js';
import { useExchangeWords } from './exchange-words.js';
import { CountsLine, ObjectResultsTable } from './import-results.js';

const all = 'all';

const Meta = ({ detail }: { detail: StixImportDetail }) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const { provenance } = detail;
  return (
    <dl className="exchange-meta">
      <dt>{t('exchange.provenance.from')}</dt>
      <dd>
        {provenance.partnerName ?? provenance.receivedBy?.name ?? '–'}
        <span className="muted"> · {words.source(provenance.source)}</span>
      </dd>
      <dt>{t('exchange.provenance.received')}</dt>
      <dd>{words.exactTime(provenance.receivedAt)}</dd>
      <dt>{t('exchange.provenance.bundle')}</dt>
      <dd>{provenance.bundleId ? <code>{provenance.bundleId}</code> : '–'}</dd>
      <dt>{t('exchange.imports.defaultTlp')}</dt>
      <dd>
        <TlpBadge tlp={detail.defaultTlp} />
      </dd>
      <dt>{t('exchange.imports.objects')}</dt>
      <dd>{detail.objectCount}</dd>
      <dt>{t('exchange.imports.outcomes')}</dt>
      <dd>
        <CountsLine counts={detail.counts} />
      </dd>
      <dt>{t('exchange.imports.toReview')}</dt>
      <dd>{detail.workbenchItemCount}</dd>
    </dl>
  );
};

/** One import with its per-object results, filtered by outcome, a page of 500 at a time. */
export const ImportPage = () => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const outcomeParam = params.get('outcome');
  const outcome = importOutcomes.includes(outcomeParam as ImportOutcome)
    ? (outcomeParam as ImportOutcome)
    : undefined;
  const detail = useImport(id, outcome);
  const first = detail.data?.pages[0];
  const results = detail.data?.pages.flatMap((page) => page.results) ?? [];

  if (isApiError(detail.error, 'not_found') || isApiError(detail.error, 'validation_failed')) {
    return (
      <>
        <PageHeader title={t('exchange.imports.notFound')} />
        <EmptyState
          title={t('exchange.imports.notFoundBody')}
          action={<ButtonLink href="/exchange/imports">{t('exchange.imports.back')}</ButtonLink>}
        />
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={
          first
            ? t('exchange.imports.detailTitle', { at: words.dateTime(first.provenance.receivedAt) })
            : t('exchange.imports.title')
        }
        actions={<ButtonLink href="/exchange/imports">{t('exchange.imports.back')}</ButtonLink>}
      />
      {detail.isPending ? <Loading /> : null}
      <ErrorBanner error={detail.error} />
      {first ? <Meta detail={first} /> : null}
      {first ? (
        <section className="section" aria-labelledby="import-results-title">
          <h2 id="import-results-title" className="section__title">
            {t('exchange.imports.perObject')}
          </h2>
          <div className="exchange-filters">
            <SelectField
              label={t('exchange.imports.outcome')}
              value={outcome ?? all}
              onChange={(value) => setParams(value === all ? {} : { outcome: value }, { replace: true })}
              options={[
                { id: all, label: t('exchange.imports.allOutcomes') },
                ...importOutcomes.map((o) => ({ id: o, label: words.outcome(o) })),
              ]}
              size="narrow"
            />
          </div>
          {results.length === 0 ? (
            <p className="muted">{t('exchange.imports.noResults')}</p>
          ) : (
            <ObjectResultsTable
              results={results}
              caption={t('exchange.imports.resultsCaption', { count: results.length })}
            />
          )}
          {detail.hasNextPage ? (
            <div className="actions">
              <Button onPress={() => void detail.fetchNextPage()} isPending={detail.isFetchingNextPage}>
                {t('common.loadMore')}
              </Button>
            </div>
          ) : null}
        </section>
      ) : null}
    </>
  );
};
