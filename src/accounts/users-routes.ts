/** /api/users: user administration by operator-admin (everyone) and company-admin (own company). */
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { requireRole } from '../api/guard.js';
import { validate } from '../api/validate.js';
import { auditChange, auditOperatorRead } from './audit.js';
import { assignmentsBody, userCreateBody, userIdParams, userPatchBody, usersQuery } from './model.js';
import { viewUser, viewUsers } from './user-views.js';
import { assignCompanies, createUser, patchUser, resetPassword } from './users-commands.js';
import { findUserById, listUsers } from './users-repo.js';

const ADMINS = ['operator-admin', 'company-admin'] as const;

export async function usersRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { db, audit } = deps;
  const now = deps.now ?? Date.now;

  app.get('/api/users', async (req) => {
    const p = requireRole(req, ADMINS);
    const q = validate(usersQuery, req.query, 'query');
    if (p.role === 'company-admin') {
      if (q.tenant !== undefined && q.tenant !== p.tenant)
        throw new ApiError(404, 'not-found', 'no such company');
      return { users: await viewUsers(db, await listUsers(db, p.tenant), now()) };
    }
    await auditOperatorRead(audit, req, q.tenant ?? null, 'user.list.read');
    return { users: await viewUsers(db, await listUsers(db, q.tenant), now()) };
  });

  app.post('/api/users', async (req, reply) => {
    const p = requireRole(req, ADMINS);
    const body = validate(userCreateBody, req.body, 'body');
    const { user, temporaryPassword } = await createUser(db, p, body, now());
    await auditChange(audit, req, {
      action: 'user.create',
      tenant: user.tenant,
      target: user.id,
      detail: { login: user.login, role: user.role },
    });
    return reply.status(201).send({ user: await viewUser(db, user, now()), temporaryPassword });
  });

  app.patch('/api/users/:id', async (req) => {
    const p = requireRole(req, ADMINS);
    const { id } = validate(userIdParams, req.params, 'params');
    const body = validate(userPatchBody, req.body, 'body');
    const { user, changed } = await patchUser(db, p, id, body, now());
    await auditChange(audit, req, {
      action: 'user.update',
      tenant: user.tenant,
      target: user.id,
      // names of changed fields, plus the new role / state (no free text)
      detail: { changed, role: body.role, disabled: body.disabled },
    });
    return { user: await viewUser(db, user, now()) };
  });

  app.post('/api/users/:id/reset-password', async (req) => {
    const p = requireRole(req, ADMINS);
    const { id } = validate(userIdParams, req.params, 'params');
    const { user, temporaryPassword } = await resetPassword(db, p, id, now());
    await auditChange(audit, req, { action: 'user.password.reset', tenant: user.tenant, target: user.id });
    return { temporaryPassword };
  });

  app.put('/api/users/:id/companies', async (req) => {
    requireRole(req, ['operator-admin']);
    const { id } = validate(userIdParams, req.params, 'params');
    const body = validate(assignmentsBody, req.body, 'body');
    const user = await assignCompanies(db, id, body, now());
    await auditChange(audit, req, {
      action: 'user.assign',
      tenant: null,
      target: user.id,
      detail: { tenants: body.tenants },
    });
    const fresh = (await findUserById(db, id)) ?? user;
    return { user: await viewUser(db, fresh, now()) };
  });
}
