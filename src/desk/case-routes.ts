import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api/deps.js';

export async function caseRoutes(_app: FastifyInstance, _deps: ApiDeps): Promise<void> {}
