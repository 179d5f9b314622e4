/** Portal API: company dashboards, event search and export, operator overviews (docs/api.md). */
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api/deps.js';

export async function portalRoutes(_app: FastifyInstance, _deps: ApiDeps): Promise<void> {}
