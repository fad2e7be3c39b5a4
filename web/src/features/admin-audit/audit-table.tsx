import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/data-table.js';
import { formatDateTime } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { useSignedInUser } from '../../lib/session.js';
import { actionLabel } from './action-label.js';
import type { AuditEvent } from './audit-api.js';

const detailsText = (details: Record<string, unknown>): string =>
  Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');

export const AuditTable = ({ events }: { events: AuditEvent[] }) => {
  const { t } = useTranslation();
  const locale = useLocale();
  const me = useSignedInUser();
  return (
    <DataTable<AuditEvent>
      caption={t('audit.caption', { timeZone: me.timeZone })}
      rows={events}
      rowKey={(row) => String(row.seq)}
      columns={[
        { key: 'seq', header: t('audit.seq'), className: 'numeric', cell: (row) => row.seq },
        {
          key: 'time',
          header: t('audit.time'),
          isRowHeader: true,
          className: 'nowrap',
          cell: (row) => (
            <time dateTime={row.occurredAt}>{formatDateTime(row.occurredAt, locale, me.timeZone)}</time>
          ),
        },
        {
          key: 'actor',
          header: t('audit.actor'),
          cell: (row) => row.actorEmail ?? (row.actorUserId ? '—' : t('audit.anonymous')),
        },
        {
          key: 'action',
          header: t('audit.action'),
          cell: (row) => (
            <>
              {actionLabel(t, row.action)}
              <br />
              <code className="muted small">{row.action}</code>
            </>
          ),
        },
        {
          key: 'target',
          header: t('audit.target'),
          className: 'cell--wrap',
          cell: (row) =>
            row.targetType || row.targetId ? (
              <>
                {row.targetType ?? ''} <code className="small">{row.targetId ?? ''}</code>
              </>
            ) : (
              '—'
            ),
        },
        {
          key: 'details',
          header: t('audit.details'),
          className: 'cell--wrap small',
          cell: (row) => detailsText(row.details) || '—',
        },
        { key: 'ip', header: t('audit.sourceIp'), cell: (row) => row.sourceIp ?? '—' },
        {
          key: 'request',
          header: t('audit.requestId'),
          cell: (row) => (row.requestId ? <code className="small">{row.requestId}</code> : '—'),
        },
      ]}
    />
  );
};
