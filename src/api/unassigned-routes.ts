/**
 * /api/unassigned: sources that send records no device claims. Assigning one adds
 * the address to a device; its kept sample lines are replayed when the process wired
 * a replay function (earlier records beyond the samples were not kept).
 */
import type { FastifyInstance } from 'fastify';
import { auditChange } from '../accounts/audit.js';
import { ALL_COMPANY_READERS } from '../accounts/model.js';
import { presentDevice, presentUnassigned } from '../devices/present.js';
import type { ApiDeps } from './deps.js';
import { requireOperator } from './guard.js';
import { addressParams, assignBody, emptyQuery, tenantQuery, validate } from './validate.js';

export async function unassignedRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { registry } = deps;

  app.get('/api/unassigned', async (req) => {
    // Nobody owns these sources yet, so there is no tenant to filter by; their sample
    // lines may belong to any future company, so only staff who see every company read them.
    requireOperator(req, ALL_COMPANY_READERS);
    validate(emptyQuery, req.query, 'query');
    const sources = await registry.listUnassigned();
    return { sources: sources.map(presentUnassigned) };
  });

  app.post('/api/unassigned/:address/assign', async (req) => {
    requireOperator(req, ['operator-admin']);
    const { address } = validate(addressParams, req.params, 'params');
    const q = validate(tenantQuery, req.query, 'query');
    const body = validate(assignBody, req.body, 'body');
    const { device, source } = await registry.assignUnassigned(address, body.device, q.tenant);
    let replayed: number | null = null;
    const entry = registry.resolvedDevice(device.id);
    if (deps.replay && entry && source.samples.length > 0)
      replayed = await deps.replay(entry, source.samples);
    await auditChange(deps.audit, req, {
      action: 'device.source.assign',
      tenant: device.tenant,
      target: device.id,
      detail: { address: source.address, replayed },
    });
    return {
      device: presentDevice(device),
      assigned: source.address,
      samples: source.samples.length,
      replayed,
    };
  });
}
