import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useUnreadCount } from './notifications-api.js';
import './notifications.css';

/** The header's way to the notifications, with the unread count in its accessible name. */
export const NotificationBell = () => {
  const { t } = useTranslation();
  const { data: count = 0 } = useUnreadCount();
  const label = count > 0 ? t('notifications.bell', { count }) : t('notifications.bellNone');
  return (
    <NavLink
      to="/notifications"
      end
      className={({ isActive }) =>
        isActive ? 'notification-bell notification-bell--active' : 'notification-bell'
      }
      aria-label={label}
      title={label}
    >
      <svg viewBox="0 0 24 24" className="notification-bell__icon" aria-hidden="true" focusable="false">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" />
      </svg>
      {count > 0 ? (
        <span className="notification-bell__count" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </NavLink>
  );
};
