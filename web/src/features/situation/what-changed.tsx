import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ChangedIncident } from '../../../../shared/contracts/situation.js';
import { formatDateTime } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import type { Situation } from './situation-api.js';

type Changes = Situation['changes'];
const incidentLists = ['created', 'escalated', 'deescalated', 'closed'] as const;

/** An instant as the value of <input type="datetime-local"> (the browser's local time). */
const toLocalInput = (iso: string): string => {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
};

const SincePicker = ({
  since,
  onChange,
  onReset,
  picked,
}: {
  since: string;
  onChange: (iso: string) => void;
  onReset: () => void;
  picked: boolean;
}) => {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState(() => toLocalInput(since));
  const [lastSince, setLastSince] = useState(since);
  if (since !== lastSince) {
    setLastSince(since);
    setDraft(toLocalInput(since));
  }
  return (
    <form
      className="since-picker"
      onSubmit={(event) => {
        event.preventDefault();
        const date = new Date(draft);
        if (!Number.isNaN(date.getTime())) onChange(date.toISOString());
      }}
    >
      <label htmlFor={id} className="field__label">
        {t('situation.changes.sinceLabel')}
      </label>
      <input
        id={id}
        className="field__input since-picker__input"
        type="datetime-local"
        value={draft}
        max={toLocalInput(new Date().toISOString())}
        onChange={(event) => setDraft(event.target.value)}
      />
      <button type="submit" className="button button--secondary button--small">
        {t('situation.changes.apply')}
      </button>
      {picked ? (
        <button type="button" className="button button--quiet button--small" onClick={onReset}>
          {t('situation.changes.sinceVisit')}
        </button>
      ) : null}
    </form>
  );
};

const IncidentItem = ({
  item,
  list,
  timeZone,
}: {
  item: ChangedIncident;
  list: (typeof incidentLists)[number];
  timeZone: string;
}) => {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <li className="changes__item">
      <Link to={`/incidents/${item.id}`}>{item.title}</Link>
      <span className="changes__meta">
        {list === 'escalated' || list === 'deescalated'
          ? t('situation.changes.severityChange', {
              from: item.fromSeverity ?? '–',
              to: item.toSeverity ?? item.severity,
            })
          : t('situation.changes.severity', { severity: item.severity })}
        {' · '}
        {t(`situation.statuses.${item.status}`)}
        {' · '}
        <time dateTime={item.at}>{formatDateTime(item.at, locale, timeZone)}</time>
      </span>
    </li>
  );
};

/** New, escalated, de-escalated and closed incidents and threat-level changes since a time. */
export const WhatChanged = ({
  changes,
  timeZone,
  picked,
  sinceNote,
  onPick,
  onReset,
  headingLevel = 2,
  interactive = true,
}: {
  changes: Changes;
  timeZone: string;
  picked: boolean;
  sinceNote: 'picked' | 'previousVisit' | 'firstVisit' | 'rolling';
  onPick?: (iso: string) => void;
  onReset?: () => void;
  headingLevel?: 2 | 3;
  interactive?: boolean;
}) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const SubHeading = headingLevel === 2 ? 'h3' : 'h4';
  const sinceText = formatDateTime(changes.since, locale, timeZone);
  const nothing =
    incidentLists.every((list) => changes[list].total === 0) && changes.threatLevelChanges.total === 0;
  return (
    <section className="situation-panel" aria-labelledby="changes-heading" data-testid="what-changed">
      <div className="situation-panel__head">
        <Heading id="changes-heading" className="situation-panel__title">
          {t('situation.changes.title', { since: sinceText })}
        </Heading>
      </div>
      <p className="muted">{t(`situation.changes.source.${sinceNote}`)}</p>
      {interactive && onPick && onReset ? (
        <SincePicker since={changes.since} picked={picked} onChange={onPick} onReset={onReset} />
      ) : null}
      {nothing ? <p>{t('situation.changes.nothing')}</p> : null}
      <div className="changes">
        {incidentLists.map((list) =>
          changes[list].total === 0 ? null : (
            <div key={list} className="changes__group">
              <SubHeading className="changes__title">
                {t(`situation.changes.${list}`, { count: changes[list].total })}
              </SubHeading>
              <ul className="changes__list">
                {changes[list].items.map((item) => (
                  <IncidentItem key={item.id} item={item} list={list} timeZone={timeZone} />
                ))}
              </ul>
              {changes[list].total > changes[list].items.length ? (
                <p className="muted">
                  {t('situation.changes.more', { count: changes[list].total - changes[list].items.length })}
                </p>
              ) : null}
            </div>
          ),
        )}
        {changes.threatLevelChanges.total === 0 ? null : (
          <div className="changes__group">
            <SubHeading className="changes__title">
              {t('situation.changes.threatLevels', { count: changes.threatLevelChanges.total })}
            </SubHeading>
            <ul className="changes__list">
              {changes.threatLevelChanges.items.map((change) => (
                <li key={`${change.at}-${change.domain}`} className="changes__item">
                  <span>
                    {t(`situation.domains.${change.domain}`)}:{' '}
                    {t('situation.timeline.marker', { from: change.from ?? '–', to: change.to })}
                  </span>
                  <span className="changes__meta">
                    <time dateTime={change.at}>{formatDateTime(change.at, locale, timeZone)}</time>
                    {change.rationale ? ` · ${change.rationale}` : null}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </section>
  );
};
