import { Outlet } from 'react-router';
import { DemoBanner } from './demo-banner.js';
import { LanguageSwitch } from './language-switch.js';
import { SkipLink } from './skip-link.js';

export const PublicLayout = () => (
  <div className="shell shell--public">
    <SkipLink />
    <header className="app-header">
      <DemoBanner />
      <div className="app-header__bar">
        <span className="brand">Vaalivahti</span>
        <div className="app-header__tools">
          <LanguageSwitch />
        </div>
      </div>
    </header>
    <main id="main" className="public-main" tabIndex={-1}>
      <Outlet />
    </main>
  </div>
);
