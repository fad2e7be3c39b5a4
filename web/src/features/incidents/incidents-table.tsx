import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DataTable } from '../../components/data-table.js';
import { StatusBadge } from '../../components/status-badge.js';
import { formatDateAndTime } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { useOrganisations } from '../../lib/organisations.js';
import { useSignedInUser } from '../../lib/session.js';
import { useAreaNames } from './area-names.js';
import { TlpBadge, useIncidentLabels } from './incident-labels.js';
import type { Incident } from './incidents-api.js';

const shownAreas = 3;

const Time = ({ iso }: { iso: string }) => {
  const locale = useLocale();
  const me = useSignedInUser();
  const { date, time } = formatDateAndTime(iso, locale, me.timeZone);
  return (
    <time dateTime={iso}>
      <span className="nowrap">{date}</span> <span className="nowrap small">{time}</span>
    </time>
  );
};

const severityTone = (severity: number) =>
  severity >= 4 ? 'negative' : severity === 3 ? 'warning' : 'neutral';

export const IncidentsTable = ({ incidents, caption }: { incidents: Incident[]; caption: ReactNode }) => {
  const { t } = useTranslation();
  const labels = useIncidentLabels();
  const areaName = useAreaNames();
  const organisations = useOrganisations();
  const orgName = (id: string | null) =>
    id ? (organisations.data?.items.find((o) => o.id === id)?.shortName ?? '…') : '—';

  return (
    <DataTable<Incident>
      caption={caption}
      rows={incidents}
      rowKey={(row) => row.id}
      columns={[
        {
          key: 'title',
          header: t('incidents.fields.title'),
          isRowHeader: true,
          className: 'incident-title-cell',
          cell: (row) => (
            <>
              <TlpBadge tlp={row.tlp} /> <Link to={`/incidents/${row.id}`}>{row.title}</Link>
            </>
          ),
        },
        {
          key: 'domains',
          header: t('incidents.fields.domains'),
          cell: (row) => (
            <ul className="cell-list">
              {row.domains.map((domain) => (
                <li key={domain}>{labels.domain(domain)}</li>
              ))}
            </ul>
          ),
        },
        {
          key: 'category',
          header: t('incidents.fields.category'),
          className: 'cell--wrap',
          cell: (row) => labels.category(row.category),
        },
        {
          key: 'severity',
          header: t('incidents.fields.severity'),
          cell: (row) => (
            <StatusBadge tone={severityTone(row.severity)}>{labels.severity(row.severity)}</StatusBadge>
          ),
        },
        {
          key: 'status',
          header: t('incidents.fields.status'),
          cell: (row) => (
            <>
              {labels.status(row.status)}
              {row.closingReason ? (
                <span className="cell__secondary">{labels.closingReason(row.closingReason)}</span>
              ) : null}
            </>
          ),
        },
        {
          key: 'lead',
          header: t('incidents.fields.leadOrganisation'),
          cell: (row) => orgName(row.leadOrganisationId),
        },
        {
          key: 'areas',
          header: t('incidents.fields.areas'),
          className: 'cell--wrap',
          cell: (row) =>
            row.areaCodes.length === 0 ? (
              '—'
            ) : (
              <>
                {row.areaCodes.slice(0, shownAreas).map(areaName).join(', ')}
                {row.areaCodes.length > shownAreas ? (
                  <span className="cell__secondary">
                    {t('incidents.list.moreAreas', { count: row.areaCodes.length - shownAreas })}
                  </span>
                ) : null}
              </>
            ),
        },
        {
          key: 'created',
          header: t('incidents.fields.created'),
          cell: (row) => <Time iso={row.createdAt} />,
        },
        {
          key: 'updated',
          header: t('incidents.fields.updated'),
          cell: (row) => <Time iso={row.updatedAt} />,
        },
      ]}
    />
  );
};
