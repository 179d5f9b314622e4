/**
 * One consultation as the company sees it (/companies/:tenant/consultations/:id): where
 * it stands in plain words, the conversation with the desk, files, and any visit with
 * its report. The company's admin replies, adds files and confirms a visit; viewers read.
 */
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { api, isOperator } from '../api.js';
import { useUser } from '../auth.js';
import { AttachmentList, UploadForm } from '../components/desk-attachments.js';
import { CompanyFrame, useTenant } from '../components/desk-company.js';
import { ReplyForm, Timeline } from '../components/desk-timeline.js';
import { CaseStatusBadge } from '../components/desk-ui.js';
import { SignOffForm, VisitFacts, VisitReportView } from '../components/desk-visit.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { fmtDateTime } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import { useTitle } from '../use-title.js';

function Consultation({ tenant, id }: { tenant: string; id: string }) {
  const { t } = useTranslation();
  const lang = currentLang();
  const me = useUser();
  const loc = useLocation();
  const sent = (loc.state as { sent?: boolean } | null)?.sent === true;
  const q = useData((signal) => api.desk.companyCase(tenant, id, { signal }), `${tenant}|${id}`);
  const c = q.data?.case;
  useTitle(c ? `${c.number} ${c.title}` : null);
  if (q.error && !q.data) return <ErrorMessage error={q.error} onRetry={q.reload} page />;
  if (!q.data || !c) return <Loading />;
  const admin = me.role === 'company-admin';
  const d = q.data;
  const base = `/companies/${encodeURIComponent(tenant)}/consultations`;
  return (
    <>
      <p className="crumb">
        <Link to={base}>{t('consult.back')}</Link>
      </p>
      <h1>
        <span className="mono case-number">{c.number}</span> {c.title}
      </h1>
      {sent ? (
        <p className="ok" role="status">
          {t('consult.sent', { number: c.number })}
        </p>
      ) : null}
      <div className={`panel status-panel st-panel-${c.status}`}>
        <p className="status-line">
          {t('consult.state')}: <CaseStatusBadge status={c.status} />
        </p>
        <p>{t(`consult.stateText.${c.status}`)}</p>
        <p className="small muted">
          {t('consult.sentAtLine', { at: fmtDateTime(c.createdAt, lang) })}
          {c.urgency ? ` / ${t(`desk.urgency.${c.urgency}`)}` : ''}
          {c.resolvedAt ? ` / ${t('consult.resolvedAtLine', { at: fmtDateTime(c.resolvedAt, lang) })}` : ''}
        </p>
        {isOperator(me.role) ? (
          <p>
            <Link to={`/desk/cases/${encodeURIComponent(c.id)}`}>{t('consult.openAsStaff')}</Link>
          </p>
        ) : null}
      </div>

      {d.dispatches.length > 0 ? (
        <section className="section" aria-labelledby="cc-visit">
          <h2 id="cc-visit">{t('consult.visits')}</h2>
          {d.dispatches.map((x) => (
            <article key={x.id} className="panel" aria-label={t('visit.numbered', { number: x.number })}>
              <VisitFacts d={x} />
              <VisitReportView d={x} />
              {admin && x.status === 'reported' ? (
                <SignOffForm
                  intro={t('consult.signOffIntro')}
                  onSubmit={async (body) => {
                    await api.desk.companySignOff(tenant, x.id, body);
                    q.reload();
                  }}
                />
              ) : null}
            </article>
          ))}
        </section>
      ) : null}

      <section className="section" aria-labelledby="cc-talk">
        <h2 id="cc-talk">{t('consult.conversation')}</h2>
        <Timeline entries={d.timeline} staff={false} />
        {admin ? (
          <ReplyForm
            onSubmit={async (body) => {
              await api.desk.companyMessage(tenant, c.id, { body });
              q.reload();
            }}
          />
        ) : (
          <p className="help">{t('consult.viewerReadOnly')}</p>
        )}
      </section>

      <section className="section" aria-labelledby="cc-files">
        <h2 id="cc-files">{t('files.title')}</h2>
        <div className="panel">
          <AttachmentList files={d.attachments} staff={false} />
          {admin ? (
            <UploadForm
              staff={false}
              upload={(file, _visibility, onProgress) =>
                api.desk.uploadCompanyAttachment(tenant, c.id, file, { onProgress })
              }
              onDone={q.reload}
            />
          ) : null}
        </div>
      </section>
    </>
  );
}

export function ConsultationPage() {
  const tenant = useTenant();
  const { id = '' } = useParams();
  return <CompanyFrame>{() => <Consultation tenant={tenant} id={id} />}</CompanyFrame>;
}
