import { Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LoadBoundary } from '../components/load-boundary.js';
import { CurrentElection } from '../features/elections/current-election.js';
import { NotificationBell } from '../features/notifications/notification-bell.js';
import { useLiveUpdates } from '../lib/live.js';
import { hasContentRole, useSignedInUser } from '../lib/session.js';
import { DemoBanner } from './demo-banner.js';
import { LanguageSwitch } from './language-switch.js';
import { Nav } from './nav.js';
import { SignOutButton } from './sign-out-button.js';
import { SkipLink } from './skip-link.js';
import { useFocusOnNavigate } from './use-focus-on-navigate.js';

export const UserBadge = () => {
  const { t } = useTranslation();
  const me = useSignedInUser();
  return (
    <p className="user-badge">
      <span className="visually-hidden">{t('layout.signedInAs')} </span>
      <span className="user-badge__name">{me.name}</span>
      <span className="user-badge__org">{me.organisation.shortName}</span>
    </p>
  );
};

export const AppLayout = () => {
  const me = useSignedInUser();
  const { pathname } = useLocation();
  useFocusOnNavigate();
  useLiveUpdates();
  return (
    <div className="shell">
      <SkipLink />
      <header className="app-header">
        <DemoBanner />
        <div className="app-header__bar">
          <span className="brand">Vaalivahti</span>
          <div className="app-header__tools">
            <NotificationBell />
            <UserBadge />
            <LanguageSwitch />
            <SignOutButton />
          </div>
        </div>
        <CurrentElection linked={hasContentRole(me)} />
      </header>
      <div className="app-body">
        <Nav me={me} />
        <main id="main" className="app-main" tabIndex={-1}>
          <LoadBoundary resetKey={pathname}>
            <Outlet />
          </LoadBoundary>
        </main>
      </div>
    </div>
  );
};

export const RestrictedLayout = () => (
  <div className="shell shell--public">
    <SkipLink />
    <header className="app-header">
      <DemoBanner />
      <div className="app-header__bar">
        <span className="brand">Vaalivahti</span>
        <div className="app-header__tools">
          <UserBadge />
          <LanguageSwitch />
          <SignOutButton />
        </div>
      </div>
    </header>
    <main id="main" className="public-main" tabIndex={-1}>
      <Outlet />
    </main>
  </div>
);
