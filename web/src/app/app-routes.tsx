import { Navigate, Route, Routes } from 'react-router';
import { CommunitiesPage } from '../features/admin-communities/communities-page.js';
import { AuditPage } from '../features/admin-audit/audit-page.js';
import { OrganisationsPage } from '../features/admin-organisations/organisations-page.js';
import { UsersPage } from '../features/admin-users/users-page.js';
import { SignInPage } from '../features/auth/sign-in-page.js';
import { PlaceholderPage, placeholderAreas } from '../features/placeholders/placeholder-page.js';
import { ForcedPasswordChangePage } from '../features/profile/forced-password-change-page.js';
import { ProfilePage } from '../features/profile/profile-page.js';
import { TwoFactorSetupPage } from '../features/profile/two-factor-setup-page.js';
import { AppLayout, RestrictedLayout } from './app-layout.js';
import { Landing, RequireAdmin, RequireContentRole, RequireSession } from './guards.js';
import { NotFoundPage } from './not-found-page.js';
import { PublicLayout } from './public-layout.js';

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
