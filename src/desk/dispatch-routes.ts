/**
 * On-site dispatch routes (docs/api.md "Dispatches (駆け付け)") and the company's
 * sign-off of a visit. Each route: auth → validation → authorize → command → presenter.
 * Engineers see the dispatches assigned to them; only the assigned engineer (or the desk)
 * moves a visit along.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditChange, auditCompanyRead, auditOperatorRead } from '../accounts/audit.js';
import type { Principal, Role } from '../accounts/model.js';
import { readableTenants } from '../accounts/scope.js';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { canReadCompany, principalOf, requireCompany, requireOperator } from '../api/guard.js';
import { idParams, validate } from '../api/validate.js';
import { idSchema } from '../devices/model.js';
import { decodeCursor, pageOf } from './case-paging.js';
import { CASE_WRITERS, loadCaseFor } from './cases-repo.js';
import { caseSummaryFor } from './dispatch-case.js';
import {
  createDispatch,
  type DispatchContext,
  fileReport,
  moveDispatch,
  patchDispatch,
  signOffDispatch,
} from './dispatch-commands.js';
import {
  dispatchCreateBody,
  dispatchListQuery,
  dispatchPatchBody,
  dispatchReportBody,
  dispatchStatusBody,
  signOffBody,
} from './dispatch-model.js';
import { type DispatchRecord, presentCompanyDispatch, presentDispatch } from './dispatch-present.js';
import { getDispatch, listDispatches } from './dispatch-repo.js';

const WRITERS: readonly Role[] = CASE_WRITERS;

/** Staff who read the company, or the engineer the visit is assigned to. */
function canRead(p: Principal, r: DispatchRecord): boolean {
  return (
    canReadCompany(p, r.tenant) || (p.tenant === null && p.role === 'engineer' && r.engineer_id === p.userId)
  );
}

function isAssignedEngineer(p: Principal, r: DispatchRecord): boolean {
  return p.tenant === null && p.role === 'engineer' && r.engineer_id === p.userId;
}

function forbidden(): ApiError {
  return new ApiError(403, 'forbidden', 'your role may not do this');
}

/** The dispatch for a staff caller, or 404 when they may not see it. */
async function loadDispatch(deps: ApiDeps, p: Principal, id: string): Promise<DispatchRecord> {
  const r = await getDispatch(deps.db, null, id);
  if (!r || !canRead(p, r)) throw new ApiError(404, 'not-found', 'no such dispatch');
  return r;
}

const companyDispatchParams = z.strictObject({ tenant: idSchema, id: idSchema });

