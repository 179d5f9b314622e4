/**
 * /api/alerts: device-silent alerts (later also detection alerts), newest first. Staff
 * see the alerts of companies they may read; `tenant` narrows to one (404 if not readable).
 */
import type { FastifyInstance } from 'fastify';
import { auditOperatorRead } from '../accounts/audit.js';
import { filterReadable } from '../accounts/scope.js';
import type { AlertStatus } from '../devices/model.js';
import { presentAlert } from '../devices/present.js';
import type { ApiDeps } from './deps.js';
import { principalOf, requireCompany } from './guard.js';
import { alertsQuery, validate } from './validate.js';

export async function alertsRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  app.get('/api/alerts', async (req) => {
    const q = validate(alertsQuery, req.query, 'query');
    if (q.tenant !== undefined) requireCompany(req, q.tenant);
    const all = await deps.registry.listAlerts(q.tenant, q.status as AlertStatus | undefined, q.device);
    const alerts = filterReadable(principalOf(req), all, (a) => a.tenant);
    await auditOperatorRead(deps.audit, req, q.tenant ?? null, 'alert.list.read', { count: alerts.length });
    return { alerts: alerts.map(presentAlert) };
  });
}
