import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { importOutcomes } from '../../../../shared/contracts/exchange-imports.js';
import { DataTable } from '../../components/data-table.js';
import { StatusBadge } from '../../components/status-badge.js';
import type { ImportObjectResult, MispImportResult } from './exchange-api.js';
import { outcomeTone, useExchangeWords } from './exchange-words.js';

type Counts = Record<(typeof importOutcomes)[number], number>;

/** "12 created · 3 unchanged · 1 invalid": only the outcomes that happened. */
export const CountsLine = ({ counts }: { counts: Counts }) => {
  const words = useExchangeWords();
  const present = importOutcomes.filter((outcome) => counts[outcome] > 0);
  if (present.length === 0) return <span className="muted">–</span>;
  return (
    <ul className="exchange-counts">
      {present.map((outcome) => (
        <li key={outcome}>
          <StatusBadge tone={outcomeTone(outcome)}>
            {counts[outcome]} {words.outcome(outcome)}
          </StatusBadge>
        </li>
      ))}
    </ul>
  );
};

const Reasons = ({ reasons }: { reasons: readonly string[] | undefined }) =>
  reasons && reasons.length > 0 ? (
    <ul className="exchange-reasons">
      {reasons.map((reason, index) => (
        <li key={index}>{reason}</li>
      ))}
    </ul>
  ) : null;

/** One row per object of the bundle, in bundle order, with why an invalid one was refused. */
export const ObjectResultsTable = ({
  results,
  caption,
}: {
  results: readonly ImportObjectResult[];
  caption: string;
}) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  return (
    <DataTable<ImportObjectResult>
      caption={caption}
      rows={results}
      rowKey={(row) => String(row.index)}
      columns={[
        { key: 'index', header: t('exchange.imports.index'), cell: (row) => row.index + 1 },
        {
          key: 'object',
          header: t('exchange.imports.object'),
          isRowHeader: true,
          cell: (row) => (
            <>
              <code className="small">{row.type ?? '?'}</code>
              <div className="stix-object__id">{row.id ?? t('exchange.imports.noId')}</div>
            </>
          ),
        },
        {
          key: 'outcome',
          header: t('exchange.imports.outcome'),
          cell: (row) => (
            <StatusBadge tone={outcomeTone(row.outcome)}>{words.outcome(row.outcome)}</StatusBadge>
          ),
        },
        {
          key: 'reasons',
          header: t('exchange.imports.reasons'),
          cell: (row) => (
            <>
              <Reasons reasons={row.reasons} />
              {row.duplicateOf ? (
                <p className="small muted">{t('exchange.imports.duplicateOf', { id: row.duplicateOf })}</p>
              ) : null}
            </>
          ),
        },
      ]}
    />
  );
};

type MispEvent = MispImportResult['events'][number];

/** One row per MISP event, each imported (as STIX objects) or refused on its own. */
export const MispResultsTable = ({ result }: { result: MispImportResult }) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  return (
    <DataTable<MispEvent>
      caption={t('exchange.imports.mispCaption', { imported: result.imported, invalid: result.invalid })}
      rows={result.events}
      rowKey={(row) => String(row.index)}
      columns={[
        { key: 'index', header: t('exchange.imports.index'), cell: (row) => row.index + 1 },
        {
          key: 'event',
          header: t('exchange.imports.event'),
          isRowHeader: true,
          cell: (row) => (
            <>
              {row.info ?? t('exchange.imports.noInfo')}
              {row.uuid ? <div className="stix-object__id">{row.uuid}</div> : null}
            </>
          ),
        },
        {
          key: 'outcome',
          header: t('exchange.imports.outcome'),
          cell: (row) => (
            <>
              <StatusBadge tone={outcomeTone(row.outcome)}>{words.outcome(row.outcome)}</StatusBadge>
              {row.counts ? <CountsLine counts={row.counts} /> : null}
            </>
          ),
        },
        {
          key: 'notes',
          header: t('exchange.imports.reasons'),
          cell: (row) => (
            <>
              <Reasons reasons={row.reasons} />
              {row.unmapped.length > 0 ? (
                <p className="small">{t('exchange.imports.unmapped', { count: row.unmapped.length })}</p>
              ) : null}
              {row.unknownTechniques.length > 0 ? (
                <p className="small">
                  {t('exchange.imports.unknownTechniques', { ids: row.unknownTechniques.join(', ') })}
                </p>
              ) : null}
              {row.importId ? (
                <p className="small">
                  <Link to={`/exchange/imports/${row.importId}`}>{t('exchange.imports.openImport')}</Link>
                </p>
              ) : null}
            </>
          ),
        },
      ]}
    />
  );
};
