/**
 * A company's alerts in plain words (/companies/:tenant/alerts): what was noticed, what
 * it means, what to do, and where the desk stands with it. No rule internals.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, type CompanyAlert } from '../api.js';
import { CompanyFrame, useTenant } from '../components/desk-company.js';
import { DataStatus } from '../components/status.js';
import { fmtDateTime, fmtNumber } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';

function AlertCard({ a, tenant }: { a: CompanyAlert; tenant: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  return (
    <article className={`card company-alert sev-border-${a.level}`} aria-labelledby={`ca-${a.id}`}>
      <p className="small">
        <span className={`badge sev-${a.level}`}>{t(`companyAlerts.levels.${a.level}`)}</span>
      </p>
      <h3 id={`ca-${a.id}`}>{a.title}</h3>
      <dl className="facts small">
        <dt>{t('companyAlerts.when')}</dt>
        <dd>
          {a.count > 1
            ? t('companyAlerts.range', {
                from: fmtDateTime(a.firstSeenAt, lang),
                to: fmtDateTime(a.lastSeenAt, lang),
                n: fmtNumber(a.count, lang),
              })
            : fmtDateTime(a.firstSeenAt, lang)}
        </dd>
      </dl>
      {a.explain ? (
        <>
          <h4>{t('companyAlerts.means')}</h4>
          <p className="pre-line">{a.explain}</p>
        </>
      ) : null}
      {a.advice ? (
        <>
          <h4>{t('companyAlerts.todo')}</h4>
          <p className="pre-line">{a.advice}</p>
        </>
      ) : null}
      <p className={`state state-${a.state}`}>
        {t(`companyAlerts.state.${a.state}`)}
        {a.state === 'case' && a.caseId ? (
          <>
            {' '}
            <Link
              to={`/companies/${encodeURIComponent(tenant)}/consultations/${encodeURIComponent(a.caseId)}`}
            >
              {t('companyAlerts.openCase', { number: a.caseNumber ?? '' })}
            </Link>
          </>
        ) : null}
      </p>
    </article>
  );
}

function AlertList({ tenant }: { tenant: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'all'>('open');
  const q = useData((signal) => api.desk.companyAlerts(tenant, status, { signal }), `${tenant}|${status}`);
  const list = q.data?.alerts ?? [];
  return (
    <>
      <fieldset className="plain-fieldset">
        <legend className="sr-only">{t('companyAlerts.show')}</legend>
        <div className="segmented">
          <button type="button" aria-pressed={status === 'open'} onClick={() => setStatus('open')}>
            {t('companyAlerts.onlyOpen')}
          </button>
          <button type="button" aria-pressed={status === 'all'} onClick={() => setStatus('all')}>
            {t('companyAlerts.all')}
          </button>
        </div>
      </fieldset>
      <DataStatus state={q} />
      {q.data ? (
        list.length === 0 ? (
          <p className="empty panel">
            {status === 'open' ? t('companyAlerts.noneOpen') : t('companyAlerts.none')}
          </p>
        ) : (
          <div className="card-grid wide alert-cards" aria-busy={q.loading}>
            {list.map((a) => (
              <AlertCard key={a.id} a={a} tenant={tenant} />
            ))}
          </div>
        )
      ) : null}
    </>
  );
}

export function CompanyAlertsPage() {
  const { t } = useTranslation();
  const tenant = useTenant();
  return (
    <CompanyFrame title={(name) => t('companyAlerts.title', { name })} intro={t('companyAlerts.intro')}>
      {() => <AlertList tenant={tenant} />}
    </CompanyFrame>
  );
}
