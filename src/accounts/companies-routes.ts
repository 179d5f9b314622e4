/**
 * /api/companies: the companies (tenants) of the programme. Readers of a company see it;
 * operator-admin creates and edits. Contact details go to staff and the company's admin only.
 */
import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { principalOf, requireCompany, requireRole } from '../api/guard.js';
import { emptyQuery, validate } from '../api/validate.js';
import type { CompaniesTable } from '../storage/state/state-db.js';
import { auditChange, auditCompanyRead, auditOperatorRead } from './audit.js';
import { getCompany, insertCompany, listCompanies, updateCompany } from './companies-repo.js';
import {
  companyCreateBody,
  companyPatchBody,
  isOperatorRole,
  type Principal,
  tenantParams,
} from './model.js';
import { presentCompany } from './present.js';
import { readableTenants } from './scope.js';

function notFound(): ApiError {
  return new ApiError(404, 'not-found', 'no such company');
}

function seesContact(p: Principal): boolean {
  return isOperatorRole(p.role) || p.role === 'company-admin';
}

type CompanyInput = z.output<typeof companyPatchBody>;

/** API field names → columns; only fields present in the request are touched. */
function columns(input: CompanyInput): Partial<CompaniesTable> {
  const out: Partial<CompaniesTable> = {};
  if (input.name !== undefined) out.name = input.name;
  if (input.nameEn !== undefined) out.name_en = input.nameEn;
  if (input.prefecture !== undefined) out.prefecture = input.prefecture;
  if (input.city !== undefined) out.city = input.city;
  if (input.industry !== undefined) out.industry = input.industry;
  if (input.employees !== undefined) out.employees = input.employees;
  if (input.capitalYen !== undefined) out.capital_yen = input.capitalYen;
  if (input.contact?.name !== undefined) out.contact_name = input.contact.name;
  if (input.contact?.phone !== undefined) out.contact_phone = input.contact.phone;
  if (input.contact?.email !== undefined) out.contact_email = input.contact.email;
  return out;
}

export async function companiesRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { db, audit } = deps;
  const now = deps.now ?? Date.now;

  app.get('/api/companies', async (req) => {
    const p = principalOf(req);
    validate(emptyQuery, req.query, 'query');
    const scope = readableTenants(p);
    const rows = await listCompanies(db, scope === 'all' ? undefined : scope);
    await auditOperatorRead(audit, req, null, 'company.list.read', { count: rows.length });
    return { companies: rows.map((c) => presentCompany(c, seesContact(p))) };
  });

  app.get('/api/companies/:tenant', async (req) => {
    principalOf(req);
    const { tenant } = validate(tenantParams, req.params, 'params');
    const p = requireCompany(req, tenant);
    const row = await getCompany(db, tenant);
    if (!row) throw notFound();
    await auditCompanyRead(audit, req, tenant, 'company.read');
    return { company: presentCompany(row, seesContact(p)) };
  });

  app.post('/api/companies', async (req, reply) => {
    requireRole(req, ['operator-admin']);
    const body = validate(companyCreateBody, req.body, 'body');
    if (await getCompany(db, body.id))
      throw new ApiError(409, 'company-exists', 'a company with this id exists');
    const t = now();
    await insertCompany(db, {
      id: body.id,
      name: body.name,
      name_en: null,
      prefecture: null,
      city: null,
      industry: null,
      employees: null,
      capital_yen: null,
      contact_name: null,
      contact_phone: null,
      contact_email: null,
      ...columns(body),
      created_at: t,
      updated_at: t,
    });
    await auditChange(audit, req, { action: 'company.create', tenant: body.id, target: body.id });
    const row = await getCompany(db, body.id);
    if (!row) throw notFound();
    return reply.status(201).send({ company: presentCompany(row, true) });
  });

  app.patch('/api/companies/:tenant', async (req) => {
    requireRole(req, ['operator-admin']);
    const { tenant } = validate(tenantParams, req.params, 'params');
    const body = validate(companyPatchBody, req.body, 'body');
    if (!(await getCompany(db, tenant))) throw notFound();
    const set = columns(body);
    await updateCompany(db, tenant, { ...set, updated_at: now() });
    await auditChange(audit, req, {
      action: 'company.update',
      tenant,
      target: tenant,
      detail: { changed: Object.keys(set) },
    });
    const row = await getCompany(db, tenant);
    if (!row) throw notFound();
    return { company: presentCompany(row, true) };
  });
}