export async function dispatchRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { db, audit } = deps;
  const now = deps.now ?? Date.now;
  const ctx = (req: FastifyRequest): DispatchContext => ({
    db,
    actor: principalOf(req),
    now: now(),
    notifier: deps.notifier,
  });

  app.post('/api/desk/cases/:id/dispatches', async (req, reply) => {
    requireOperator(req, WRITERS);
    const { id } = validate(idParams, req.params, 'params');
    const body = validate(dispatchCreateBody, req.body, 'body');
    const kase = await loadCaseFor(req, deps, id, 'write');
    const { dispatch, detail } = await createDispatch(ctx(req), kase, body);
    await auditChange(audit, req, {
      action: 'desk.dispatch.create',
      tenant: kase.tenant,
      target: dispatch.id,
      detail,
    });
    return reply.status(201).send({ dispatch: presentDispatch(dispatch) });
  });

  app.get('/api/desk/dispatches', async (req) => {
    const p = requireOperator(req);
    const q = validate(dispatchListQuery, req.query, 'query');
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    if (q.tenant !== undefined && !canReadCompany(p, q.tenant))
      throw new ApiError(404, 'not-found', 'no such company');
    let engineerId: string | undefined;
    if (q.engineer !== undefined) engineerId = q.engineer === 'me' ? p.userId : q.engineer;
    let scope = readableTenants(p);
    if (p.role === 'engineer') {
      // an engineer's list is their own visits, wherever they are
      if (engineerId !== undefined && engineerId !== p.userId) throw forbidden();
      engineerId = p.userId;
      scope = 'all';
    }
    const rows = await listDispatches(db, scope, {
      status: q.status,
      tenant: q.tenant,
      engineerId,
      from: q.from,
      to: q.to,
      after,
      limit: q.limit + 1,
    });
    const { page, nextCursor } = pageOf(rows, q.limit, (r) => ({ at: r.requested_at, id: r.id }));
    await auditOperatorRead(audit, req, q.tenant ?? null, 'desk.dispatches.read', { count: page.length });
    return { dispatches: page.map(presentDispatch), nextCursor };
  });

  app.get('/api/desk/dispatches/:id', async (req) => {
    const p = requireOperator(req);
    const { id } = validate(idParams, req.params, 'params');
    const r = await loadDispatch(deps, p, id);
    await auditCompanyRead(audit, req, r.tenant, 'desk.dispatch.read', { id: r.id });
    return { dispatch: presentDispatch(r), case: await caseSummaryFor(db, r.tenant, r.case_id, now()) };
  });

  app.patch('/api/desk/dispatches/:id', async (req) => {
    const p = requireOperator(req, WRITERS);
    const { id } = validate(idParams, req.params, 'params');
    const body = validate(dispatchPatchBody, req.body, 'body');
    const r = await loadDispatch(deps, p, id);
    const { dispatch, detail } = await patchDispatch(ctx(req), r, body);
    await auditChange(audit, req, { action: 'desk.dispatch.update', tenant: r.tenant, target: r.id, detail });
    return { dispatch: presentDispatch(dispatch) };
  });

  app.post('/api/desk/dispatches/:id/status', async (req) => {
    const p = requireOperator(req);
    const { id } = validate(idParams, req.params, 'params');
    const body = validate(dispatchStatusBody, req.body, 'body');
    const r = await loadDispatch(deps, p, id);
    if (!WRITERS.includes(p.role) && !isAssignedEngineer(p, r)) throw forbidden();
    const { dispatch, detail } = await moveDispatch(ctx(req), r, body);
    await auditChange(audit, req, { action: 'desk.dispatch.status', tenant: r.tenant, target: r.id, detail });
    return { dispatch: presentDispatch(dispatch) };
  });

  app.post('/api/desk/dispatches/:id/report', async (req) => {
    const p = requireOperator(req);
    const { id } = validate(idParams, req.params, 'params');
    const body = validate(dispatchReportBody, req.body, 'body');
    const r = await loadDispatch(deps, p, id);
    if (p.role !== 'operator-admin' && !isAssignedEngineer(p, r)) throw forbidden();
    const { dispatch, detail } = await fileReport(ctx(req), r, body);
    await auditChange(audit, req, { action: 'desk.dispatch.report', tenant: r.tenant, target: r.id, detail });
    return { dispatch: presentDispatch(dispatch) };
  });

  app.post('/api/desk/dispatches/:id/sign-off', async (req) => {
    const p = requireOperator(req);
    const { id } = validate(idParams, req.params, 'params');
    const body = validate(signOffBody, req.body, 'body');
    const r = await loadDispatch(deps, p, id);
    // the signature is taken on site, on the engineer's device
    if (!isAssignedEngineer(p, r)) throw forbidden();
    const { dispatch, detail } = await signOffDispatch(ctx(req), r, body, 'engineer');
    await auditChange(audit, req, {
      action: 'desk.dispatch.sign-off',
      tenant: r.tenant,
      target: r.id,
      detail,
    });
    return { dispatch: presentDispatch(dispatch) };
  });

  app.post('/api/companies/:tenant/dispatches/:id/sign-off', async (req) => {
    principalOf(req);
    const { tenant, id } = validate(companyDispatchParams, req.params, 'params');
    const body = validate(signOffBody, req.body, 'body');
    const p = requireCompany(req, tenant);
    if (p.role !== 'company-admin' || p.tenant !== tenant) throw forbidden();
    const r = await getDispatch(db, tenant, id);
    if (!r) throw new ApiError(404, 'not-found', 'no such dispatch');
    const { dispatch, detail } = await signOffDispatch(ctx(req), r, body, 'company');
    await auditChange(audit, req, { action: 'desk.dispatch.sign-off', tenant, target: r.id, detail });
    return { dispatch: presentCompanyDispatch(dispatch) };
  });
}
