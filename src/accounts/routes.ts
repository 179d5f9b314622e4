/** Accounts API: login, sessions, passwords, TOTP, users, audit, settings (docs/api.md). */
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api/deps.js';

export async function accountsRoutes(_app: FastifyInstance, _deps: ApiDeps): Promise<void> {}
