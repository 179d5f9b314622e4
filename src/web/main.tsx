/** The portal SPA: routes, the login gate, and role-based pages. */
import './styles.css';
import './i18n/index.js';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { isOperator } from './api.js';
import { AuthProvider, useAuth } from './auth.js';
import { DemoProvider } from './components/demo-banner.js';
import { Layout } from './components/layout.js';
import { Loading, NotFound } from './components/status.js';
import { AccountPage } from './pages/account.js';
import { AlertDetailPage } from './pages/alerts-detail.js';
import { AlertQueuePage } from './pages/alerts-queue.js';
import { AuditPage } from './pages/audit.js';
import { CompaniesPage } from './pages/companies.js';
import { CompanyAlertsPage } from './pages/company-alerts.js';
import { ConsultationPage } from './pages/company-consultation.js';
import { ConsultationsPage, NewConsultationPage } from './pages/company-consultations.js';
import { InsurancePage } from './pages/company-insurance.js';
import { CompanyReportsPage } from './pages/company-reports.js';
import { DashboardPage } from './pages/dashboard.js';
import { CaseDetailPage } from './pages/desk-case.js';
import { NewCasePage } from './pages/desk-case-new.js';
import { CasesPage } from './pages/desk-cases.js';
import { ClaimsPage } from './pages/desk-claims.js';
import { DispatchPage } from './pages/desk-dispatch.js';
import { DispatchesPage } from './pages/desk-dispatches.js';
import { DeskStatsPage } from './pages/desk-stats.js';
import { DevicesPage } from './pages/devices.js';
import { ForcedPasswordPage } from './pages/forced-password.js';
import { LoginPage } from './pages/login.js';
import { ProgrammePage } from './pages/programme.js';
import { ProgrammeExportPage } from './pages/programme-export.js';
import { SettingsPage } from './pages/settings.js';
import { UsersPage } from './pages/users.js';

function Gate() {
  const { user } = useAuth();
  const loc = useLocation();
  if (user === undefined) return <Loading />;
  if (user === null) {
    const next = loc.pathname === '/' ? '' : `?next=${encodeURIComponent(loc.pathname + loc.search)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  if (user.mustChangePassword) return <Navigate to="/password" replace />;
  return (
    <DemoProvider enabled>
      <Layout />
    </DemoProvider>
  );
}

function Home() {
  const { user } = useAuth();
  if (!user) return null;
  if (isOperator(user.role)) return <Navigate to="/companies" replace />;
  if (user.tenant) return <Navigate to={`/companies/${encodeURIComponent(user.tenant)}`} replace />;
  return <Navigate to="/account" replace />;
}

function OperatorOnly({ children, admin = false }: { children: React.ReactNode; admin?: boolean }) {
  const { user } = useAuth();
  if (!user) return null;
  if (!isOperator(user.role) || (admin && user.role !== 'operator-admin')) return <NotFound />;
  return <>{children}</>;
}

function App() {
  return (
    <AuthProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/password" element={<ForcedPasswordPage />} />
          <Route element={<Gate />}>
            <Route index element={<Home />} />
            <Route
              path="companies"
              element={
                <OperatorOnly>
                  <CompaniesPage />
                </OperatorOnly>
              }
            />
            <Route path="companies/:tenant" element={<DashboardPage />} />
            <Route path="companies/:tenant/alerts" element={<CompanyAlertsPage />} />
            <Route path="companies/:tenant/consultations" element={<ConsultationsPage />} />
            <Route path="companies/:tenant/consultations/new" element={<NewConsultationPage />} />
            <Route path="companies/:tenant/consultations/:id" element={<ConsultationPage />} />
            <Route path="companies/:tenant/insurance" element={<InsurancePage />} />
            <Route path="companies/:tenant/reports" element={<CompanyReportsPage />} />
            <Route
              path="desk/alerts"
              element={
                <OperatorOnly>
                  <AlertQueuePage />
                </OperatorOnly>
              }
            />
            <Route
              path="desk/alerts/:id"
              element={
                <OperatorOnly>
                  <AlertDetailPage />
                </OperatorOnly>
              }
            />
            <Route
              path="desk/cases"
              element={
                <OperatorOnly>
                  <CasesPage />
                </OperatorOnly>
              }
            />
            <Route
              path="desk/cases/new"
              element={
                <OperatorOnly>
                  <NewCasePage />
                </OperatorOnly>
              }
            />
            <Route
              path="desk/cases/:id"
              element={
                <OperatorOnly>
                  <CaseDetailPage />
                </OperatorOnly>
              }
            />
            <Route
              path="desk/claims"
              element={
                <OperatorOnly>
                  <ClaimsPage />
                </OperatorOnly>
              }
            />
            <Route
              path="desk/dispatches"
              element={
                <OperatorOnly>
                  <DispatchesPage />
                </OperatorOnly>
              }
            />
            <Route
              path="desk/dispatches/:id"
              element={
                <OperatorOnly>
                  <DispatchPage />
                </OperatorOnly>
              }
            />
            <Route
              path="desk/stats"
              element={
                <OperatorOnly>
                  <DeskStatsPage />
                </OperatorOnly>
              }
            />
            <Route
              path="programme"
              element={
                <OperatorOnly>
                  <ProgrammePage />
                </OperatorOnly>
              }
            />
            <Route
              path="programme/export"
              element={
                <OperatorOnly admin>
                  <ProgrammeExportPage />
                </OperatorOnly>
              }
            />
            <Route
              path="devices"
              element={
                <OperatorOnly>
                  <DevicesPage />
                </OperatorOnly>
              }
            />
            <Route path="users" element={<UsersPage />} />
            <Route
              path="audit"
              element={
                <OperatorOnly admin>
                  <AuditPage />
                </OperatorOnly>
              }
            />
            <Route
              path="settings"
              element={
                <OperatorOnly admin>
                  <SettingsPage />
                </OperatorOnly>
              }
            />
            <Route path="account" element={<AccountPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </AuthProvider>
  );
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
