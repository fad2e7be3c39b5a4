import { lazy } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { LoadBoundary } from '../components/load-boundary.js';
import { SignInPage } from '../features/auth/sign-in-page.js';
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
const IncidentsPage = lazy(() =>
  import('../features/incidents/incidents-page.js').then((m) => ({ default: m.IncidentsPage })),
);
const IncidentCreatePage = lazy(() =>
  import('../features/incidents/incident-create-page.js').then((m) => ({ default: m.IncidentCreatePage })),
);
const ReportPage = lazy(() =>
  import('../features/incidents/report-page.js').then((m) => ({ default: m.ReportPage })),
);
const MyReportsPage = lazy(() =>
  import('../features/incidents/my-reports-page.js').then((m) => ({ default: m.MyReportsPage })),
);
const IncidentPage = lazy(() =>
  import('../features/incidents/detail/incident-page.js').then((m) => ({ default: m.IncidentPage })),
);
const TriagePage = lazy(() =>
  import('../features/incidents/triage/triage-page.js').then((m) => ({ default: m.TriagePage })),
);
const DisarmMatrixPage = lazy(() =>
  import('../features/intel/disarm-matrix-page.js').then((m) => ({ default: m.DisarmMatrixPage })),
);
const NarrativesPage = lazy(() =>
  import('../features/intel/narratives-page.js').then((m) => ({ default: m.NarrativesPage })),
);
const NarrativePage = lazy(() =>
  import('../features/intel/narrative-page.js').then((m) => ({ default: m.NarrativePage })),
);
const ElectionsPage = lazy(() =>
  import('../features/elections/elections-page.js').then((m) => ({ default: m.ElectionsPage })),
);
const ElectionPage = lazy(() =>
  import('../features/elections/election-page.js').then((m) => ({ default: m.ElectionPage })),
);
const ElectionsOverviewPage = lazy(() =>
  import('../features/threat-levels/elections-overview-page.js').then((m) => ({
    default: m.ElectionsOverviewPage,
  })),
);
const NotificationsPage = lazy(() =>
  import('../features/notifications/notifications-page.js').then((m) => ({ default: m.NotificationsPage })),
);
const NotificationSettingsPage = lazy(() =>
  import('../features/notifications/notification-settings-page.js').then((m) => ({
    default: m.NotificationSettingsPage,
  })),
);
const SituationIndexPage = lazy(() =>
  import('../features/situation/situation-page.js').then((m) => ({ default: m.SituationIndexPage })),
);
const SituationPage = lazy(() =>
  import('../features/situation/situation-page.js').then((m) => ({ default: m.SituationPage })),
);
const SituationWallPage = lazy(() =>
  import('../features/situation/wall-page.js').then((m) => ({ default: m.WallPage })),
);
const SitrepsPage = lazy(() =>
  import('../features/sitreps/sitreps-page.js').then((m) => ({ default: m.SitrepsPage })),
);
const SitrepPage = lazy(() =>
  import('../features/sitreps/sitrep-page.js').then((m) => ({ default: m.SitrepPage })),
);
const SitrepReadPage = lazy(() =>
  import('../features/sitreps/sitrep-page.js').then((m) => ({ default: m.SitrepReadPage })),
);
const SitrepTemplatesPage = lazy(() =>
  import('../features/sitreps/sitrep-templates-page.js').then((m) => ({ default: m.SitrepTemplatesPage })),
);
const exchange = () => import('../features/exchange/exchange-pages.js');
const ExchangeIndex = lazy(() => exchange().then((m) => ({ default: m.ExchangeIndex })));
const RequireExchangeCoordinator = lazy(() =>
  exchange().then((m) => ({ default: m.RequireExchangeCoordinator })),
);
const RequireExchangeReviewer = lazy(() => exchange().then((m) => ({ default: m.RequireExchangeReviewer })));
const ReleaseQueuePage = lazy(() => exchange().then((m) => ({ default: m.ReleaseQueuePage })));
const ReleasePage = lazy(() => exchange().then((m) => ({ default: m.ReleasePage })));
const PartnersPage = lazy(() => exchange().then((m) => ({ default: m.PartnersPage })));
const PartnerPage = lazy(() => exchange().then((m) => ({ default: m.PartnerPage })));
const PartnerViewPage = lazy(() => exchange().then((m) => ({ default: m.PartnerViewPage })));
const WorkbenchPage = lazy(() => exchange().then((m) => ({ default: m.WorkbenchPage })));
const WorkbenchItemPage = lazy(() => exchange().then((m) => ({ default: m.WorkbenchItemPage })));
const ImportsPage = lazy(() => exchange().then((m) => ({ default: m.ImportsPage })));
const ImportPage = lazy(() => exchange().then((m) => ({ default: m.ImportPage })));
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
      <Route element={<RequireContentRole />}>
        <Route
          path="/situation/:electionId/wall"
          element={
            <LoadBoundary>
              <SituationWallPage />
            </LoadBoundary>
          }
        />
      </Route>
      <Route element={<AppLayout />}>
        <Route index element={<Landing />} />
        <Route element={<RequireContentRole />}>
          <Route path="/situation" element={<SituationIndexPage />} />
          <Route path="/situation/:electionId" element={<SituationPage />} />
          <Route path="/elections" element={<ElectionsPage />} />
          <Route path="/elections/:id" element={<ElectionPage />} />
          <Route path="/elections/overview" element={<ElectionsOverviewPage />} />
          <Route path="/incidents" element={<IncidentsPage />} />
          <Route path="/intel/disarm" element={<DisarmMatrixPage />} />
          <Route path="/intel/narratives" element={<NarrativesPage />} />
          <Route path="/intel/narratives/:id" element={<NarrativePage />} />
          <Route path="/incidents/new" element={<IncidentCreatePage />} />
          <Route path="/incidents/:id" element={<IncidentPage />} />
          <Route path="/triage" element={<TriagePage />} />
          <Route path="/report" element={<ReportPage />} />
          <Route path="/report/mine" element={<MyReportsPage />} />
          <Route path="/reports" element={<SitrepsPage />} />
          <Route path="/reports/templates" element={<SitrepTemplatesPage />} />
          <Route path="/reports/:id" element={<SitrepPage />} />
          <Route path="/reports/:id/read" element={<SitrepReadPage />} />
          <Route path="/exchange">
            <Route index element={<ExchangeIndex />} />
            <Route element={<RequireExchangeCoordinator />}>
              <Route path="releases" element={<ReleaseQueuePage />} />
              <Route path="releases/:id" element={<ReleasePage />} />
              <Route path="partners" element={<PartnersPage />} />
              <Route path="partners/:id" element={<PartnerPage />} />
              <Route path="partners/:id/view" element={<PartnerViewPage />} />
            </Route>
            <Route element={<RequireExchangeReviewer />}>
              <Route path="workbench" element={<WorkbenchPage />} />
              <Route path="workbench/:id" element={<WorkbenchItemPage />} />
              <Route path="imports" element={<ImportsPage />} />
              <Route path="imports/:id" element={<ImportPage />} />
            </Route>
          </Route>
        </Route>
        <Route path="/admin" element={<RequireAdmin />}>
          <Route index element={<Navigate to="organisations" replace />} />
          <Route path="organisations" element={<OrganisationsPage />} />
          <Route path="users" element={<UsersPage />} />
          <Route path="communities" element={<CommunitiesPage />} />
          <Route path="audit" element={<AuditPage />} />
        </Route>
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="/notifications" element={<NotificationsPage />} />
        <Route path="/notifications/settings" element={<NotificationSettingsPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Route>
  </Routes>
);
