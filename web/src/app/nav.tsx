import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { can, isReporterOnly } from '../../../shared/access/roles.js';
import type { Me } from '../../../shared/contracts/me.js';
import { hasContentRole, isAdmin } from '../lib/session.js';

const contentLinks = [
  { to: '/situation', key: 'nav.situation' },
  { to: '/incidents', key: 'nav.incidents' },
  { to: '/elections', key: 'nav.elections' },
  { to: '/reports', key: 'nav.reports' },
  { to: '/intel/narratives', key: 'intel.nav.narratives' },
  { to: '/intel/disarm', key: 'intel.nav.disarm' },
  { to: '/exchange', key: 'nav.exchange' },
] as const;

const reportLinks = [
  { to: '/report', key: 'incidents.nav.report', end: true },
  { to: '/report/mine', key: 'incidents.nav.myReports', end: true },
] as const;

const triageLink = { to: '/triage', key: 'triage.nav', end: true } as const;

/** Reporters see their own pages first; others who may report find them after the situation pages. */
const contentLinksFor = (me: Me) =>
  isReporterOnly(me)
    ? [...reportLinks, ...contentLinks]
    : can(me, 'content.edit')
      ? [...contentLinks, triageLink, ...reportLinks]
      : can(me, 'content.create')
        ? [...contentLinks, ...reportLinks]
        : contentLinks;

const adminLinks = [
  { to: '/admin/organisations', key: 'nav.organisations' },
  { to: '/admin/users', key: 'nav.users' },
  { to: '/admin/communities', key: 'nav.communities' },
  { to: '/admin/audit', key: 'nav.audit' },
] as const;

const linkClass = ({ isActive }: { isActive: boolean }) =>
  isActive ? 'nav__link nav__link--active' : 'nav__link';

export const Nav = ({ me }: { me: Me }) => {
  const { t } = useTranslation();
  const sections = [
    hasContentRole(me) ? { id: 'content', title: t('nav.contentSection'), links: contentLinksFor(me) } : null,
    isAdmin(me) ? { id: 'admin', title: t('nav.adminSection'), links: adminLinks } : null,
  ].filter((section) => section !== null);
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      {sections.map((section) => (
        <div key={section.id} className="nav__section">
          <h2 className="nav__title" id={`nav-${section.id}`}>
            {section.title}
          </h2>
          <ul className="nav__list" aria-labelledby={`nav-${section.id}`}>
            {section.links.map((link) => (
              <li key={link.to}>
                <NavLink to={link.to} end={'end' in link} className={linkClass}>
                  {t(link.key)}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
      <div className="nav__section">
        <ul className="nav__list">
          <li>
            <NavLink to="/profile" className={linkClass}>
              {t('nav.profile')}
            </NavLink>
          </li>
        </ul>
      </div>
    </nav>
  );
};
