import { useId, useState } from 'react';
import { FileTrigger, Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { tlpLevels, type Tlp } from '../../../../shared/access/tlp.js';
import { MAX_BUNDLE_BYTES } from '../../../../shared/contracts/exchange-imports.js';
import { Banner } from '../../components/banner.js';
import { Button } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { SelectField } from '../../components/select-field.js';
import { tlpText } from '../../components/tlp-badge.js';
import { useSignedInUser } from '../../lib/session.js';
import {
  exchangeApi,
  useExchangeMutation,
  useImports,
  usePartners,
  type BundleImportResult,
  type MispImportResult,
  type StixImport,
} from './exchange-api.js';
import { ExchangeHeader } from './exchange-shell.js';
import { managesPartners, useExchangeWords } from './exchange-words.js';
import { CountsLine, MispResultsTable, ObjectResultsTable } from './import-results.js';
import { fileFormat } from './upload-format.js';

type Upload = { format: 'stix'; result: BundleImportResult } | { format: 'misp'; result: MispImportResult };

class UnreadableFile extends Error {
  constructor(readonly reason: 'tooLarge' | 'notJson' | 'unknownFormat') {
    super(reason);
  }
}

const readFile = async (file: File): Promise<{ format: 'stix' | 'misp'; content: unknown }> => {
  if (file.size > MAX_BUNDLE_BYTES) throw new UnreadableFile('tooLarge');
  let content: unknown;
  try {
    content = JSON.parse(await file.text());
  } catch {
    throw new UnreadableFile('notJson');
  }
  const format = fileFormat(content);
  if (!format) throw new UnreadableFile('unknownFormat');
  return { format, content };
};

const UploadForm = ({ onDone }: { onDone: (upload: Upload) => void }) => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const labelId = useId();
  const helpId = useId();
  const partners = usePartners(managesPartners(me));
  const [file, setFile] = useState<File | null>(null);
  const [defaultTlp, setDefaultTlp] = useState<Tlp>('amber');
  const [partnerId, setPartnerId] = useState('none');
  const upload = useExchangeMutation(async (chosen: File): Promise<Upload> => {
    const { format, content } = await readFile(chosen);
    return format === 'stix'
      ? {
          format,
          result: await exchangeApi.uploadStix(content, defaultTlp, partnerId === 'none' ? null : partnerId),
        }
      : { format, result: await exchangeApi.uploadMisp(content, defaultTlp) };
  });
  const problem = upload.error instanceof UnreadableFile ? upload.error.reason : null;

  return (
    <Form
      className="stack"
      onSubmit={(event) => {
        event.preventDefault();
        if (!file) return;
        upload.mutate(file, { onSuccess: onDone });
      }}
    >
      <div className="exchange-upload" role="group" aria-labelledby={labelId} aria-describedby={helpId}>
        <span id={labelId} className="field__label">
          {t('exchange.imports.file')}
        </span>
        <div className="actions">
          <FileTrigger
            acceptedFileTypes={['.json', 'application/json', 'application/stix+json']}
            onSelect={(files) => {
              setFile(files?.[0] ?? null);
              upload.reset();
            }}
          >
            <Button>{t('exchange.imports.choose')}</Button>
          </FileTrigger>
          <span role="status" className={file ? undefined : 'muted'}>
            {file ? file.name : t('exchange.imports.noFile')}
          </span>
        </div>
        <p id={helpId} className="field__description">
          {t('exchange.imports.fileHelp')}
        </p>
      </div>
      <div className="exchange-filters">
        <SelectField
          label={t('exchange.imports.defaultTlp')}
          description={t('exchange.imports.defaultTlpHelp')}
          value={defaultTlp}
          onChange={(value) => setDefaultTlp(value as Tlp)}
          options={tlpLevels.map((tlp) => ({ id: tlp, label: tlpText(tlp) }))}
        />
        {managesPartners(me) && (partners.data?.items.length ?? 0) > 0 ? (
          <SelectField
            label={t('exchange.imports.fromPartner')}
            description={t('exchange.imports.fromPartnerHelp')}
            value={partnerId}
            onChange={setPartnerId}
            options={[
              { id: 'none', label: t('exchange.imports.noPartner') },
              ...(partners.data?.items ?? []).map((p) => ({ id: p.id, label: p.name })),
            ]}
          />
        ) : null}
      </div>
      {problem ? (
        <Banner tone="error">
          <p>{t(`exchange.imports.problem.${problem}`)}</p>
        </Banner>
      ) : (
        <ErrorBanner error={upload.error} />
      )}
      <div className="actions">
        <Button type="submit" variant="primary" isPending={upload.isPending} isDisabled={!file}>
          {t('exchange.imports.upload')}
        </Button>
      </div>
    </Form>
  );
};

