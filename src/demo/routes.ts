/** GET /api/demo/status: progress of the demo programme loading in the background. */
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api/deps.js';
import { principalOf } from '../api/guard.js';

export async function demoRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.get('/api/demo/status', async (req) => {
    principalOf(req);
    return { demo: deps.demoStatus?.() ?? { state: 'off', done: 0, total: 0, companies: 0 } };
  });
}
