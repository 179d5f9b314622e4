/**
 * The HTTP API and portal (Fastify). Every request first gets its principal (session
 * cookie or operator token); each route then checks role and company itself (guard.ts).
 * Routes of other parts (HTTP ingest with device tokens) are registered by the
 * composition root on the returned instance.
 */
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { installPrincipal } from '../accounts/principal-hook.js';
import { accountsRoutes } from '../accounts/routes.js';
import { metricsRegistry } from '../core/metrics.js';
import { demoRoutes } from '../demo/routes.js';
import { deskRoutes } from '../desk/routes.js';
import { portalRoutes } from '../portal/routes.js';
import { reportArchiveRoutes } from '../reports/archive/routes.js';
import { programmeReportRoutes } from '../reports/programme/routes.js';
import { scheduleRoutes } from '../schedule/routes.js';
import { sharingRoutes } from '../sharing/routes.js';
import { alertsRoutes } from './alerts-routes.js';
import type { ApiDeps } from './deps.js';
import { devicesRoutes } from './devices-routes.js';
import { installErrorHandling } from './errors.js';
import { requireOperator } from './guard.js';
import { homeRoute } from './home-route.js';
import { statsRoutes } from './stats-routes.js';
import { unassignedRoutes } from './unassigned-routes.js';
import { webRoutes } from './web-routes.js';

export type { ApiDeps } from './deps.js';

export async function buildApp(deps: ApiDeps): Promise<FastifyInstance> {
  const hops = deps.trustProxy;
  const app = Fastify({
    logger: deps.logger ?? false,
    // a hop count becomes "trust the nearest N", the form Fastify's types take
    trustProxy: typeof hops === 'number' ? (_addr: string, i: number) => i < hops : (hops ?? false),
    // JSON bodies are small; bulk ingest sets its own limit on its route.
    bodyLimit: 1_048_576,
  });
  installErrorHandling(app);
  await app.register(cookie);
  installPrincipal(app, deps);

  app.get('/api/health', async () => ({ status: 'ok' }));
  await homeRoute(app, deps);

  const metrics = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!deps.publicMetrics) requireOperator(req, ['operator-admin']);
    await deps.registry.updateGauges();
    return reply.header('content-type', metricsRegistry.contentType).send(await metricsRegistry.metrics());
  };
  app.get('/metrics', metrics);

  await app.register(async (operator) => {
    // Device registry, unassigned sources and device alerts: provider staff only (each
    // route narrows further: changes need operator-admin, reads a readable company).
    operator.addHook('preHandler', async (req) => {
      requireOperator(req);
    });
    await devicesRoutes(operator, deps);
    await unassignedRoutes(operator, deps);
    await alertsRoutes(operator, deps);
  });
  // Company users read their own company's stats too: the route checks the company itself.
  await statsRoutes(app, deps);
  await accountsRoutes(app, deps);
  await portalRoutes(app, deps);
  await sharingRoutes(app, deps);
  await demoRoutes(app, deps);
  await deskRoutes(app, deps);
  await scheduleRoutes(app, deps);
  await reportArchiveRoutes(app, deps);
  await programmeReportRoutes(app, deps);
  await webRoutes(app, deps);
  return app;
}
