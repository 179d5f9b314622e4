/** Accounts API: login, sessions, passwords, TOTP, users, audit, settings, companies (docs/api.md). */
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api/deps.js';
import { auditRoutes } from './audit-routes.js';
import { authRoutes } from './auth-routes.js';
import { companiesRoutes } from './companies-routes.js';
import { settingsRoutes } from './settings-routes.js';
import { usersRoutes } from './users-routes.js';

export async function accountsRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  await authRoutes(app, deps);
  await usersRoutes(app, deps);
  await companiesRoutes(app, deps);
  await auditRoutes(app, deps);
  await settingsRoutes(app, deps);
}
