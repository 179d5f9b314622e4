/**
 * One case for staff (/desk/cases/:id): the header (number, company, status, priority,
 * assignee, SLA), what was reported, the status move and details, the checklist, the
 * timeline with notes (internal or to the company), links, files, dispatches and
 * insurance claims. Every change reloads the case so the timeline shows it.
 */
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api.js';
import { useUser } from '../auth.js';
import { AttachmentList, UploadForm } from '../components/desk-attachments.js';
import { CaseDispatches } from '../components/desk-case-dispatches.js';
import { Checklist, DetailsForm, SlaTimers, StatusForm } from '../components/desk-case-panels.js';
import { ClaimsPanel } from '../components/desk-claims.js';
import { LinksPanel } from '../components/desk-links.js';
import { NoteForm, Timeline } from '../components/desk-timeline.js';
import {
  CaseStatusBadge,
  canWriteCases,
  canWriteInsurance,
  PriorityBadge,
  SlaBadge,
} from '../components/desk-ui.js';
import { ErrorMessage, Loading } from '../components/status.js';
import { fmtDateTime } from '../format.js';
import { currentLang } from '../i18n/index.js';
import { useData } from '../use-data.js';
import { useTitle } from '../use-title.js';

export function CaseDetailPage() {
  const { t } = useTranslation();
  const lang = currentLang();
  const me = useUser();
  const { id = '' } = useParams();
  const q = useData((signal) => api.desk.case(id, { signal }), id);
  const c = q.data?.case;
  useTitle(c ? `${c.number} ${c.title}` : null);
  if (q.error && !q.data) return <ErrorMessage error={q.error} onRetry={q.reload} page />;
  if (!q.data || !c) return <Loading />;
  const d = q.data;
  const writer = canWriteCases(me.role);
  // An engineer moves the status of a case they were sent to (docs/api.md).
  const mayMove = writer || (me.role === 'engineer' && d.dispatches.some((x) => x.engineer?.id === me.id));
  const open = c.status !== 'resolved' && c.status !== 'closed';
  const sections = [
    ['cd-report', t('case.reported')],
    ['cd-work', t('case.work')],
    ['cd-timeline', t('timeline.title')],
    ['cd-links', t('links.title')],
    ['cd-files', t('files.title')],
    ['cd-dispatches', t('visit.title')],
    ['cd-claims', t('claims.title')],
  ];
  return (
    <div className="page">
      <header className="page-head">
        <p className="crumb">
          <Link to="/desk/cases">{t('case.back')}</Link>
        </p>
        <h1>
          <span className="mono case-number">{c.number}</span> {c.title}
        </h1>
        <p className="facts-line">
          <Link to={`/companies/${encodeURIComponent(c.tenant)}`}>{c.companyName}</Link>
          {' / '}
          {t(`desk.categories.${c.category}`)} / {t(`desk.channels.${c.channel}`)} /{' '}
          {t('case.createdAtLine', { at: fmtDateTime(c.createdAt, lang) })}
        </p>
        <ul className="head-badges" aria-label={t('case.summary')}>
          <li>
            {t('case.status')}: <CaseStatusBadge status={c.status} />
          </li>
          <li>
            {t('case.priority')}: <PriorityBadge priority={c.priority} />
          </li>
          <li>
            {t('case.assignee')}: {c.assignee?.name ?? t('case.unassigned')}
          </li>
          {open ? (
            <li>
              {t('cases.sla')}: <SlaBadge sla={c.sla} />
            </li>
          ) : null}
        </ul>
      </header>
      <nav className="toc" aria-label={t('dashboard.sections')}>
        <ul>
          {sections.map(([sid, label]) => (
            <li key={sid}>
              <a href={`#${sid}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>

      <section id="cd-report" className="section" aria-labelledby="cd-report-h">
        <h2 id="cd-report-h">{t('case.reported')}</h2>
        <div className="panel">
          <p className="pre-line">{c.description}</p>
          <dl className="facts">
            <dt>{t('case.occurredAt')}</dt>
            <dd>{fmtDateTime(c.occurredAt, lang)}</dd>
            <dt>{t('case.affectedHost')}</dt>
            <dd>{c.affectedHost ?? '–'}</dd>
            <dt>{t('case.reporterName')}</dt>
            <dd>{c.reporterName ?? '–'}</dd>
            <dt>{t('case.reporterContact')}</dt>
            <dd>{c.reporterContact ?? '–'}</dd>
            {c.urgency ? (
              <>
                <dt>{t('case.urgency')}</dt>
                <dd>{t(`desk.urgency.${c.urgency}`)}</dd>
              </>
            ) : null}
            {c.resolution ? (
              <>
                <dt>{t('case.resolution')}</dt>
                <dd className="pre-line">{c.resolution}</dd>
              </>
            ) : null}
            {c.reopened ? (
              <>
                <dt>{t('case.reopened')}</dt>
                <dd>{t('app.yes')}</dd>
              </>
            ) : null}
          </dl>
        </div>
      </section>

      <section id="cd-work" className="section" aria-labelledby="cd-work-h">
        <h2 id="cd-work-h">{t('case.work')}</h2>
        <div className="work-grid">
          {mayMove ? (
            <div className="panel">
              <StatusForm c={c} onDone={q.reload} />
            </div>
          ) : null}
          <div className="panel">
            <SlaTimers sla={d.sla} />
          </div>
          {writer ? (
            <div className="panel">
              <DetailsForm
                key={[c.title, c.description, c.priority, c.category, c.assignee?.id].join('|')}
                c={c}
                onDone={q.reload}
              />
            </div>
          ) : null}
          <div className="panel">
            <Checklist c={c} writer={writer} onDone={q.reload} />
          </div>
        </div>
      </section>

      <section id="cd-timeline" className="section" aria-labelledby="cd-timeline-h">
        <h2 id="cd-timeline-h">{t('timeline.title')}</h2>
        <p className="help">{t('timeline.staffHelp')}</p>
        <Timeline entries={d.timeline} staff />
        <NoteForm
          onSubmit={async (body, visibility) => {
            await api.desk.addNote(c.id, { body, visibility });
            q.reload();
          }}
        />
      </section>

      <section id="cd-links" className="section" aria-labelledby="cd-links-h">
        <h2 id="cd-links-h">{t('links.title')}</h2>
        <div className="panel">
          <LinksPanel caseId={c.id} links={d.links} alerts={d.alerts} onChange={q.reload} />
        </div>
      </section>

      <section id="cd-files" className="section" aria-labelledby="cd-files-h">
        <h2 id="cd-files-h">{t('files.title')}</h2>
        <div className="panel">
          <AttachmentList files={d.attachments} staff />
          <UploadForm
            staff
            upload={(file, visibility, onProgress) =>
              api.desk.uploadCaseAttachment(c.id, file, visibility, { onProgress })
            }
            onDone={q.reload}
          />
        </div>
      </section>

      <section id="cd-dispatches" className="section" aria-labelledby="cd-dispatches-h">
        <h2 id="cd-dispatches-h">{t('visit.title')}</h2>
        <CaseDispatches
          caseId={c.id}
          tenant={c.tenant}
          dispatches={d.dispatches}
          writer={writer}
          onChange={q.reload}
        />
      </section>

      <section id="cd-claims" className="section" aria-labelledby="cd-claims-h">
        <h2 id="cd-claims-h">{t('claims.title')}</h2>
        <p className="help">
          {t('claims.help')}{' '}
          <Link to={`/companies/${encodeURIComponent(c.tenant)}/insurance`}>{t('claims.policyLink')}</Link>
        </p>
        <ClaimsPanel
          caseId={c.id}
          tenant={c.tenant}
          claims={d.claims}
          dispatches={d.dispatches}
          writer={canWriteInsurance(me.role)}
          onChange={q.reload}
        />
      </section>
    </div>
  );
}