const UploadResult = ({ upload }: { upload: Upload }) => {
  const { t } = useTranslation();
  if (upload.format === 'misp') {
    return (
      <section className="section" aria-labelledby="upload-result-title">
        <h2 id="upload-result-title" className="section__title">
          {t('exchange.imports.resultTitle')}
        </h2>
        <MispResultsTable result={upload.result} />
        <p>
          <Link to="/exchange/workbench">{t('exchange.imports.toWorkbench')}</Link>
        </p>
      </section>
    );
  }
  const { result } = upload;
  return (
    <section className="section" aria-labelledby="upload-result-title">
      <h2 id="upload-result-title" className="section__title">
        {t('exchange.imports.resultTitle')}
      </h2>
      <CountsLine counts={result.counts} />
      <p>
        {t('exchange.imports.workbenchMade', { count: result.workbenchItemIds.length })}{' '}
        {result.disarmTechniqueCount > 0
          ? t('exchange.imports.disarmFound', { count: result.disarmTechniqueCount })
          : null}
      </p>
      <div className="actions">
        {result.workbenchItemIds.length > 0 ? (
          <Link to="/exchange/workbench">{t('exchange.imports.toWorkbench')}</Link>
        ) : null}
        <Link to={`/exchange/imports/${result.importId}`}>{t('exchange.imports.openImport')}</Link>
      </div>
      <ObjectResultsTable
        results={result.results}
        caption={t('exchange.imports.resultsCaption', { count: result.results.length })}
      />
    </section>
  );
};

const ImportLog = () => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const imports = useImports();
  const rows = imports.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="section" aria-labelledby="import-log-title">
      <h2 id="import-log-title" className="section__title">
        {t('exchange.imports.logTitle')}
      </h2>
      {imports.isPending ? <Loading /> : null}
      <ErrorBanner error={imports.error} />
      {imports.data && rows.length === 0 ? <EmptyState title={t('exchange.imports.none')} /> : null}
      {rows.length > 0 ? (
        <DataTable<StixImport>
          caption={t('exchange.imports.logCaption', { count: rows.length })}
          captionHidden
          rows={rows}
          rowKey={(row) => row.id}
          columns={[
            {
              key: 'when',
              header: t('exchange.provenance.received'),
              isRowHeader: true,
              cell: (row) => (
                <Link to={`/exchange/imports/${row.id}`}>{words.dateTime(row.provenance.receivedAt)}</Link>
              ),
            },
            {
              key: 'from',
              header: t('exchange.provenance.from'),
              cell: (row) => (
                <>
                  {row.provenance.partnerName ?? row.provenance.receivedBy?.name ?? '–'}
                  <div className="small muted">{words.source(row.provenance.source)}</div>
                </>
              ),
            },
            {
              key: 'objects',
              header: t('exchange.imports.objects'),
              cell: (row) => row.objectCount,
            },
            {
              key: 'outcomes',
              header: t('exchange.imports.outcomes'),
              cell: (row) => <CountsLine counts={row.counts} />,
            },
            {
              key: 'workbench',
              header: t('exchange.imports.toReview'),
              cell: (row) => row.workbenchItemCount,
            },
          ]}
        />
      ) : null}
      {imports.hasNextPage ? (
        <div className="actions">
          <Button onPress={() => void imports.fetchNextPage()} isPending={imports.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      ) : null}
    </section>
  );
};

export const ImportsPage = () => {
  const { t } = useTranslation();
  const [upload, setUpload] = useState<Upload | null>(null);
  return (
    <>
      <ExchangeHeader title={t('exchange.imports.title')} description={t('exchange.imports.lead')} />
      <section className="section" aria-labelledby="upload-title">
        <h2 id="upload-title" className="section__title">
          {t('exchange.imports.uploadTitle')}
        </h2>
        <UploadForm onDone={setUpload} />
      </section>
      {upload ? <UploadResult upload={upload} /> : null}
      <ImportLog />
    </>
  );
};
