/** The frame of every logged-in page: skip link, header with role-based navigation, language switch, logout. */

import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { isOperator } from '../api.js';
import { useAuth, useUser } from '../auth.js';
import { currentLang, setLang } from '../i18n/index.js';
import { DemoBanner } from './demo-banner.js';
import { CompanySubNav } from './desk-company.js';

export function LangSwitch() {
  const { t } = useTranslation();
  const other = currentLang() === 'ja' ? 'en' : 'ja';
  return (
    <button type="button" className="lang" lang={other} onClick={() => setLang(other)}>
      {t('lang.switch')}
    </button>
  );
}

export function Layout() {
  const { t } = useTranslation();
  const user = useUser();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(pathname);
  // After moving to another page, keyboard and screen-reader users start at its content.
  useEffect(() => {
    if (pathname !== firstPath.current) mainRef.current?.focus();
    firstPath.current = '';
  }, [pathname]);
  const operator = isOperator(user.role);
  const admin = user.role === 'operator-admin';
  const tenantPath = user.tenant ? `/companies/${encodeURIComponent(user.tenant)}` : null;
  const links: { to: string; label: string; end?: boolean }[] = operator
    ? [
        { to: '/companies', label: t('nav.companies'), end: true },
        { to: '/desk/alerts', label: t('nav.alertQueue') },
        { to: '/desk/cases', label: t('nav.cases') },
        { to: '/desk/dispatches', label: user.role === 'engineer' ? t('nav.myVisits') : t('nav.dispatches') },
        ...(user.role === 'engineer' || user.role === 'expert'
          ? []
          : [{ to: '/desk/claims', label: t('nav.claims') }]),
        { to: '/desk/stats', label: t('nav.deskStats') },
        { to: '/programme', label: t('nav.programme') },
        { to: '/devices', label: t('nav.devices') },
        ...(admin
          ? [
              { to: '/users', label: t('nav.users') },
              { to: '/audit', label: t('nav.audit') },
              { to: '/settings', label: t('nav.settings') },
            ]
          : []),
      ]
    : [
        ...(tenantPath
          ? [
              { to: tenantPath, label: t('nav.dashboard'), end: true },
              { to: `${tenantPath}/alerts`, label: t('nav.companyAlerts') },
              { to: `${tenantPath}/consultations`, label: t('nav.consultations') },
              { to: `${tenantPath}/insurance`, label: t('nav.insurance') },
              { to: `${tenantPath}/reports`, label: t('nav.reports') },
            ]
          : []),
        ...(user.role === 'company-admin' ? [{ to: '/users', label: t('nav.users') }] : []),
      ];
  // Staff looking at one company get that company's pages as a second menu.
  const companyMatch = operator ? /^\/companies\/([^/]+)/.exec(pathname) : null;
  links.push({ to: '/account', label: t('nav.account') });

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="top">
        <div className="top-inner">
          <Link to="/" className="brand">
            {t('app.name')}
          </Link>
          <nav aria-label={t('nav.main')}>
            <ul>
              {links.map((l) => (
                <li key={l.to}>
                  <NavLink to={l.to} end={l.end}>
                    {l.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <div className="top-tools">
            <span className="who">
              {t('nav.signedIn', { name: user.name || user.login, role: t(`roles.${user.role}`) })}
            </span>
            <LangSwitch />
            <button
              type="button"
              onClick={async () => {
                await logout();
                navigate('/login');
              }}
            >
              {t('nav.logout')}
            </button>
          </div>
        </div>
      </header>
      <DemoBanner />
      {companyMatch ? <CompanySubNav tenant={decodeURIComponent(companyMatch[1])} /> : null}
      <main id="main" tabIndex={-1} ref={mainRef}>
        <Outlet />
      </main>
    </>
  );
}
