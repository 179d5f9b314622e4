/**
 * /api/devices: the device registry for provider staff. Each route: auth (plugin hook:
 * any operator role) → validation → authorize (changes need operator-admin; reads need
 * the device's company to be readable: engineers and experts see assigned companies
 * only) → command (registry) → audit → presenter. A `tenant` query parameter scopes a
 * request to one company: a device of another company is "not found".
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { auditChange, auditCompanyRead, auditOperatorRead } from '../accounts/audit.js';
import { filterReadable } from '../accounts/scope.js';
import { presentDevice, presentHealth } from '../devices/present.js';
import type { ApiDeps } from './deps.js';
import { ApiError } from './errors.js';
import { canReadCompany, principalOf, requireCompany, requireOperator } from './guard.js';
import { idParams, tenantQuery, validate } from './validate.js';

function notFound(): ApiError {
  return new ApiError(404, 'device-not-found', 'no such device');
}

/** Checks the `tenant` scope of a read (404 for a company the caller may not read). */
function readScope(req: FastifyRequest): string | undefined {
  const q = validate(tenantQuery, req.query, 'query');
  if (q.tenant !== undefined) requireCompany(req, q.tenant);
  return q.tenant;
}

export async function devicesRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { registry, audit } = deps;

  /** The device `id` when the caller may read its company; otherwise "not found". */
  const readableDevice = async (req: FastifyRequest, id: string, tenant: string | undefined) => {
    const device = await registry.getDevice(id, tenant);
    if (!device || !canReadCompany(principalOf(req), device.tenant)) throw notFound();
    return device;
  };

  app.get('/api/devices', async (req) => {
    const tenant = readScope(req);
    const devices = filterReadable(principalOf(req), await registry.listDevices(tenant), (d) => d.tenant);
    await auditOperatorRead(audit, req, tenant ?? null, 'device.list.read', { count: devices.length });
    return { devices: devices.map(presentDevice) };
  });

  app.post('/api/devices', async (req, reply) => {
    requireOperator(req, ['operator-admin']);
    const q = validate(tenantQuery, req.query, 'query');
    const bodyTenant = (req.body as { tenant?: unknown } | null)?.tenant;
    if (q.tenant !== undefined && bodyTenant !== q.tenant) {
      throw new ApiError(400, 'invalid-input', 'tenant: does not match the tenant of the request', 'tenant');
    }
    const { device, token } = await registry.addDevice(req.body as never);
    await auditChange(audit, req, { action: 'device.create', tenant: device.tenant, target: device.id });
    // The token is shown here once; only its hash is stored.
    return reply.status(201).send({ device: presentDevice(device), token });
  });

  app.get('/api/devices/:id', async (req) => {
    const { id } = validate(idParams, req.params, 'params');
    const device = await readableDevice(req, id, readScope(req));
    await auditCompanyRead(audit, req, device.tenant, 'device.read', { device: id });
    return { device: presentDevice(device) };
  });

  app.patch('/api/devices/:id', async (req) => {
    requireOperator(req, ['operator-admin']);
    const { id } = validate(idParams, req.params, 'params');
    const q = validate(tenantQuery, req.query, 'query');
    const device = await registry.updateDevice(id, req.body as never, q.tenant);
    await auditChange(audit, req, {
      action: 'device.update',
      tenant: device.tenant,
      target: device.id,
      detail: { changed: Object.keys((req.body as object | null) ?? {}) },
    });
    return { device: presentDevice(device) };
  });

  app.post('/api/devices/:id/token', async (req) => {
    requireOperator(req, ['operator-admin']);
    const { id } = validate(idParams, req.params, 'params');
    const q = validate(tenantQuery, req.query, 'query');
    const token = await registry.rotateToken(id, q.tenant);
    const device = await registry.getDevice(id, q.tenant);
    await auditChange(audit, req, {
      action: 'device.token.rotate',
      tenant: device?.tenant ?? null,
      target: id,
    });
    return { token };
  });

  app.get('/api/devices/:id/health', async (req) => {
    const { id } = validate(idParams, req.params, 'params');
    const tenant = readScope(req);
    const h = await registry.deviceHealth(id, tenant);
    if (!h || !canReadCompany(principalOf(req), h.tenant)) throw notFound();
    // Quarantined records of the last 24 h, from the event store (what the parsers refused).
    const since = new Date((deps.now ?? Date.now)() - 24 * 3_600_000).toISOString();
    const q24 = await deps.store.quarantineCounts(h.tenant, { from: since });
    const quarantined24h = q24.filter((r) => r.device === id).reduce((n, r) => n + r.n, 0);
    await auditCompanyRead(audit, req, h.tenant, 'device.health.read', { device: id });
    return { health: { ...presentHealth(h), quarantined_24h: quarantined24h } };
  });

  app.get('/api/health/devices', async (req) => {
    const tenant = readScope(req);
    const rows = filterReadable(principalOf(req), await registry.health(tenant), (h) => h.tenant);
    await auditOperatorRead(audit, req, tenant ?? null, 'device.health.list.read', { count: rows.length });
    return { devices: rows.map(presentHealth) };
  });
}
