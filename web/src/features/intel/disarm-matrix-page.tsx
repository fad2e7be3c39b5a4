import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Checkbox } from '../../components/checkbox.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { SelectField } from '../../components/select-field.js';
import { usePageTitle } from '../../lib/use-page-title.js';
import { DisarmCredit } from '../../components/disarm-credit.js';
import { intelApi, intelPageKeys, type DisarmMatrix } from './intel-api.js';
import './intel.css';

type Tactic = DisarmMatrix['tactics'][number];
type Technique = Tactic['techniques'][number];
interface TableRow extends Technique {
  tactic: Tactic;
}

/** Darker cells for more incidents, in five steps relative to the busiest technique. */
const heat = (count: number, max: number) => (count === 0 ? 0 : Math.min(4, Math.ceil((count / max) * 4)));

const MatrixGrid = ({ matrix, showSub }: { matrix: DisarmMatrix; showSub: boolean }) => {
  const { t } = useTranslation();
  const max = Math.max(
    1,
    ...matrix.tactics.flatMap((tactic) => tactic.techniques.map((x) => x.incidentCount)),
  );
  const phaseName = (id: string) => matrix.phases.find((p) => p.id === id)?.name ?? id;
  return (
    <div className="disarm-matrix" role="region" aria-label={t('intel.disarm.matrix')} tabIndex={0}>
      {matrix.tactics.map((tactic) => (
        <section key={tactic.id} className="disarm-matrix__column" aria-labelledby={`tactic-${tactic.id}`}>
          <h3 id={`tactic-${tactic.id}`} className="disarm-matrix__tactic">
            <span className="disarm-matrix__phase">{phaseName(tactic.phaseId)}</span>
            <span>
              {tactic.id} {tactic.name}
            </span>
            <span className="disarm-matrix__total">
              {t('intel.disarm.incidents', { count: tactic.incidentCount })}
            </span>
          </h3>
          <ul className="disarm-matrix__list">
            {tactic.techniques
              .filter((x) => showSub || x.parentId === null)
              .map((x) => (
                <li
                  key={x.id}
                  className={`disarm-matrix__cell disarm-heat-${heat(x.incidentCount, max)}${
                    x.parentId ? ' disarm-matrix__cell--sub' : ''
                  }`}
                >
                  <span className="disarm-matrix__id">{x.id}</span> {x.name}
                  <span className="disarm-matrix__count">
                    <span className="visually-hidden">
                      {t('intel.disarm.incidents', { count: x.incidentCount })}
                    </span>
                    <span aria-hidden="true">{x.incidentCount}</span>
                  </span>
                </li>
              ))}
          </ul>
        </section>
      ))}
    </div>
  );
};

export const DisarmMatrixPage = () => {
  const { t } = useTranslation();
  usePageTitle(t('intel.disarm.title'));
  const [params] = useSearchParams();
  const electionId = params.get('electionId');
  const [view, setView] = useState<'matrix' | 'table'>('matrix');
  const [showSub, setShowSub] = useState(false);
  const [onlyUsed, setOnlyUsed] = useState(true);
  const matrix = useQuery({
    queryKey: intelPageKeys.matrix(electionId),
    queryFn: () => intelApi.matrix(electionId),
  });

  const rows: TableRow[] = (matrix.data?.tactics ?? []).flatMap((tactic) =>
    tactic.techniques
      .filter((x) => (showSub || x.parentId === null) && (!onlyUsed || x.incidentCount > 0))
      .map((x) => ({ ...x, tactic })),
  );

  return (
    <>
      <PageHeader title={t('intel.disarm.title')} description={t('intel.disarm.lead')} />
      <div className="intel-toolbar">
        <SelectField
          label={t('intel.disarm.view')}
          size="narrow"
          value={view}
          onChange={(next) => setView(next as 'matrix' | 'table')}
          options={[
            { id: 'matrix', label: t('intel.disarm.viewMatrix') },
            { id: 'table', label: t('intel.disarm.viewTable') },
          ]}
        />
        <Checkbox isSelected={showSub} onChange={setShowSub}>
          {t('intel.disarm.showSub')}
        </Checkbox>
        {view === 'table' ? (
          <Checkbox isSelected={onlyUsed} onChange={setOnlyUsed}>
            {t('intel.disarm.onlyUsed')}
          </Checkbox>
        ) : null}
      </div>
      {matrix.isPending ? <Loading /> : null}
      <ErrorBanner error={matrix.error} />
      {matrix.data && view === 'matrix' ? <MatrixGrid matrix={matrix.data} showSub={showSub} /> : null}
      {matrix.data && view === 'table' ? (
        rows.length === 0 ? (
          <p className="muted">{t('intel.disarm.noneUsed')}</p>
        ) : (
          <DataTable<TableRow>
            caption={t('intel.disarm.tableCaption', { count: rows.length })}
            rows={rows}
            rowKey={(row) => row.id}
            columns={[
              {
                key: 'tactic',
                header: t('intel.disarm.tactic'),
                cell: (row) => `${row.tactic.id} ${row.tactic.name}`,
              },
              { key: 'id', header: t('intel.disarm.techniqueId'), cell: (row) => row.id },
              {
                key: 'name',
                header: t('intel.disarm.technique'),
                isRowHeader: true,
                className: 'cell--wrap',
                cell: (row) => row.name,
              },
              {
                key: 'count',
                header: t('intel.disarm.incidentCount'),
                className: 'numeric',
                cell: (row) => row.incidentCount,
              },
            ]}
          />
        )
      ) : null}
      <DisarmCredit withNote />
    </>
  );
};
