/** /api/alerts: device-silent alerts (later also detection alerts), newest first. */
import type { FastifyInstance } from 'fastify';
import type { AlertStatus } from '../devices/model.js';
import { presentAlert } from '../devices/present.js';
import type { ApiDeps } from './deps.js';
import { alertsQuery, validate } from './validate.js';

export async function alertsRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.get('/api/alerts', async (req) => {
    const q = validate(alertsQuery, req.query, 'query');
    const alerts = await deps.registry.listAlerts(q.tenant, q.status as AlertStatus | undefined, q.device);
    return { alerts: alerts.map(presentAlert) };
  });
}
