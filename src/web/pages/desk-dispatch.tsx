/**
 * One visit (/desk/dispatches/:id), built for the engineer on a tablet: where and when,
 * big status buttons (on my way / arrived), the visit report form, and the sign-off
 * by the company's person on site.
 */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, type Dispatch } from '../api.js';
import { useUser } from '../auth.js';
import {
  CaseStatusBadge,
  canWriteCases,
  DispatchStatusBadge,
  PriorityBadge,
  useAction,
} from '../components/desk-ui.js';
import { ReportForm, SignOffForm, VisitFacts, VisitReportView } from '../components/desk-visit.js';
import { FlashMessage } from '../components/flash-message.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { useData } from '../use-data.js';
import { useTitle } from '../use-title.js';

function StatusButtons({ d, onDone }: { d: Dispatch; onDone: () => void }) {
  const { t } = useTranslation();
  const { busy, msg, run } = useAction();
  const move = (status: 'en-route' | 'on-site') =>
    run(
      async () => {
        // no `at`: the server records its own now (a browser clock ahead of it would be refused)
        await api.desk.dispatchStatus(d.id, { status });
        onDone();
      },
      t(`dispatch.moved.${status}`),
    );
  const canLeave = d.status === 'requested' || d.status === 'scheduled';
  const canArrive = canLeave || d.status === 'en-route';
  if (!canLeave && !canArrive) return null;
  return (
    <section className="panel" aria-labelledby="ds-move">
      <h2 id="ds-move">{t('dispatch.progress')}</h2>
      <div className="buttons big-buttons">
        {canLeave ? (
          <button type="button" className="primary" disabled={busy} onClick={() => void move('en-route')}>
            {t('dispatch.enRoute')}
          </button>
        ) : null}
        <button
          type="button"
          className={canLeave ? undefined : 'primary'}
          disabled={busy}
          onClick={() => void move('on-site')}
        >
          {t('dispatch.onSite')}
        </button>
      </div>
      <FlashMessage msg={msg} />
    </section>
  );
}

export function DispatchPage() {
  const { t } = useTranslation();
  const me = useUser();
  const { id = '' } = useParams();
  const q = useData((signal) => api.desk.dispatch(id, { signal }), id);
  const d = q.data?.dispatch;
  useTitle(d ? t('dispatch.title', { number: d.number, company: d.companyName ?? d.tenant }) : null);
  if (q.error && !q.data) return <ErrorMessage error={q.error} onRetry={q.reload} page />;
  if (!q.data || !d) return <Loading />;
  const c = q.data.case;
  const assigned = d.engineer?.id === me.id;
  const mover = assigned || canWriteCases(me.role);
  const reporter = assigned || me.role === 'operator-admin';
  return (
    <div className="page narrow">
      <header className="page-head">
        <p className="crumb">
          <Link to="/desk/dispatches">{t('dispatch.back')}</Link>
        </p>
        <h1>{t('dispatch.title', { number: d.number, company: d.companyName ?? d.tenant })}</h1>
        <p className="facts-line">
          <DispatchStatusBadge status={d.status} />{' '}
          {c ? (
            <>
              <Link to={`/desk/cases/${encodeURIComponent(c.id)}`}>
                {c.number} {c.title}
              </Link>{' '}
              <CaseStatusBadge status={c.status} /> <PriorityBadge priority={c.priority} />
            </>
          ) : null}
        </p>
      </header>
      <section className="panel" aria-labelledby="ds-facts">
        <h2 id="ds-facts">{t('dispatch.facts')}</h2>
        <VisitFacts d={d} />
      </section>
      {mover && d.status !== 'cancelled' ? <StatusButtons d={d} onDone={q.reload} /> : null}
      {reporter && d.status === 'on-site' ? (
        <ReportForm
          d={d}
          onSubmit={async (body) => {
            await api.desk.dispatchReport(d.id, body);
            q.reload();
          }}
        />
      ) : null}
      {d.report ? (
        <section className="panel" aria-labelledby="ds-report">
          <h2 id="ds-report" className="sr-only">
            {t('visit.report')}
          </h2>
          <VisitReportView d={d} />
        </section>
      ) : null}
      {assigned && d.status === 'reported' ? (
        <SignOffForm
          intro={t('dispatch.signOffIntro')}
          onSubmit={async (body) => {
            await api.desk.dispatchSignOff(d.id, body);
            q.reload();
          }}
        />
      ) : null}
    </div>
  );
}
