/**
 * Insurance routes (docs/api.md "Insurance"): a company's policies, and first-response
 * cost claims on its cases with cost items, documents checklist and the claim pack for
 * the insurer. Each route: auth → validation → authorize → command → presenter.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditChange, auditCompanyRead, auditOperatorRead } from '../accounts/audit.js';
import type { Principal, Role } from '../accounts/model.js';
import { tenantParams } from '../accounts/model.js';
import { readableTenants } from '../accounts/scope.js';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { canReadCompany, principalOf, requireCompany, requireOperator } from '../api/guard.js';
import { idParams, validate } from '../api/validate.js';
import { decodeCursor, pageOf } from './case-paging.js';
import { loadCaseFor } from './cases-repo.js';
import {
  addItem,
  type ClaimContext,
  createClaim,
  patchClaim,
  removeItem,
  setDocument,
} from './claims-commands.js';
import { claimCsv, claimPack } from './claims-export.js';
import type { ClaimRecord, ClaimView } from './claims-present.js';
import { claimDetail, claimSummaries, getClaim, listClaims } from './claims-repo.js';
import {
  claimCreateBody,
  claimDocumentBody,
  claimDocumentParams,
  claimIdParams,
  claimItemBody,
  claimItemParams,
  claimListQuery,
  claimPatchBody,
  exportQuery,
  policyCreateBody,
  policyPatchBody,
} from './insurance-model.js';
import { createPolicy, patchPolicy } from './policies-commands.js';
import { presentPolicy } from './policies-present.js';
import { getPolicy, listPolicies } from './policies-repo.js';

/** Who keeps policies and claims: the desk lead and the contact-centre agents. */
const INSURANCE_WRITERS: readonly Role[] = ['operator-admin', 'agent'];

function forbidden(): ApiError {
  return new ApiError(403, 'forbidden', 'your role may not do this');
}

