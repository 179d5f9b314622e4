/**
 * GET /api/desk/staff: the provider's people a case or a visit can go to (display name
 * and role only), so an agent can pick an engineer without the user-admin rights that
 * GET /api/users needs.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { OPERATOR_ROLES } from '../accounts/model.js';
import type { ApiDeps } from '../api/deps.js';
import { requireOperator } from '../api/guard.js';
import { validate } from '../api/validate.js';

const staffQuery = z.strictObject({ role: z.enum(OPERATOR_ROLES).optional() });

export async function staffRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.get('/api/desk/staff', async (req) => {
    requireOperator(req);
    const q = validate(staffQuery, req.query, 'query');
    let sel = deps.db
      .selectFrom('users')
      .select(['id', 'name', 'login', 'role'])
      .where('tenant', 'is', null)
      .where('disabled', '=', 0)
      .where('role', 'in', [...OPERATOR_ROLES]);
    if (q.role) sel = sel.where('role', '=', q.role);
    const rows = await sel.orderBy('name').execute();
    return { staff: rows.map((r) => ({ id: r.id, name: r.name || r.login, role: r.role })) };
  });
}
