/**
 * /api/devices: the device registry for operator staff. Each route: auth (plugin hook)
 * → validation → command (registry) → presenter. A `tenant` query parameter scopes a
 * request to one company: a device of another company is "not found".
 */
import type { FastifyInstance } from 'fastify';
import { presentDevice, presentHealth } from '../devices/present.js';
import type { ApiDeps } from './deps.js';
import { ApiError } from './errors.js';
import { idParams, tenantQuery, validate } from './validate.js';

function notFound(): ApiError {
  return new ApiError(404, 'device-not-found', 'no such device');
}

export async function devicesRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { registry } = deps;

  app.get('/api/devices', async (req) => {
    const q = validate(tenantQuery, req.query, 'query');
    const devices = await registry.listDevices(q.tenant);
    return { devices: devices.map(presentDevice) };
  });

  app.post('/api/devices', async (req, reply) => {
    const q = validate(tenantQuery, req.query, 'query');
    const bodyTenant = (req.body as { tenant?: unknown } | null)?.tenant;
    if (q.tenant !== undefined && bodyTenant !== q.tenant) {
      throw new ApiError(400, 'invalid-input', 'tenant: does not match the tenant of the request', 'tenant');
    }
    const { device, token } = await registry.addDevice(req.body as never);
    // The token is shown here once; only its hash is stored.
    return reply.status(201).send({ device: presentDevice(device), token });
  });

  app.get('/api/devices/:id', async (req) => {
    const { id } = validate(idParams, req.params, 'params');
    const q = validate(tenantQuery, req.query, 'query');
    const device = await registry.getDevice(id, q.tenant);
    if (!device) throw notFound();
    return { device: presentDevice(device) };
  });

  app.patch('/api/devices/:id', async (req) => {
    const { id } = validate(idParams, req.params, 'params');
    const q = validate(tenantQuery, req.query, 'query');
    const device = await registry.updateDevice(id, req.body as never, q.tenant);
    return { device: presentDevice(device) };
  });

  app.post('/api/devices/:id/token', async (req) => {
    const { id } = validate(idParams, req.params, 'params');
    const q = validate(tenantQuery, req.query, 'query');
    return { token: await registry.rotateToken(id, q.tenant) };
  });

  app.get('/api/devices/:id/health', async (req) => {
    const { id } = validate(idParams, req.params, 'params');
    const q = validate(tenantQuery, req.query, 'query');
    const h = await registry.deviceHealth(id, q.tenant);
    if (!h) throw notFound();
    // Quarantined records of the last 24 h, from the event store (what the parsers refused).
    const since = new Date(Date.now() - 24 * 3_600_000).toISOString();
    const q24 = await deps.store.quarantineCounts(h.tenant, { from: since });
    const quarantined24h = q24.filter((r) => r.device === id).reduce((n, r) => n + r.n, 0);
    return { health: { ...presentHealth(h), quarantined_24h: quarantined24h } };
  });

  app.get('/api/health/devices', async (req) => {
    const q = validate(tenantQuery, req.query, 'query');
    const rows = await registry.health(q.tenant);
    return { devices: rows.map(presentHealth) };
  });
}
