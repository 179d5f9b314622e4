/**
 * The frame of a company's desk pages (alerts, consultations, insurance): asks for the
 * company first, so another company's address shows "not found" and nothing else is
 * requested. Staff move between a company's pages by the menu of CompanySubNav.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useParams } from 'react-router';
import { api, type Company } from '../api.js';
import { useData } from '../use-data.js';
import { useTitle } from '../use-title.js';
import { ErrorMessage, Loading } from './status.js';

export function useTenant(): string {
  const { tenant = '' } = useParams();
  return tenant;
}

export function CompanyFrame({
  title,
  intro,
  back,
  children,
}: {
  /** a link back up, above the heading */
  back?: { to: string; label: string };
  /** the heading, given the company's display name; none: the page writes its own h1 */
  title?: (name: string) => string;
  intro?: ReactNode;
  children: (company: Company) => ReactNode;
}) {
  const { i18n } = useTranslation();
  const tenant = useTenant();
  const q = useData((signal) => api.company(tenant, { signal }), `company-${tenant}`);
  const c = q.data?.company;
  const name = c ? (i18n.language === 'en' && c.nameEn ? c.nameEn : c.name) : '';
  const heading = c && title ? title(name) : null;
  useTitle(heading);
  if (q.error) return <ErrorMessage error={q.error} onRetry={q.reload} page />;
  if (!c) return <Loading />;
  return (
    <div className="page">
      <header className="page-head">
        {back ? (
          <p className="crumb">
            <Link to={back.to}>{back.label}</Link>
          </p>
        ) : null}
        {heading ? <h1>{heading}</h1> : null}
        {intro ? <p className="lead">{intro}</p> : null}
      </header>
      {children(c)}
    </div>
  );
}

/** Staff on any page of one company (/companies/:tenant/…): that company's pages. */
export function CompanySubNav({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const base = `/companies/${encodeURIComponent(tenant)}`;
  const links = [
    { to: base, label: t('nav.dashboard'), end: true },
    { to: `${base}/alerts`, label: t('nav.companyAlerts'), end: false },
    { to: `${base}/consultations`, label: t('nav.consultations'), end: false },
    { to: `${base}/insurance`, label: t('nav.insurance'), end: false },
    { to: `${base}/reports`, label: t('nav.reports'), end: false },
  ];
  return (
    <nav aria-label={t('companyNav.label')} className="sub-nav">
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
  );
}
