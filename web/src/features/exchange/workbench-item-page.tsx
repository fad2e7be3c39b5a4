import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Button, ButtonLink } from '../../components/button.js';
import { DataTable } from '../../components/data-table.js';
import { ModalDialog } from '../../components/dialog.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { StatusBadge } from '../../components/status-badge.js';
import { TlpBadge } from '../../components/tlp-badge.js';
import { isApiError } from '../../lib/api.js';
import { useWorkbenchItem, type WorkbenchDecision, type WorkbenchItem } from './exchange-api.js';
import { useExchangeWords, workbenchTone } from './exchange-words.js';
import { RawJson, StixObjectList } from './stix-object-list.js';
import { Decided, DecisionDialog, type Decision } from './workbench-decision.js';
import { useProvenanceText } from './workbench-page.js';

const show = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '–';
  if (Array.isArray(value)) return value.length > 0 ? value.map(show).join(', ') : '–';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
};

const Provenance = ({ item }: { item: WorkbenchItem }) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const { provenance } = item;
  return (
    <dl className="exchange-meta">
      <dt>{t('exchange.workbench.status')}</dt>
      <dd>
        <StatusBadge tone={workbenchTone(item.status)}>{words.workbenchStatus(item.status)}</StatusBadge>{' '}
        {words.kind(item.kind)}
      </dd>
      <dt>{t('exchange.fields.marking')}</dt>
      <dd>
        <TlpBadge tlp={item.tlp} />
      </dd>
      <dt>{t('exchange.provenance.from')}</dt>
      <dd>
        {provenance.partnerId && provenance.partnerName
          ? provenance.partnerName
          : (provenance.receivedBy?.name ?? '–')}
        <span className="muted"> · {words.source(provenance.source)}</span>
      </dd>
      <dt>{t('exchange.provenance.received')}</dt>
      <dd>{words.exactTime(provenance.receivedAt)}</dd>
      <dt>{t('exchange.provenance.bundle')}</dt>
      <dd>
        <Link to={`/exchange/imports/${provenance.importId}`}>
          {provenance.bundleId ?? t('exchange.provenance.import')}
        </Link>
      </dd>
      <dt>{t('exchange.workbench.version')}</dt>
      <dd>{item.version ? words.exactTime(item.version) : '–'}</dd>
      {item.targetIncidentId ? (
        <>
          <dt>{t('exchange.workbench.target')}</dt>
          <dd>
            <Link to={`/incidents/${encodeURIComponent(item.targetIncidentId)}`}>
              {t('exchange.workbench.openIncident')}
            </Link>
          </dd>
        </>
      ) : null}
      {item.decidedAt ? (
        <>
          <dt>{t('exchange.workbench.decided')}</dt>
          <dd>
            {t('exchange.release.byAt', {
              who: item.decidedBy?.name ?? '–',
              at: words.dateTime(item.decidedAt),
            })}
          </dd>
        </>
      ) : null}
      {item.reason ? (
        <>
          <dt>{t('exchange.workbench.reason')}</dt>
          <dd>{item.reason}</dd>
        </>
      ) : null}
    </dl>
  );
};

