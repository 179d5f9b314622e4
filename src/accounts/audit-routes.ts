/** GET /api/audit: the audit log for operator-admin, newest first, filtered and paged. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ApiDeps } from '../api/deps.js';
import { requireRole } from '../api/guard.js';
import { validate } from '../api/validate.js';
import { idSchema } from '../devices/model.js';
import { decodeAuditCursor, encodeAuditCursor, queryAudit } from './audit-repo.js';
import { presentAuditEntry } from './present.js';

const instant = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), 'not an ISO-8601 date/time')
  .transform((v) => Date.parse(v));

const auditQuery = z.strictObject({
  from: instant.optional(),
  to: instant.optional(),
  actor: z.string().min(1).max(128).optional(),
  tenant: idSchema.optional(),
  action: z
    .string()
    .regex(/^[a-z0-9.-]{1,100}$/, 'a dotted action name')
    .optional(),
  cursor: z
    .string()
    .max(200)
    .refine((v) => decodeAuditCursor(v) !== null, 'not a cursor of this listing')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export async function auditRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.get('/api/audit', async (req) => {
    requireRole(req, ['operator-admin']);
    const q = validate(auditQuery, req.query, 'query');
    const rows = await queryAudit(deps.db, {
      from: q.from,
      to: q.to,
      actor: q.actor,
      tenant: q.tenant,
      action: q.action,
      after: q.cursor === undefined ? undefined : (decodeAuditCursor(q.cursor) ?? undefined),
      limit: q.limit + 1,
    });
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      entries: page.map(presentAuditEntry),
      nextCursor: rows.length > q.limit && last ? encodeAuditCursor(last.at, last.id) : null,
    };
  });
}
