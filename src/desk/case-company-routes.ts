/**
 * A company's consultations (docs/api.md "A company's consultations"): the web form, its
 * cases, one case with the company-visible timeline, and its messages to the desk.
 * Another company's case is 404; staff reading these are audited.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditChange, auditCompanyRead } from '../accounts/audit.js';
import type { Principal } from '../accounts/model.js';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { principalOf, requireCompany } from '../api/guard.js';
import { validate } from '../api/validate.js';
import { companyObjectParams, companyParams, consultationBody, messageBody } from './case-model.js';
import { caseCreatedEvent, caseUpdatedEvent, tell } from './case-notify.js';
import { addCompanyMessage, createConsultation } from './cases-commands.js';
import {
  attachmentsOf,
  CASE_WRITERS,
  type CaseRow,
  casesOfCompany,
  getCase,
  getCaseView,
  getTimelineEntry,
  timelineOf,
} from './cases-repo.js';
import { listCompanyDispatchesForCase } from './dispatch-repo.js';
import { presentAttachment, presentCompanyCase, presentCompanyEntry } from './present.js';

/** Cases listed on the company's page at most (newest first). */
const COMPANY_CASES_MAX = 200;

/** The company's admin (its own company only); anyone else may not write here. */
export function requireCompanyAdmin(req: FastifyRequest, tenant: string): Principal {
  const p = requireCompany(req, tenant);
  if (p.role !== 'company-admin')
    throw new ApiError(403, 'forbidden', 'only the company administrator may do this');
  return p;
}

/** A case of `tenant` (404 when it belongs to another company or does not exist). */
export async function companyCase(deps: Pick<ApiDeps, 'db'>, tenant: string, id: string): Promise<CaseRow> {
  const row = await getCase(deps.db, tenant, id);
  if (!row) throw new ApiError(404, 'not-found', 'no such case');
  return row;
}

export async function caseCompanyRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { db, audit } = deps;
  const now = deps.now ?? Date.now;

  app.post('/api/companies/:tenant/consultations', async (req, reply) => {
    principalOf(req);
    const { tenant } = validate(companyParams, req.params, 'params');
    const p = requireCompany(req, tenant);
    if (p.role !== 'company-admin' && !(CASE_WRITERS as readonly string[]).includes(p.role))
      throw new ApiError(
        403,
        'forbidden',
        'only the company administrator or the desk may send a consultation',
      );
    const body = validate(consultationBody, req.body, 'body');
    const row = await createConsultation(db, p, tenant, body, now());
    await auditChange(audit, req, {
      action: 'desk.consultation.create',
      tenant,
      target: row.id,
      detail: { number: row.number, urgency: body.urgency, priority: row.priority },
    });
    await tell(deps, caseCreatedEvent(row));
    const view = await getCaseView(db, tenant, row.id);
    return reply.status(201).send({ case: view ? presentCompanyCase(view) : null });
  });

  app.get('/api/companies/:tenant/cases', async (req) => {
    principalOf(req);
    const { tenant } = validate(companyParams, req.params, 'params');
    requireCompany(req, tenant);
    const rows = await casesOfCompany(db, tenant, COMPANY_CASES_MAX);
    await auditCompanyRead(audit, req, tenant, 'desk.company-cases.read', { count: rows.length });
    return { cases: rows.map(presentCompanyCase) };
  });

  app.get('/api/companies/:tenant/cases/:id', async (req) => {
    principalOf(req);
    const { tenant, id } = validate(companyObjectParams, req.params, 'params');
    requireCompany(req, tenant);
    const view = await getCaseView(db, tenant, id);
    if (!view) throw new ApiError(404, 'not-found', 'no such case');
    await auditCompanyRead(audit, req, tenant, 'desk.company-case.read', { caseId: id });
    return {
      case: presentCompanyCase(view),
      timeline: (await timelineOf(db, tenant, id, 'company')).map(presentCompanyEntry),
      dispatches: await listCompanyDispatchesForCase(db, tenant, id),
      attachments: (await attachmentsOf(db, tenant, id, 'company')).map(presentAttachment),
    };
  });

  app.post('/api/companies/:tenant/cases/:id/messages', async (req, reply) => {
    principalOf(req);
    const { tenant, id } = validate(companyObjectParams, req.params, 'params');
    const p = requireCompanyAdmin(req, tenant);
    const row = await companyCase(deps, tenant, id);
    const body = validate(messageBody, req.body, 'body');
    const { entryId, resumed } = await addCompanyMessage(db, p, row, body.body, now());
    await auditChange(audit, req, {
      action: 'desk.case.message',
      tenant,
      target: row.id,
      detail: { entryId, resumed },
    });
    await tell(
      deps,
      // the company wrote it: the desk is told, not the company itself
      caseUpdatedEvent(row, {
        ...(resumed ? { status: 'in-progress' } : {}),
        message: body.body,
        by: 'company',
        entryId,
      }),
    );
    const entry = await getTimelineEntry(db, tenant, entryId);
    return reply.status(201).send({ entry: entry ? presentCompanyEntry(entry) : null });
  });
}
