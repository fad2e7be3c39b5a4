import { memo, useEffect, useRef, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Incident } from '../../../../../shared/contracts/incidents.js';
import { formatDateAndTime } from '../../../lib/format.js';
import { useLocale } from '../../../lib/i18n.js';
import { useSignedInUser } from '../../../lib/session.js';
import { TlpBadge, useIncidentLabels } from '../incident-labels.js';
import '../../../components/data-table.css';

export interface TriageTableProps {
  rows: Incident[];
  selected: ReadonlySet<string>;
  focusedId: string | null;
  organisationName: (id: string) => string;
  onToggle: (id: string) => void;
  onToggleAll: (select: boolean) => void;
  onFocusRow: (id: string) => void;
  /** The title links by incident id, so that j and k can move focus to them. */
  linkRefs: RefObject<Map<string, HTMLAnchorElement>>;
}

interface RowProps {
  incident: Incident;
  isSelected: boolean;
  isFocused: boolean;
  locale: ReturnType<typeof useLocale>;
  timeZone: string;
  organisationName: (id: string) => string;
  onToggle: (id: string) => void;
  onFocusRow: (id: string) => void;
  linkRefs: RefObject<Map<string, HTMLAnchorElement>>;
}

// Memoised: with hundreds of rows, moving the focus or ticking one box re-renders two rows, not all.
const Row = memo(function Row({
  incident,
  isSelected,
  isFocused,
  locale,
  timeZone,
  organisationName,
  onToggle,
  onFocusRow,
  linkRefs,
}: RowProps) {
  const { t } = useTranslation();
  const labels = useIncidentLabels();
  const received = formatDateAndTime(incident.createdAt, locale, timeZone);
  const titleId = `triage-title-${incident.id}`;
  const className = ['triage-row', isSelected && 'triage-row--selected', isFocused && 'triage-row--focused']
    .filter(Boolean)
    .join(' ');
  return (
    <tr className={className} onFocus={() => onFocusRow(incident.id)}>
      <td className="triage-cell--select">
        <input
          type="checkbox"
          className="triage-checkbox"
          checked={isSelected}
          onChange={() => onToggle(incident.id)}
          aria-labelledby={`triage-select-label ${titleId}`}
        />
      </td>
      <th scope="row" className="triage-cell--title">
        <Link
          id={titleId}
          to={`/incidents/${encodeURIComponent(incident.id)}`}
          ref={(element) => {
            if (element) linkRefs.current.set(incident.id, element);
            else linkRefs.current.delete(incident.id);
          }}
        >
          {incident.title}
        </Link>
        <span className="cell__secondary">{labels.category(incident.category)}</span>
      </th>
      <td className="nowrap">
        <time dateTime={incident.createdAt}>
          {received.date}
          <span className="cell__secondary">{received.time}</span>
        </time>
      </td>
      <td>{labels.status(incident.status)}</td>
      <td className="nowrap">{labels.severity(incident.severity)}</td>
      <td>{incident.domains.map(labels.domain).join(', ')}</td>
      <td>
        <TlpBadge tlp={incident.tlp} />
      </td>
      <td>
        {incident.leadOrganisationId ? (
          organisationName(incident.leadOrganisationId)
        ) : (
          <span className="muted">{t('triage.table.noLead')}</span>
        )}
      </td>
      <td>
        {organisationName(incident.ownerOrganisationId)}
        <span className="cell__secondary">{labels.reportedVia(incident.reportedVia)}</span>
      </td>
    </tr>
  );
});

export const TriageTable = ({
  rows,
  selected,
  focusedId,
  organisationName,
  onToggle,
  onToggleAll,
  onFocusRow,
  linkRefs,
}: TriageTableProps) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  const allRef = useRef<HTMLInputElement>(null);
  const selectedOnPage = rows.filter((row) => selected.has(row.id)).length;
  const all = rows.length > 0 && selectedOnPage === rows.length;
  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = selectedOnPage > 0 && !all;
  }, [selectedOnPage, all]);

  return (
    <div className="table-wrap" role="region" aria-labelledby="triage-table-caption" tabIndex={0}>
      <table className="table triage-table" aria-describedby="triage-shortcuts-hint">
        <caption id="triage-table-caption" className="visually-hidden">
          {t('triage.table.caption', { count: rows.length })}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="triage-cell--select">
              <span id="triage-select-label" className="visually-hidden">
                {t('triage.table.select')}
              </span>
              <input
                ref={allRef}
                type="checkbox"
                className="triage-checkbox"
                checked={all}
                onChange={() => onToggleAll(!all)}
                aria-label={t('triage.table.selectAll')}
                disabled={rows.length === 0}
              />
            </th>
            <th scope="col">{t('triage.table.title')}</th>
            <th scope="col">{t('triage.table.received')}</th>
            <th scope="col">{t('triage.table.status')}</th>
            <th scope="col">{t('triage.table.severity')}</th>
            <th scope="col">{t('triage.table.domains')}</th>
            <th scope="col">{t('triage.table.tlp')}</th>
            <th scope="col">{t('triage.table.lead')}</th>
            <th scope="col">{t('triage.table.owner')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((incident) => (
            <Row
              key={incident.id}
              incident={incident}
              isSelected={selected.has(incident.id)}
              isFocused={focusedId === incident.id}
              locale={locale}
              timeZone={me.timeZone}
              organisationName={organisationName}
              onToggle={onToggle}
              onFocusRow={onFocusRow}
              linkRefs={linkRefs}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
};
