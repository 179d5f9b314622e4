/**
 * Portal API (docs/api.md "Dashboard" and "Operator views"): company dashboards, event
 * search and CSV export, the portal texts, the operators' companies list and the
 * programme table. Each route: who is calling (401) → validation (400 naming the
 * field) → may this caller read it (403 / 404) → audit of operator reads → query →
 * presenter.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { auditCompanyRead, auditOperatorRead } from '../accounts/audit.js';
import { getCompany } from '../accounts/companies-repo.js';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { principalOf, requireCompany, requireOperator } from '../api/guard.js';
import { emptyQuery, validate } from '../api/validate.js';
import { idSchema } from '../devices/model.js';
import { ACTIONS, CATEGORIES } from '../event/event.js';
import { type EventFilter, InvalidCursorError, MAX_PAGE } from '../storage/events/event-store.js';
import { portalContent } from './content.js';
import { csvChunks } from './csv.js';
import { itemsView, scenariosView, trendView, usageView, virusView, visibilityView } from './dashboard.js';
import { operatorCompanies, programmeSummary } from './operator.js';
import { BUCKETS, iso, MAX_SPAN_MS, type Period, resolvePeriod, tokyoDate } from './period.js';
import { instant } from './period-input.js';
import {
  presentCompanyOverview,
  presentContent,
  presentEvent,
  presentItems,
  presentPeriod,
  presentProgramme,
  presentScenarios,
  presentTrend,
  presentUsage,
  presentVirus,
  presentVisibility,
} from './present.js';

const periodFields = { from: instant.optional(), to: instant.optional() };
const periodQuery = z.strictObject(periodFields);
const bucketQuery = z.strictObject({
  ...periodFields,
  bucket: z.enum(BUCKETS as ['day', 'week', 'month']).default('day'),
});
const tenantOnly = z.strictObject({ tenant: idSchema });

const filterFields = {
  ...periodFields,
  category: z.enum(CATEGORIES).optional(),
  action: z.enum(ACTIONS).optional(),
  ip: z
    .string()
    .max(45)
    .regex(/^[0-9A-Fa-f:.]+$/, 'an IPv4 or IPv6 address')
    .optional(),
  domain: z
    .string()
    .max(253)
    .regex(/^(\*\.)?[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*\.?$/, 'a domain name such as example.com')
    .transform((v) => v.replace(/\.$/, ''))
    .optional(),
  threat: z.string().trim().min(1).max(200).optional(),
};
const eventsQuery = z.strictObject({
  ...filterFields,
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100),
  cursor: z.string().min(1).max(200).optional(),
});
const exportQuery = z.strictObject(filterFields);

function periodOf(q: { from?: number; to?: number }, nowMs: number): Period {
  const p = resolvePeriod(q.from, q.to, nowMs);
  if (!(p.from < p.to)) throw new ApiError(400, 'invalid-input', 'to: must be after from', 'to');
  if (p.to - p.from > MAX_SPAN_MS)
    throw new ApiError(400, 'invalid-input', 'to: a period is at most 3 years', 'to');
  return p;
}

function ymd(ms: number): string {
  const { y, m, d } = tokyoDate(ms);
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

export async function portalRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const now = deps.now ?? Date.now;
  const { store, registry, db, audit } = deps;

  /**
   * 401 → 400 → 404: the caller may read the company, and (for staff, who may read
   * any) the company exists — as a company record or as the owner of a device.
   */
  async function companyRequest<S extends z.ZodType>(
    req: FastifyRequest,
    schema: S,
  ): Promise<{ tenant: string; q: z.output<S> }> {
    principalOf(req);
    const { tenant } = validate(tenantOnly, req.params, 'params');
    const q = validate(schema, req.query, 'query');
    const p = requireCompany(req, tenant);
    if (
      p.tenant === null &&
      !(await getCompany(db, tenant)) &&
      (await registry.listDevices(tenant)).length === 0
    )
      throw new ApiError(404, 'not-found', 'no such company');
    return { tenant, q };
  }

  const dashboard = (view: string) => `company.dashboard.${view}.read`;

  app.get('/api/companies/:tenant/dashboard/items', async (req) => {
    const { tenant, q } = await companyRequest(req, periodQuery);
    const period = periodOf(q, now());
    await auditCompanyRead(audit, req, tenant, dashboard('items'), presentPeriod(period));
    return presentItems(await itemsView(store, tenant, period));
  });

  app.get('/api/companies/:tenant/dashboard/trend', async (req) => {
    const { tenant, q } = await companyRequest(req, bucketQuery);
    const period = periodOf(q, now());
    await auditCompanyRead(audit, req, tenant, dashboard('trend'), presentPeriod(period));
    return presentTrend(period, await trendView(store, tenant, period, q.bucket));
  });

  app.get('/api/companies/:tenant/dashboard/virus', async (req) => {
    const { tenant, q } = await companyRequest(req, bucketQuery);
    const period = periodOf(q, now());
    await auditCompanyRead(audit, req, tenant, dashboard('virus'), presentPeriod(period));
    return presentVirus(period, await virusView(store, tenant, period, q.bucket));
  });

  app.get('/api/companies/:tenant/dashboard/scenarios', async (req) => {
    const { tenant, q } = await companyRequest(req, periodQuery);
    const period = periodOf(q, now());
    await auditCompanyRead(audit, req, tenant, dashboard('scenarios'), presentPeriod(period));
    return presentScenarios(period, await scenariosView(store, tenant, period), portalContent());
  });

  app.get('/api/companies/:tenant/dashboard/usage', async (req) => {
    const { tenant, q } = await companyRequest(req, periodQuery);
    const period = periodOf(q, now());
    await auditCompanyRead(audit, req, tenant, dashboard('usage'), presentPeriod(period));
    return presentUsage(period, await usageView(store, tenant, period));
  });

  app.get('/api/companies/:tenant/dashboard/visibility', async (req) => {
    const { tenant, q } = await companyRequest(req, periodQuery);
    const period = periodOf(q, now());
    await auditCompanyRead(audit, req, tenant, dashboard('visibility'), presentPeriod(period));
    return presentVisibility(period, await visibilityView(store, registry, tenant, period, now()));
  });

  function filterOf(q: Omit<z.output<typeof exportQuery>, 'from' | 'to'>, period: Period): EventFilter {
    return {
      from: iso(period.from),
      to: iso(period.to),
      category: q.category,
      action: q.action,
      ip: q.ip,
      domain: q.domain,
      threat: q.threat,
    };
  }

  app.get('/api/companies/:tenant/events', async (req) => {
    const { tenant, q } = await companyRequest(req, eventsQuery);
    const period = periodOf(q, now());
    const filter = filterOf(q, period);
    await auditCompanyRead(audit, req, tenant, 'company.events.read', {
      ...filter,
      cursor: q.cursor ?? null,
    });
    try {
      const page = await store.searchPage(tenant, { ...filter, limit: q.limit, cursor: q.cursor });
      return {
        period: presentPeriod(period),
        events: page.events.map(presentEvent),
        nextCursor: page.nextCursor,
      };
    } catch (e) {
      if (e instanceof InvalidCursorError)
        throw new ApiError(400, 'invalid-input', 'cursor: not a cursor of this search', 'cursor');
      throw e;
    }
  });

  app.get('/api/companies/:tenant/events.csv', async (req, reply) => {
    const { tenant, q } = await companyRequest(req, exportQuery);
    const period = periodOf(q, now());
    const filter = filterOf(q, period);
    const total = await store.countEvents(tenant, filter);
    await auditCompanyRead(audit, req, tenant, 'company.events.export', { ...filter, rows: total });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('x-total-rows', String(total))
      .header(
        'content-disposition',
        `attachment; filename="events-${tenant}-${ymd(period.from)}-${ymd(period.to - 1)}.csv"`,
      )
      .header('cache-control', 'no-store')
      .send(Readable.from(csvChunks(store.exportEvents(tenant, filter))));
  });

  app.get('/api/content/portal', async (req) => {
    principalOf(req);
    validate(emptyQuery, req.query, 'query');
    return presentContent(portalContent());
  });

  app.get('/api/operator/companies', async (req) => {
    const p = requireOperator(req);
    const q = validate(periodQuery, req.query, 'query');
    const period = periodOf(q, now());
    const companies = await operatorCompanies({ db, registry, store }, p, period, now());
    await auditOperatorRead(audit, req, null, 'operator.companies.read', {
      ...presentPeriod(period),
      count: companies.length,
    });
    return { period: presentPeriod(period), companies: companies.map(presentCompanyOverview) };
  });

  app.get('/api/programme/summary', async (req) => {
    requireOperator(req);
    const q = validate(periodQuery, req.query, 'query');
    const period = periodOf(q, now());
    await auditOperatorRead(audit, req, null, 'programme.summary.read', presentPeriod(period));
    return presentProgramme(await programmeSummary({ db, registry, store }, period));
  });
}
