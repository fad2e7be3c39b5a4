import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { SignInPage } from '../features/auth/sign-in-page.js';
import { PlaceholderPage, placeholderAreas } from '../features/placeholders/placeholder-page.js';
import { ForcedPasswordChangePage } from '../features/profile/forced-password-change-page.js';
import { TwoFactorSetupPage } from '../features/profile/two-factor-setup-page.js';
import { AppLayout, RestrictedLayout } from './app-layout.js';
import { Landing, RequireAdmin, RequireContentRole, RequireSession } from './guards.js';
import { NotFoundPage } from './not-found-page.js';
import { PublicLayout } from './public-layout.js';

// The administration pages and the profile load on first use, in chunks of their own: most users
// seldom open them, and the sign-in page stays small. AppLayout's LoadBoundary shows Loading meanwhile.
const OrganisationsPage = lazy(() =>
  import('../features/admin-organisations/organisations-page.js').then((m) => ({
    default: m.OrganisationsPage,
  })),
);
const UsersPage = lazy(() =>
  import('../features/admin-users/users-page.js').then((m) => ({ default: m.UsersPage })),
);
const CommunitiesPage = lazy(() =>
  import('../features/admin-communities/communities-page.js').then((m) => ({ default: m.CommunitiesPage })),
);
const AuditPage = lazy(() =>
  import('../features/admin-audit/audit-page.js').then((m) => ({ default: m.AuditPage })),
);
const ProfilePage = lazy(() =>
  import('../features/profile/profile-page.js').then((m) => ({ default: m.ProfilePage })),
);

export const AppRoutes = () => (
  <Routes>
    <Route element={<PublicLayout />}>
      <Route path="/sign-in" element={<SignInPage />} />
    </Route>
    <Route element={<RequireSession />}>
      <Route element={<RestrictedLayout />}>
        <Route path="/change-password" element={<ForcedPasswordChangePage />} />
        <Route path="/two-factor-setup" element={<TwoFactorSetupPage />} />
      </Route>
      <Route element={<AppLayout />}>
        <Route index element={<Landing />} />
        <Route element={<RequireContentRole />}>
          {placeholderAreas.map((area) => (
            <Route key={area} path={`/${area}`} element={<PlaceholderPage area={area} />} />
          ))}
        </Route>
        <Route path="/admin" element={<RequireAdmin />}>
          <Route index element={<Navigate to="organisations" replace />} />
          <Route path="organisations" element={<OrganisationsPage />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="communities" element={<CommunitiesPage />} />
          <Route path="audit" element={<AuditPage />} />
        </Route>
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Route>
  </Routes>
);
