/** The portal's single-page app (built by Vite into dist/web), served at / with history fallback. */
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from './deps.js';

export async function webRoutes(_app: FastifyInstance, _deps: ApiDeps): Promise<void> {}
