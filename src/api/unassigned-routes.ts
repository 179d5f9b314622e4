/**
 * /api/unassigned: sources that send records no device claims. Assigning one adds
 * the address to a device; its kept sample lines are replayed when the process wired
 * a replay function (earlier records beyond the samples were not kept).
 */
import type { FastifyInstance } from 'fastify';
import { presentDevice, presentUnassigned } from '../devices/present.js';
import type { ApiDeps } from './deps.js';
import { addressParams, assignBody, emptyQuery, tenantQuery, validate } from './validate.js';

export async function unassignedRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { registry } = deps;

  app.get('/api/unassigned', async (req) => {
    // Nobody owns these sources yet, so there is no tenant to filter by.
    validate(emptyQuery, req.query, 'query');
    const sources = await registry.listUnassigned();
    return { sources: sources.map(presentUnassigned) };
  });

  app.post('/api/unassigned/:address/assign', async (req) => {
    const { address } = validate(addressParams, req.params, 'params');
    const q = validate(tenantQuery, req.query, 'query');
    const body = validate(assignBody, req.body, 'body');
    const { device, source } = await registry.assignUnassigned(address, body.device, q.tenant);
    let replayed: number | null = null;
    const entry = registry.resolvedDevice(device.id);
    if (deps.replay && entry && source.samples.length > 0)
      replayed = await deps.replay(entry, source.samples);
    return {
      device: presentDevice(device),
      assigned: source.address,
      samples: source.samples.length,
      replayed,
    };
  });
}
