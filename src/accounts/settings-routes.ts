/** /api/settings: service-wide switches (operator-admin). */
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../api/deps.js';
import { requireRole } from '../api/guard.js';
import { validate } from '../api/validate.js';
import { auditChange } from './audit.js';
import { settingsBody } from './model.js';
import { getSettings, putSettings } from './settings-repo.js';

export async function settingsRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const now = deps.now ?? Date.now;

  app.get('/api/settings', async (req) => {
    requireRole(req, ['operator-admin']);
    return getSettings(deps.db);
  });

  app.put('/api/settings', async (req) => {
    requireRole(req, ['operator-admin']);
    const body = validate(settingsBody, req.body, 'body');
    const before = await getSettings(deps.db);
    await putSettings(deps.db, body, now());
    await auditChange(deps.audit, req, { action: 'settings.update', detail: { before, after: body } });
    return getSettings(deps.db);
  });
}
