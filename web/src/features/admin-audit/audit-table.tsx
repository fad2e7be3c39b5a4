import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../components/data-table.js';
import { EmailText } from '../../components/email-text.js';
import { formatDateAndTime } from '../../lib/format.js';
import { useLocale } from '../../lib/i18n.js';
import { useSignedInUser } from '../../lib/session.js';
import { actionLabel } from './action-label.js';
import type { AuditEvent } from './audit-api.js';

const detailsText = (details: Record<string, unknown>): string =>
  Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');

/** Known target types read as words; a newer one keeps its raw name. */
const targetTypeLabel = (t: TFunction, type: string): string => {
  const key = `audit.targetTypes.${type}`;
  const label = t(key, { defaultValue: '' });
  return typeof label === 'string' && label !== '' && label !== key ? label : type;
};

/** The target's name when it still exists, else its id; the type and the id in small print below. */
const Target = ({ event, t }: { event: AuditEvent; t: TFunction }) => {
  const { targetType, targetId, targetLabel } = event;
  if (!targetType && !targetId) return <>—</>;
  const type = targetType ? targetTypeLabel(t, targetType) : null;
  if (!targetLabel)
    return (
      <>
        {targetId ? <code className="small">{targetId}</code> : null}
        {type ? <span className="cell__secondary">{type}</span> : null}
      </>
    );
  return (
    <>
      {targetType === 'user' ? <EmailText value={targetLabel} /> : targetLabel}
      <span className="cell__secondary">
        {type} {targetId ? <code>{targetId}</code> : null}
      </span>
    </>
  );
};

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
          cell: (row) => {
            const { date, time } = formatDateAndTime(row.occurredAt, locale, me.timeZone);
            return (
              <time dateTime={row.occurredAt}>
                <span className="nowrap">{date}</span> <span className="nowrap">{time}</span>
              </time>
            );
          },
        },
        {
          key: 'actor',
          header: t('audit.actorAndSource'),
          className: 'cell--person',
          cell: (row) => (
            <>
              {row.actorEmail ? (
                <EmailText value={row.actorEmail} />
              ) : row.actorUserId ? (
                '—'
              ) : (
                t('audit.anonymous')
              )}
              {row.sourceIp ? (
                <span className="cell__secondary">
                  <span className="visually-hidden">{t('audit.sourceIp')}: </span>
                  {row.sourceIp}
                </span>
              ) : null}
            </>
          ),
        },
        {
          key: 'action',
          header: t('audit.action'),
          cell: (row) => (
            <>
              {actionLabel(t, row.action)}
              <code className="cell__secondary">{row.action}</code>
            </>
          ),
        },
        {
          key: 'target',
          header: t('audit.target'),
          className: 'cell--person',
          cell: (row) => <Target event={row} t={t} />,
        },
        {
          key: 'details',
          header: t('audit.details'),
          className: 'cell--wrap',
          cell: (row) => (
            <>
              <span className="small">{detailsText(row.details) || '—'}</span>
              {row.requestId ? (
                <span className="cell__secondary">
                  {t('audit.requestId')}: <code>{row.requestId}</code>
                </span>
              ) : null}
            </>
          ),
        },
      ]}
    />
  );
};
