/**
 * The operator API (Fastify). Liveness is public; everything else needs the operator
 * token. Routes of other parts (HTTP ingest with device tokens) are registered by the
 * composition root on the returned instance, outside the operator-auth scope.
 */
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { metricsRegistry } from '../core/metrics.js';
import { alertsRoutes } from './alerts-routes.js';
import { requireAdmin } from './auth.js';
import type { ApiDeps } from './deps.js';
import { devicesRoutes } from './devices-routes.js';
import { installErrorHandling } from './errors.js';
import { homeRoute } from './home-route.js';
import { statsRoutes } from './stats-routes.js';
import { unassignedRoutes } from './unassigned-routes.js';

export type { ApiDeps } from './deps.js';

export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    // Operator JSON bodies are small; bulk ingest sets its own limit on its route.
    bodyLimit: 1_048_576,
  });
  installErrorHandling(app);

  app.get('/api/health', async () => ({ status: 'ok' }));
  await homeRoute(app, deps);

  const metrics = async (_req: unknown, reply: FastifyReply) => {
    await deps.registry.updateGauges();
    return reply.header('content-type', metricsRegistry.contentType).send(await metricsRegistry.metrics());
  };
  if (deps.publicMetrics) app.get('/metrics', metrics);

  await app.register(async (operator) => {
    operator.addHook('onRequest', requireAdmin(deps.adminToken));
    if (!deps.publicMetrics) operator.get('/metrics', metrics);
    await devicesRoutes(operator, deps);
    await unassignedRoutes(operator, deps);
    await alertsRoutes(operator, deps);
    await statsRoutes(operator, deps);
  });
  return app;
}
