/**
 * GET /api/stats — the monitoring-item table of one company and period (same contract as
 * `otasuke stats`). Readers of the company: its own users and staff who may read it.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditCompanyRead } from '../accounts/audit.js';
import { idSchema } from '../devices/model.js';
import { itemStats } from '../portal/item-stats.js';
import type { ApiDeps } from './deps.js';
import { principalOf, requireCompany } from './guard.js';
import { validate } from './validate.js';

const isoDate = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), 'not an ISO-8601 date/time')
  .transform((v) => new Date(Date.parse(v)).toISOString());

export const statsQuery = z.strictObject({
  tenant: idSchema,
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export async function statsRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.get('/api/stats', async (req) => {
    principalOf(req);
    const q = validate(statsQuery, req.query, 'query');
    requireCompany(req, q.tenant);
    await auditCompanyRead(deps.audit, req, q.tenant, 'company.stats.read', { from: q.from, to: q.to });
    return itemStats(deps.store, q.tenant, q.from, q.to);
  });
}
