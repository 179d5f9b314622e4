/**
 * The report archive (docs/api.md "Reports"): a company's readers list and download its
 * reports; its company-admin and provider staff who may read it ask for a new one for
 * any period. 401 → 400 → 404 (another company) → 403 (role) → 409 (not ready yet).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditChange, auditCompanyRead } from '../../accounts/audit.js';
import { getCompany } from '../../accounts/companies-repo.js';
import { isOperatorRole, type Principal } from '../../accounts/model.js';
import type { ApiDeps } from '../../api/deps.js';
import { ApiError } from '../../api/errors.js';
import { principalOf, requireCompany } from '../../api/guard.js';
import { emptyQuery, validate } from '../../api/validate.js';
import { idSchema } from '../../devices/model.js';
import { tokyoDate } from '../../portal/period.js';
import { instant } from '../../portal/period-input.js';
import { MAX_REPORT_SPAN_MS, REPORT_LANGS, reportListQuery, reportParams } from './model.js';
import { presentReport } from './present.js';
import { getReport, listReports, type ReportRow } from './repo.js';

const tenantParams = z.strictObject({ tenant: idSchema });
const requestBody = z.strictObject({
  from: instant,
  to: instant,
  lang: z.enum(REPORT_LANGS).default('ja'),
});

function ymd(ms: number): string {
  const { y, m, d } = tokyoDate(ms);
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

export async function reportArchiveRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { db, registry, audit } = deps;
  const now = deps.now ?? Date.now;

  /** The caller may read the company, and staff see only companies that exist. */
  async function company(req: FastifyRequest, tenant: string): Promise<Principal> {
    const p = requireCompany(req, tenant);
    if (
      p.tenant === null &&
      !(await getCompany(db, tenant)) &&
      (await registry.listDevices(tenant)).length === 0
    )
      throw new ApiError(404, 'not-found', 'no such company');
    return p;
  }

  async function reportOf(req: FastifyRequest): Promise<{ tenant: string; row: ReportRow }> {
    principalOf(req);
    const { tenant, id } = validate(reportParams, req.params, 'params');
    await company(req, tenant);
    const row = await getReport(db, tenant, id);
    if (!row) throw new ApiError(404, 'not-found', 'no such report');
    return { tenant, row };
  }

  const base = (tenant: string) => `/api/companies/${tenant}`;

  app.get('/api/companies/:tenant/reports', async (req) => {
    principalOf(req);
    const { tenant } = validate(tenantParams, req.params, 'params');
    const q = validate(reportListQuery, req.query, 'query');
    await company(req, tenant);
    await auditCompanyRead(audit, req, tenant, 'company.reports.read', { kind: q.kind ?? null });
    const rows = await listReports(db, tenant, q);
    return { reports: rows.map((r) => presentReport(r, base(tenant))), canRequest: !!deps.reports };
  });

  app.post('/api/companies/:tenant/reports', async (req, reply) => {
    principalOf(req);
    const { tenant } = validate(tenantParams, req.params, 'params');
    const body = validate(requestBody, req.body ?? {}, 'body');
    const p = await company(req, tenant);
    if (!(isOperatorRole(p.role) || p.role === 'company-admin'))
      throw new ApiError(403, 'forbidden', 'only the company admin or the desk may ask for a report');
    if (!(body.from < body.to)) throw new ApiError(400, 'invalid-input', 'to: must be after from', 'to');
    if (body.to - body.from > MAX_REPORT_SPAN_MS)
      throw new ApiError(400, 'invalid-input', 'to: a report covers at most 13 months', 'to');
    if (body.from > now())
      throw new ApiError(400, 'invalid-input', 'from: must not be in the future', 'from');
    if (!deps.reports)
      throw new ApiError(503, 'reports-unavailable', 'this server does not make reports (no reports folder)');
    const row = await deps.reports.request({
      tenant,
      from: body.from,
      to: body.to,
      lang: body.lang,
      kind: 'on-demand',
      createdBy: p.userId,
    });
    await auditChange(audit, req, {
      action: 'company.report.request',
      tenant,
      target: row.id,
      detail: {
        from: new Date(body.from).toISOString(),
        to: new Date(body.to).toISOString(),
        lang: body.lang,
      },
    });
    return reply.code(202).send({ report: presentReport(row, base(tenant)) });
  });

  app.get('/api/companies/:tenant/reports/:id', async (req) => {
    validate(emptyQuery, req.query, 'query');
    const { tenant, row } = await reportOf(req);
    return { report: presentReport(row, base(tenant)) };
  });

  app.get('/api/companies/:tenant/reports/:id/pdf', async (req, reply) => {
    validate(emptyQuery, req.query, 'query');
    const { tenant, row } = await reportOf(req);
    if (row.status !== 'ready' || !row.file || !deps.reports)
      throw new ApiError(409, 'report-not-ready', 'the report is not ready yet');
    const file = join(deps.reports.dir, row.file);
    const size = await stat(file).catch(() => null);
    if (!size) throw new ApiError(404, 'not-found', 'the report file is missing; ask for it again');
    await auditCompanyRead(audit, req, tenant, 'company.report.download', { report: row.id });
    const name = `report-${tenant}-${ymd(Number(row.period_from))}-${ymd(Number(row.period_to) - 1)}-${row.lang}.pdf`;
    return reply
      .header('content-type', 'application/pdf')
      .header('content-length', String(size.size))
      .header('content-disposition', `attachment; filename="${name}"`)
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .send(createReadStream(file));
  });
}