const Changes = ({ item }: { item: WorkbenchItem }) => {
  const { t } = useTranslation();
  if (item.kind !== 'update') return null;
  return (
    <section className="section" aria-labelledby="workbench-changes-title">
      <h2 id="workbench-changes-title" className="section__title">
        {t('exchange.workbench.changes')}
      </h2>
      {item.changes.length === 0 ? (
        <p className="muted">{t('exchange.workbench.noChanges')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-labelledby="workbench-changes-caption" tabIndex={0}>
          <table className="table exchange-changes">
            <caption id="workbench-changes-caption" className="visually-hidden">
              {t('exchange.workbench.changesCaption', { count: item.changes.length })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('exchange.workbench.field')}</th>
                <th scope="col">{t('exchange.workbench.now')}</th>
                <th scope="col">{t('exchange.workbench.after')}</th>
              </tr>
            </thead>
            <tbody>
              {item.changes.map((change) => (
                <tr key={change.field}>
                  <th scope="row">
                    {t(`exchange.proposed.${change.field}`, { defaultValue: change.field })}
                  </th>
                  <td>
                    <del>{show(change.from)}</del>
                  </td>
                  <td>
                    <ins>{show(change.to)}</ins>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
};

const Proposed = ({ item }: { item: WorkbenchItem }) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const p = item.proposed;
  const rows: [string, string][] = [
    ['title', p.title],
    ['domains', p.domains.map((d) => t(`incidents.labels.domain.${d}`, { defaultValue: d })).join(', ')],
    ['category', words.summaryValue('category', p.category)],
    ['severity', words.summaryValue('severity', String(p.severity))],
    [
      'impactOnConduct',
      t(`incidents.labels.impact.${p.impactOnConduct}`, { defaultValue: p.impactOnConduct }),
    ],
    [
      'impactOnConfidence',
      t(`incidents.labels.impact.${p.impactOnConfidence}`, { defaultValue: p.impactOnConfidence }),
    ],
    ['admiralty', `${p.sourceReliability}${p.informationCredibility}`],
    ['areaCodes', p.areaCodes.join(', ')],
    ['firstSeen', p.firstSeen ? words.dateTime(p.firstSeen) : ''],
    ['lastSeen', p.lastSeen ? words.dateTime(p.lastSeen) : ''],
  ];
  return (
    <section className="section" aria-labelledby="workbench-proposed-title">
      <h2 id="workbench-proposed-title" className="section__title">
        {item.kind === 'update' ? t('exchange.workbench.proposedUpdate') : t('exchange.workbench.proposed')}
      </h2>
      <dl className="exchange-meta">
        {rows.map(([key, value]) => (
          <div key={key} className="exchange-meta__row">
            <dt>{t(`exchange.proposed.${key}`)}</dt>
            <dd>{value || '–'}</dd>
          </div>
        ))}
        <div className="exchange-meta__row">
          <dt>{t('exchange.fields.marking')}</dt>
          <dd>
            <TlpBadge tlp={p.tlp} />
          </dd>
        </div>
      </dl>
      {p.description ? (
        <>
          <h3 className="subsection-title">{t('exchange.proposed.description')}</h3>
          <p className="exchange-pre">{p.description}</p>
        </>
      ) : null}
    </section>
  );
};

type Unapplied = WorkbenchItem['unapplied'][number] & { key: string };

/** What accepting leaves out (it stays in the imported store, as it came), and why. */
const UnappliedList = ({ item }: { item: WorkbenchItem }) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  if (item.unapplied.length === 0) return null;
  return (
    <section className="section" aria-labelledby="workbench-unapplied-title">
      <h2 id="workbench-unapplied-title" className="section__title">
        {t('exchange.unapplied.title')}
      </h2>
      <p className="muted">{t('exchange.unapplied.lead')}</p>
      <DataTable<Unapplied>
        caption={t('exchange.unapplied.title')}
        captionHidden
        rows={item.unapplied.map((u, index) => ({ ...u, key: `${u.stixId}-${u.property ?? ''}-${index}` }))}
        rowKey={(u) => u.key}
        columns={[
          {
            key: 'what',
            header: t('exchange.unapplied.what'),
            isRowHeader: true,
            cell: (u) => (
              <>
                {words.objectType(u.stixType)}
                {u.property ? ` – ${u.property}` : ''} <code>{u.stixId}</code>
              </>
            ),
          },
          {
            key: 'why',
            header: t('exchange.unapplied.why'),
            cell: (u) => (
              <>
                {t(`exchange.unapplied.${u.reason}`)}
                {u.references.length > 0 ? (
                  <>
                    {': '}
                    <code>{u.references.join(', ')}</code>
                  </>
                ) : null}
              </>
            ),
          },
        ]}
      />
    </section>
  );
};

/** The techniques and observables as objects to name the references to them by. */
const namedReferences = (related: WorkbenchItem['related']) => [
  ...related.attackPatterns.map((a) => ({ id: a.stixId, type: 'attack-pattern', name: a.name })),
  ...related.observables.map((o) => ({
    id: o.stixId,
    type: o.stixType,
    value: o.becomes[0]?.value ?? o.stixId,
  })),
];

const Related = ({ item }: { item: WorkbenchItem }) => {
  const { t } = useTranslation();
  const words = useExchangeWords();
  const { related } = item;
  const context = [item.object, ...related.markings, ...related.other, ...namedReferences(related)];
  const around = [...related.relationships, ...related.sightings, ...related.other];
  return (
    <section className="section" aria-labelledby="workbench-related-title">
      <h2 id="workbench-related-title" className="section__title">
        {t('exchange.workbench.received')}
      </h2>
      <StixObjectList objects={[item.object]} context={context} />
      {related.observables.length > 0 ? (
        <>
          <h3 className="subsection-title">
            {t('exchange.workbench.observables', { count: related.observables.length })}
          </h3>
          <ul className="bullet-list">
            {related.observables.map((o) =>
              o.becomes.length === 0 ? (
                <li key={o.stixId}>
                  {words.objectType(o.stixType)}:{' '}
                  <span className="muted">{t('exchange.workbench.noCounterpart')}</span>
                </li>
              ) : (
                o.becomes.map((b) => (
                  <li key={`${o.stixId}:${b.stixId}`}>
                    <strong className="exchange-value">{b.value}</strong>{' '}
                    <span className="muted small">
                      ({words.objectType(o.stixType)},{' '}
                      {b.existingObservableId ? t('exchange.workbench.known') : t('exchange.workbench.new')})
                    </span>
                  </li>
                ))
              ),
            )}
          </ul>
        </>
      ) : null}
      {related.attackPatterns.length > 0 ? (
        <>
          <h3 className="subsection-title">
            {t('exchange.workbench.techniques', { count: related.attackPatterns.length })}
          </h3>
          <ul className="bullet-list">
            {related.attackPatterns.map((a) => (
              <li key={a.stixId}>
                {a.externalId ? <strong>{a.externalId}</strong> : null} {a.name}{' '}
                <span className="muted small">
                  (
                  {a.techniqueId
                    ? t('exchange.workbench.disarmKnown')
                    : t('exchange.workbench.disarmUnknown')}
                  )
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {around.length > 0 ? (
        <>
          <h3 className="subsection-title">{t('exchange.workbench.around')}</h3>
          <StixObjectList objects={around} context={context} headingLevel={4} />
        </>
      ) : null}
      <RawJson value={item} label={t('exchange.workbench.rawAll')} />
    </section>
  );
};

const ItemView = ({ item }: { item: WorkbenchItem }) => {
  const { t } = useTranslation();
  const provenance = useProvenanceText();
  const [decision, setDecision] = useState<Decision | null>(null);
  const [result, setResult] = useState<WorkbenchDecision | null>(null);
  const pending = item.status === 'pending';
  return (
    <>
      <PageHeader
        title={item.title || item.stixId}
        description={provenance(item.provenance)}
        actions={<ButtonLink href="/exchange/workbench">{t('exchange.workbench.back')}</ButtonLink>}
      />
      <Provenance item={item} />
      {result ? <Decided result={result} /> : null}
      {pending ? (
        <div className="actions" role="group" aria-label={t('exchange.workbench.decide')}>
          <Button variant="primary" onPress={() => setDecision('accept')}>
            {item.kind === 'update'
              ? t('exchange.workbench.acceptUpdate')
              : t('exchange.workbench.acceptOpen')}
          </Button>
          {item.kind === 'new' ? (
            <Button onPress={() => setDecision('merge')}>{t('exchange.workbench.mergeOpen')}</Button>
          ) : null}
          <Button variant="danger" onPress={() => setDecision('reject')}>
            {t('exchange.workbench.rejectOpen')}
          </Button>
        </div>
      ) : null}
      <div className="sections">
        <Changes item={item} />
        <Proposed item={item} />
        <UnappliedList item={item} />
        <Related item={item} />
      </div>
      <ModalDialog
        title={decision ? t(`exchange.workbench.${decision}Title`, { title: item.title }) : ''}
        isOpen={decision !== null}
        onClose={() => setDecision(null)}
        size="wide"
      >
        {decision ? (
          <DecisionDialog
            item={item}
            decision={decision}
            onClose={() => setDecision(null)}
            onDecided={(decided) => {
              setResult(decided);
              setDecision(null);
            }}
          />
        ) : null}
      </ModalDialog>
    </>
  );
};

export const WorkbenchItemPage = () => {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const item = useWorkbenchItem(id);
  if (item.isPending) return <Loading />;
  if (isApiError(item.error, 'not_found') || isApiError(item.error, 'validation_failed')) {
    return (
      <>
        <PageHeader title={t('exchange.workbench.notFound')} />
        <EmptyState
          title={t('exchange.workbench.notFoundBody')}
          action={<ButtonLink href="/exchange/workbench">{t('exchange.workbench.back')}</ButtonLink>}
        />
      </>
    );
  }
  if (!item.data) return <ErrorBanner error={item.error} />;
  return <ItemView key={item.data.id} item={item.data} />;
};