export async function insuranceRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { db, audit } = deps;
  const now = deps.now ?? Date.now;
  const ctx = (req: FastifyRequest): ClaimContext => ({ db, actor: principalOf(req), now: now() });

  /** The claim for a staff caller, or 404 when they may not see its company. */
  async function loadClaim(p: Principal, id: string): Promise<ClaimRecord> {
    const r = await getClaim(db, null, id);
    if (!r || !canReadCompany(p, r.tenant)) throw new ApiError(404, 'not-found', 'no such claim');
    return r;
  }

  async function detail(r: ClaimRecord): Promise<ClaimView> {
    const v = await claimDetail(db, r, now());
    // policies are never deleted, so a claim without one is a broken database
    if (!v) throw new Error(`claim ${r.id} has no policy ${r.policy_id}`);
    return v;
  }

  // ---- policies ----

  app.get('/api/companies/:tenant/policies', async (req) => {
    principalOf(req);
    const { tenant } = validate(tenantParams, req.params, 'params');
    requireCompany(req, tenant);
    await auditCompanyRead(audit, req, tenant, 'desk.policies.read');
    const t = now();
    return { policies: (await listPolicies(db, tenant)).map((r) => presentPolicy(r, t)) };
  });

  app.post('/api/companies/:tenant/policies', async (req, reply) => {
    principalOf(req);
    const { tenant } = validate(tenantParams, req.params, 'params');
    const p = requireCompany(req, tenant);
    if (p.tenant !== null || !INSURANCE_WRITERS.includes(p.role)) throw forbidden();
    const body = validate(policyCreateBody, req.body, 'body');
    const row = await createPolicy(db, tenant, body, now());
    await auditChange(audit, req, {
      action: 'desk.policy.create',
      tenant,
      target: row.id,
      detail: { policyNumber: row.policy_number, insurer: row.insurer },
    });
    return reply.status(201).send({ policy: presentPolicy(row, now()) });
  });

  app.patch('/api/desk/policies/:id', async (req) => {
    const p = requireOperator(req, INSURANCE_WRITERS);
    const { id } = validate(idParams, req.params, 'params');
    const body = validate(policyPatchBody, req.body, 'body');
    const row = await getPolicy(db, null, id);
    if (!row || !canReadCompany(p, row.tenant)) throw new ApiError(404, 'not-found', 'no such policy');
    const { policy, changed } = await patchPolicy(db, row, body, now());
    await auditChange(audit, req, {
      action: 'desk.policy.update',
      tenant: row.tenant,
      target: id,
      detail: { changed },
    });
    return { policy: presentPolicy(policy, now()) };
  });

  // ---- claims ----

  app.post('/api/desk/cases/:id/claims', async (req, reply) => {
    requireOperator(req, INSURANCE_WRITERS);
    const { id } = validate(idParams, req.params, 'params');
    const body = validate(claimCreateBody, req.body, 'body');
    const kase = await loadCaseFor(req, deps, id, 'write');
    const { claim, detail: d } = await createClaim(ctx(req), kase, body);
    await auditChange(audit, req, {
      action: 'desk.claim.create',
      tenant: kase.tenant,
      target: claim.id,
      detail: d,
    });
    return reply.status(201).send({ claim: await detail(claim) });
  });

  app.get('/api/desk/claims', async (req) => {
    const p = requireOperator(req);
    const q = validate(claimListQuery, req.query, 'query');
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    if (q.tenant !== undefined && !canReadCompany(p, q.tenant))
      throw new ApiError(404, 'not-found', 'no such company');
    const rows = await listClaims(db, readableTenants(p), {
      status: q.status,
      tenant: q.tenant,
      after,
      limit: q.limit + 1,
    });
    const { page, nextCursor } = pageOf(rows, q.limit, (r) => ({ at: r.created_at, id: r.id }));
    await auditOperatorRead(audit, req, q.tenant ?? null, 'desk.claims.read', { count: page.length });
    return { claims: await claimSummaries(db, page), nextCursor };
  });

  app.get('/api/desk/claims/:id', async (req) => {
    const p = requireOperator(req);
    const { id } = validate(claimIdParams, req.params, 'params');
    const r = await loadClaim(p, id);
    await auditCompanyRead(audit, req, r.tenant, 'desk.claim.read', { id: r.id });
    return { claim: await detail(r) };
  });

  app.patch('/api/desk/claims/:id', async (req) => {
    const p = requireOperator(req, INSURANCE_WRITERS);
    const { id } = validate(claimIdParams, req.params, 'params');
    const body = validate(claimPatchBody, req.body, 'body');
    const r = await loadClaim(p, id);
    const { claim, detail: d } = await patchClaim(ctx(req), r, body);
    await auditChange(audit, req, { action: 'desk.claim.update', tenant: r.tenant, target: r.id, detail: d });
    return { claim: await detail(claim) };
  });

  app.post('/api/desk/claims/:id/items', async (req, reply) => {
    const p = requireOperator(req, INSURANCE_WRITERS);
    const { id } = validate(claimIdParams, req.params, 'params');
    const body = validate(claimItemBody, req.body, 'body');
    const r = await loadClaim(p, id);
    const { claim, itemId, detail: d } = await addItem(ctx(req), r, body);
    await auditChange(audit, req, {
      action: 'desk.claim.item.add',
      tenant: r.tenant,
      target: r.id,
      detail: d,
    });
    const item = (await detail(claim)).items.find((i) => i.id === itemId);
    return reply.status(201).send({ item });
  });

  app.delete('/api/desk/claims/:id/items/:itemId', async (req, reply) => {
    const p = requireOperator(req, INSURANCE_WRITERS);
    const { id, itemId } = validate(claimItemParams, req.params, 'params');
    const r = await loadClaim(p, id);
    const { detail: d } = await removeItem(ctx(req), r, itemId);
    await auditChange(audit, req, {
      action: 'desk.claim.item.remove',
      tenant: r.tenant,
      target: r.id,
      detail: d,
    });
    return reply.status(204).send();
  });

  app.put('/api/desk/claims/:id/documents/:docType', async (req) => {
    const p = requireOperator(req, INSURANCE_WRITERS);
    const { id, docType } = validate(claimDocumentParams, req.params, 'params');
    const body = validate(claimDocumentBody, req.body, 'body');
    const r = await loadClaim(p, id);
    const { claim, detail: d } = await setDocument(ctx(req), r, docType, body);
    await auditChange(audit, req, {
      action: 'desk.claim.document',
      tenant: r.tenant,
      target: r.id,
      detail: d,
    });
    return { claim: await detail(claim) };
  });

  app.get('/api/desk/claims/:id/export.csv', async (req, reply) => {
    const p = requireOperator(req, INSURANCE_WRITERS);
    const { id } = validate(claimIdParams, req.params, 'params');
    const q = validate(exportQuery, req.query, 'query');
    const r = await loadClaim(p, id);
    const pack = await claimPack(db, await detail(r));
    await auditCompanyRead(audit, req, r.tenant, 'desk.claim.export', { id: r.id, format: 'csv' });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="claim-${r.number}.csv"`)
      .send(claimCsv(pack, q.lang));
  });

  app.get('/api/desk/claims/:id/export.json', async (req, reply) => {
    const p = requireOperator(req, INSURANCE_WRITERS);
    const { id } = validate(claimIdParams, req.params, 'params');
    const r = await loadClaim(p, id);
    const pack = await claimPack(db, await detail(r));
    await auditCompanyRead(audit, req, r.tenant, 'desk.claim.export', { id: r.id, format: 'json' });
    return reply
      .header('content-disposition', `attachment; filename="claim-${r.number}.json"`)
      .send({ claimPack: pack });
  });
}
