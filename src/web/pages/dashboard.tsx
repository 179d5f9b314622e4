/**
 * A company's dashboard (/companies/:tenant): the ten monitoring items, trends, virus
 * detections (the seed's three charts), threat scenarios, usage, what the UTM cannot
 * see, and the event search. Another company's address answers "not found" and
 * nothing else is asked of the API.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, isOperator } from '../api.js';
import { useUser } from '../auth.js';
import { PeriodPicker, usePeriod } from '../components/period-picker.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useData } from '../use-data.js';
import { useTitle } from '../use-title.js';
import { ItemsSection, TrendSection } from './dashboard-items.js';
import { ScenariosSection } from './dashboard-scenarios.js';
import { UsageSection, VisibilitySection } from './dashboard-usage.js';
import { VirusSection } from './dashboard-virus.js';
import { EventSearch } from './event-search.js';

export function DashboardPage() {
  const { t, i18n } = useTranslation();
  const { tenant = '' } = useParams();
  const company = useData((signal) => api.company(tenant, { signal }), tenant);
  const { period } = usePeriod();
  const user = useUser();
  const loaded = company.data?.company;
  useTitle(loaded ? (i18n.language === 'en' && loaded.nameEn ? loaded.nameEn : loaded.name) : null);
  // An item card's "show the records" sets the event search's item filter (n: each click counts).
  const [pick, setPick] = useState<{ item: string; n: number } | null>(null);

  if (company.error) return <ErrorMessage error={company.error} onRetry={company.reload} page />;
  if (!company.data) return <Loading />;
  const c = company.data.company;
  const name = i18n.language === 'en' && c.nameEn ? c.nameEn : c.name;
  const sections = [
    ['items', t('dashboard.itemsTitle')],
    ['virus', t('virus.title')],
    ['scenarios', t('scenarios.title')],
    ['usage', t('usage.title')],
    ['visibility', t('visibility.title')],
    ['events', t('events.title')],
  ];
  return (
    <div className="page">
      <header className="page-head">
        {isOperator(user.role) ? (
          <p className="crumb">
            <Link to="/companies">{t('dashboard.backToList')}</Link>
          </p>
        ) : null}
        <h1>{t('dashboard.title', { name })}</h1>
        <p className="facts-line">
          {[
            `${c.prefecture ?? ''}${c.city ?? ''}`,
            c.industry ? t(`industries.${c.industry}`, { defaultValue: c.industry }) : '',
            typeof c.employees === 'number' ? t('dashboard.employees', { n: c.employees }) : '',
          ]
            .filter(Boolean)
            .join(' / ')}
          {isOperator(user.role) && c.contact?.name ? (
            <span className="contact">
              {' '}
              — {t('dashboard.contact')}:{' '}
              {[c.contact.name, c.contact.phone, c.contact.email].filter(Boolean).join(' / ')}
            </span>
          ) : null}
        </p>
        <p className="lead">{t('dashboard.intro')}</p>
      </header>
      <PeriodPicker />
      <nav className="toc" aria-label={t('dashboard.sections')}>
        <ul>
          {sections.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <ItemsSection
        tenant={tenant}
        period={period}
        onShowEvents={(item) => setPick((p) => ({ item, n: (p?.n ?? 0) + 1 }))}
      />
      <TrendSection tenant={tenant} period={period} />
      <VirusSection tenant={tenant} period={period} />
      <ScenariosSection tenant={tenant} period={period} />
      <UsageSection tenant={tenant} period={period} />
      <VisibilitySection tenant={tenant} period={period} />
      <EventSearch tenant={tenant} period={period} pick={pick} />
    </div>
  );
}
