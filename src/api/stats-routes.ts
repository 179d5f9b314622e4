/** GET /api/stats — the monitoring-item table of one company and period (same contract as `otasuke stats`). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idSchema } from '../devices/model.js';
import { itemStats } from '../portal/item-stats.js';
import type { ApiDeps } from './deps.js';
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
    const q = validate(statsQuery, req.query, 'query');
    return itemStats(deps.store, q.tenant, q.from, q.to);
  });
}
