import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Notification } from '../../../../shared/contracts/notifications.js';
import type { Locale } from '../../../../shared/contracts/locales.js';
import { Button } from '../../components/button.js';
import { Checkbox } from '../../components/checkbox.js';
import { EmptyState } from '../../components/empty-state.js';
import { ErrorBanner } from '../../components/error-banner.js';
import { Loading } from '../../components/loading.js';
import { PageHeader } from '../../components/page-header.js';
import { formatDateTime } from '../../lib/format.js';
import { useSignedInUser } from '../../lib/session.js';
import { useMarkRead, useNotifications } from './notifications-api.js';
import './notifications.css';

const knownKinds = new Set([
  'incident_created',
  'incident_escalated',
  'lead_assigned',
  'mention',
  'threat_level_changed',
  'threat_level_proposal_decided',
  'sitrep_distributed',
]);

/** The report a distributed-report notification is about, in the reader's language. */
const reportOf = (data: Record<string, unknown>, locale: string) => {
  const title = data.title as Record<string, string> | undefined;
  const id = typeof data.sitrepId === 'string' ? data.sitrepId : null;
  return id && title ? { id, title: title[locale] || title.fi || title.sv || title.en || '' } : null;
};

/** The election a threat-level notification is about, in the reader's language. */
const electionOf = (data: Record<string, unknown>, locale: string) => {
  const name = data.electionName as Record<string, string> | undefined;
  const id = typeof data.electionId === 'string' ? data.electionId : null;
  return id && name ? { id, name: name[locale] ?? name.fi ?? '' } : null;
};

const NotificationItem = ({
  notification,
  onRead,
  pending,
}: {
  notification: Notification;
  onRead: (id: string) => void;
  pending: boolean;
}) => {
  const { t, i18n } = useTranslation();
  const me = useSignedInUser();
  const kind = knownKinds.has(notification.kind) ? notification.kind : 'other';
  const unread = notification.readAt === null;
  const report =
    notification.kind === 'sitrep_distributed' ? reportOf(notification.data, i18n.language) : null;
  const election = notification.incident || report ? null : electionOf(notification.data, i18n.language);
  return (
    <li className={unread ? 'notification notification--unread' : 'notification'}>
      <div className="notification__main">
        <p className="notification__kind">
          {unread ? <span className="visually-hidden">{t('notifications.unread')}: </span> : null}
          {t(`notifications.kind.${kind}`, {
            from: String(notification.data.fromSeverity ?? notification.data.previousLevel ?? '–'),
            to: String(notification.data.toSeverity ?? notification.data.level ?? ''),
            domain: t(`notifications.domain.${String(notification.data.domain)}`, { defaultValue: '' }),
            marking: String(notification.data.tlp ?? '').toUpperCase(),
            decision: t(
              notification.data.accepted
                ? 'notifications.decision.accepted'
                : 'notifications.decision.rejected',
            ),
          })}
        </p>
        {election ? (
          <p className="notification__incident">
            <Link
              to={`/elections/${election.id}`}
              onClick={() => {
                if (unread) onRead(notification.id);
              }}
            >
              {election.name}
            </Link>
          </p>
        ) : null}
        {report ? (
          <p className="notification__incident">
            <Link
              to={`/reports/${report.id}`}
              onClick={() => {
                if (unread) onRead(notification.id);
              }}
            >
              {report.title}
            </Link>
          </p>
        ) : null}
        {notification.incident ? (
          <p className="notification__incident">
            <Link
              to={`/incidents/${notification.incident.id}`}
              onClick={() => {
                if (unread) onRead(notification.id);
              }}
            >
              {notification.incident.title}
            </Link>
          </p>
        ) : null}
        <p className="notification__meta">
          <time dateTime={notification.createdAt}>
            {formatDateTime(notification.createdAt, i18n.language as Locale, me.timeZone)}
          </time>
          {notification.incident ? (
            <> · {t('notifications.severity', { severity: notification.incident.severity })}</>
          ) : null}
        </p>
      </div>
      <div className="notification__actions">
        {unread ? (
          <Button size="small" onPress={() => onRead(notification.id)} isPending={pending}>
            {t('notifications.markRead')}
          </Button>
        ) : (
          <span className="notification__meta">{t('notifications.read')}</span>
        )}
      </div>
    </li>
  );
};

export const NotificationsPage = () => {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const query = useNotifications(unreadOnly);
  const markRead = useMarkRead();
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const unreadCount = query.data?.pages[0]?.unreadCount ?? 0;

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        description={t('notifications.description')}
        actions={<Link to="/notifications/settings">{t('notifications.settingsLink')}</Link>}
      />
      <div className="notification-toolbar">
        <Checkbox isSelected={unreadOnly} onChange={setUnreadOnly}>
          {t('notifications.showUnreadOnly')}
        </Checkbox>
        <Button
          onPress={() => markRead.mutate({ all: true })}
          isDisabled={unreadCount === 0}
          isPending={markRead.isPending && markRead.variables && 'all' in markRead.variables}
        >
          {t('notifications.markAllRead')}
        </Button>
      </div>
      <ErrorBanner error={query.error ?? markRead.error} />
      {query.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <EmptyState title={unreadOnly ? t('notifications.emptyUnread') : t('notifications.empty')} />
      ) : (
        <ul className="notification-list" aria-label={t('notifications.title')}>
          {items.map((notification) => (
            <NotificationItem
              key={notification.id}
              notification={notification}
              onRead={(id) => markRead.mutate({ ids: [id] })}
              pending={
                markRead.isPending &&
                markRead.variables !== undefined &&
                'ids' in markRead.variables &&
                markRead.variables.ids.includes(notification.id)
              }
            />
          ))}
        </ul>
      )}
      {query.hasNextPage ? (
        <p>
          <Button onPress={() => void query.fetchNextPage()} isPending={query.isFetchingNextPage}>
            {t('notifications.loadMore')}
          </Button>
        </p>
      ) : null}
    </>
  );
};
