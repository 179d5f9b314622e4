/** Every operator route through fastify.inject: 401, 400 per rule with the field, 404, other tenant, happy paths. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog } from '../accounts/audit.js';
import { openTestRegistry } from '../devices/backends.test-helper.js';
import type { DeviceRegistry } from '../devices/registry.js';
import type { EventStore, QuarantineCount } from '../storage/events/event-store.js';
import { buildApp } from './app.js';

const ADMIN = 'ota_' + 'a'.repeat(43);
const auth = { authorization: `Bearer ${ADMIN}` };

/** Only quarantineCounts is used by the operator API so far. */
function fakeStore(rows: QuarantineCount[] = []): EventStore {
  const unused = () => {
    throw new Error('not used by the operator API');
  };
  return {
    append: unused,
    appendEncoded: unused,
    committedBatches: unused,
    appendQuarantine: unused,
    counts: unused,
    search: unused,
    quarantineCounts: async () => rows,
    quarantined: unused,
    searchPage: unused,
    countEvents: unused,
    exportEvents: unused,
    top: unused,
    trafficMix: unused,
    programmeTotals: unused,
    tenantCounts: unused,
    openShareSession: unused,
    deleteBefore: unused,
    close: async () => undefined,
  };
}

describe('operator API', () => {
  let dir: string;
  let registry: DeviceRegistry;
  let closeState: () => Promise<void>;
  let app: FastifyInstance;
  let replayed: { device: string; lines: readonly string[] }[];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otasuke-api-'));
    ({ registry, close: closeState } = await openTestRegistry(dir, {
      flushIntervalMs: 0,
      refreshIntervalMs: 0,
    }));
    replayed = [];
    app = await buildApp({
      registry,
      db: registry.db,
      audit: auditLog(registry.db),
      store: fakeStore([{ device: 'fw1', format: 'fortigate', code: 'unparsable', n: 4 }]),
      adminToken: ADMIN,
      replay: async (device, lines) => {
        replayed.push({ device: device.id, lines });
        return lines.length;
      },
    });
  });
  afterEach(async () => {
    await app.close();
    await closeState();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown, headers = auth) =>
    app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  const add = async (body: Record<string, unknown>) => {
    const r = await call('POST', '/api/devices', body);
    expect(r.statusCode, r.body).toBe(201);
    return r.json() as { device: Record<string, unknown>; token: string };
  };

  const OPERATOR_ROUTES: ['GET' | 'POST' | 'PATCH', string][] = [
    ['GET', '/metrics'],
    ['GET', '/api/devices'],
    ['POST', '/api/devices'],
    ['GET', '/api/devices/fw1'],
    ['PATCH', '/api/devices/fw1'],
    ['POST', '/api/devices/fw1/token'],
    ['GET', '/api/devices/fw1/health'],
    ['GET', '/api/health/devices'],
    ['GET', '/api/unassigned'],
    ['POST', '/api/unassigned/192.0.2.1/assign'],
    ['GET', '/api/alerts?status=open'],
  ];

  it.each(OPERATOR_ROUTES)('%s %s answers 401 without or with a wrong token', async (method, url) => {
    for (const headers of [
      {},
      { authorization: 'Bearer wrong' },
      { authorization: ADMIN },
      { authorization: `Basic ${ADMIN}` },
    ]) {
      const r = await call(method, url, method === 'GET' ? undefined : {}, headers as typeof auth);
      expect(r.statusCode).toBe(401);
      expect(r.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    }
  });

  it('GET /api/health is public liveness', async () => {
    const r = await call('GET', '/api/health', undefined, {} as typeof auth);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ status: 'ok' });
  });

  it('GET /metrics serves Prometheus text with device gauges', async () => {
    await add({ id: 'fw1', tenant: 'acme' });
    const r = await call('GET', '/metrics');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/plain');
    expect(r.body).toContain('otasuke_records_received_total');
    expect(r.body).toContain('otasuke_device_silent{tenant="acme",device="fw1"} 0');
  });

  it('unknown routes answer a coded 404', async () => {
    const r = await call('GET', '/api/nope');
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('not-found');
  });

  it('POST /api/devices creates a device and shows the token once; GET lists and reads it', async () => {
    const { device, token } = await add({
      id: 'fw1',
      tenant: 'acme',
      sources: ['192.0.2.10'],
      format: 'fortigate',
    });
    expect(token).toMatch(/^otk_/);
    expect(device).toMatchObject({ id: 'fw1', tenant: 'acme', format: 'fortigate', has_token: true });
    expect(Object.keys(device).sort()).toEqual(
      [
        'created_at',
        'enabled',
        'format',
        'has_token',
        'hostnames',
        'id',
        'internal_networks',
        'last_seen_at',
        'silent_after_minutes',
        'sources',
        'tenant',
        'timezone',
        'tls_fingerprint',
        'updated_at',
      ].sort(),
    );
    const list = await call('GET', '/api/devices');
    expect(list.body).not.toContain(token);
    expect(list.body).not.toContain('token_hash');
    expect(list.json().devices.map((d: { id: string }) => d.id)).toEqual(['fw1']);
    expect((await call('GET', '/api/devices/fw1')).json().device.id).toBe('fw1');
  });

  it.each([
    [{ id: 'bad id', tenant: 'acme' }, 'id'],
    [{ tenant: 'acme' }, 'id'],
    [{ id: 'fw1' }, 'tenant'],
    [{ id: 'fw1', tenant: 'acme', sources: ['10.0.0.0/33'] }, 'sources.0'],
    [{ id: 'fw1', tenant: 'acme', sources: '192.0.2.1' }, 'sources'],
    [{ id: 'fw1', tenant: 'acme', hostnames: ['a b'] }, 'hostnames.0'],
    [{ id: 'fw1', tenant: 'acme', timezone: 'Nowhere/City' }, 'timezone'],
    [{ id: 'fw1', tenant: 'acme', format: 'nope' }, 'format'],
    [{ id: 'fw1', tenant: 'acme', internal_networks: ['x'] }, 'internal_networks.0'],
    [{ id: 'fw1', tenant: 'acme', tls_fingerprint: 'zz' }, 'tls_fingerprint'],
    [{ id: 'fw1', tenant: 'acme', enabled: 'yes' }, 'enabled'],
    [{ id: 'fw1', tenant: 'acme', silent_after_minutes: 0 }, 'silent_after_minutes'],
    [{ id: 'fw1', tenant: 'acme', token_hash: 'x' }, 'token_hash'],
  ])('POST /api/devices %j → 400 naming %s', async (body, field) => {
    const r = await call('POST', '/api/devices', body);
    expect(r.statusCode).toBe(400);
    expect(r.json().error).toMatchObject({ code: 'invalid-input', field });
  });

  it('POST /api/devices refuses malformed JSON, a tenant mismatch, duplicates and taken sources', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/devices',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: '{"id":',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid-body');
    expect(bad.body).not.toMatch(/at .*\.js/);
    const mismatch = await call('POST', '/api/devices?tenant=beta', { id: 'fw1', tenant: 'acme' });
    expect(mismatch.json().error).toMatchObject({ code: 'invalid-input', field: 'tenant' });
    await add({ id: 'fw1', tenant: 'acme', sources: ['192.0.2.10'] });
    const dup = await call('POST', '/api/devices', { id: 'fw1', tenant: 'beta' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('device-exists');
    const taken = await call('POST', '/api/devices', { id: 'fw2', tenant: 'beta', sources: ['192.0.2.10'] });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('source-taken');
    // The other company's device id does not leak through the conflict.
    expect(taken.body).not.toContain('fw1');
  });

  it('GET/PATCH/token/health of a device: 404 unknown, 404 for another tenant, 400 bad id', async () => {
    await add({ id: 'fw1', tenant: 'acme' });
    for (const [method, path] of [
      ['GET', ''],
      ['PATCH', ''],
      ['POST', '/token'],
      ['GET', '/health'],
    ] as const) {
      const payload = method === 'PATCH' ? { enabled: false } : method === 'POST' ? {} : undefined;
      const unknown = await call(method, `/api/devices/nope${path}`, payload);
      expect(unknown.statusCode, `${method} ${path}`).toBe(404);
      expect(unknown.json().error.code).toBe('device-not-found');
      const other = await call(method, `/api/devices/fw1${path}?tenant=beta`, payload);
      expect(other.statusCode, `${method} ${path} other tenant`).toBe(404);
      expect(other.body).not.toContain('acme');
      const badId = await call(method, `/api/devices/${encodeURIComponent('a b')}${path}`, payload);
      expect(badId.json().error).toMatchObject({ code: 'invalid-input', field: 'id' });
      const badQuery = await call(
        method,
        `/api/devices/fw1${path}?tenant=${encodeURIComponent('x y')}`,
        payload,
      );
      expect(badQuery.json().error).toMatchObject({ code: 'invalid-input', field: 'tenant' });
    }
  });

  it('PATCH /api/devices/:id changes fields and validates them', async () => {
    await add({ id: 'fw1', tenant: 'acme' });
    const r = await call('PATCH', '/api/devices/fw1?tenant=acme', {
      hostnames: ['FW1'],
      silent_after_minutes: 30,
    });
    expect(r.statusCode).toBe(200);
    expect(r.json().device).toMatchObject({ hostnames: ['fw1'], silent_after_minutes: 30 });
    for (const [body, field] of [
      [{ tenant: 'beta' }, 'tenant'],
      [{ timezone: 'x' }, 'timezone'],
      [{ sources: ['nope'] }, 'sources.0'],
      [{ enabled: 1 }, 'enabled'],
    ] as const) {
      const bad = await call('PATCH', '/api/devices/fw1', body);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error).toMatchObject({ code: 'invalid-input', field });
    }
    expect((await call('PATCH', '/api/devices/fw1', {})).json().error.code).toBe('invalid-input');
  });

  it('POST /api/devices/:id/token rotates the ingest token', async () => {
    const { token } = await add({ id: 'fw1', tenant: 'acme' });
    const r = await call('POST', '/api/devices/fw1/token', {});
    expect(r.statusCode).toBe(200);
    const fresh = r.json().token as string;
    expect(fresh).toMatch(/^otk_[A-Za-z0-9_-]{32}$/);
    expect(registry.resolve({ address: '::1', hostname: null, token })).toBeNull();
    expect(registry.resolve({ address: '::1', hostname: null, token: fresh })?.id).toBe('fw1');
  });

  it('GET /api/devices/:id/health and /api/health/devices report activity, tenant first', async () => {
    await add({ id: 'fw1', tenant: 'acme' });
    await add({ id: 'fw2', tenant: 'beta' });
    registry.noteSeen('fw1', { records: 7, errors: 1 }, Date.now());
    const one = await call('GET', '/api/devices/fw1/health');
    expect(one.statusCode).toBe(200);
    expect(one.json().health).toMatchObject({
      device: 'fw1',
      records_last_hour: 7,
      errors_last_hour: 1,
      silent: false,
      quarantined_24h: 4,
    });
    expect(one.json().health.hourly).toHaveLength(24);
    const all = await call('GET', '/api/health/devices');
    expect(all.json().devices.map((d: { device: string }) => d.device)).toEqual(['fw1', 'fw2']);
    const beta = await call('GET', '/api/health/devices?tenant=beta');
    expect(beta.json().devices.map((d: { device: string }) => d.device)).toEqual(['fw2']);
    const bad = await call('GET', '/api/health/devices?colour=red');
    expect(bad.json().error).toMatchObject({ code: 'invalid-input', field: 'colour' });
  });

  it('GET /api/devices filters by tenant and validates the filter', async () => {
    await add({ id: 'fw1', tenant: 'acme' });
    await add({ id: 'fw2', tenant: 'beta' });
    expect(
      (await call('GET', '/api/devices?tenant=beta')).json().devices.map((d: { id: string }) => d.id),
    ).toEqual(['fw2']);
    const bad = await call('GET', '/api/devices?tenant=' + encodeURIComponent('../x'));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('tenant');
  });

  it('GET /api/unassigned and POST /api/unassigned/:address/assign replay the samples', async () => {
    await add({ id: 'fw1', tenant: 'acme' });
    registry.noteUnassigned({ address: '203.0.113.9', hostname: 'branch' }, ['s1', 's2'], Date.now());
    const list = await call('GET', '/api/unassigned');
    expect(list.json().sources).toEqual([
      expect.objectContaining({
        address: '203.0.113.9',
        hostname: 'branch',
        count: 2,
        samples: ['s1', 's2'],
      }),
    ]);
    expect((await call('GET', '/api/unassigned?tenant=acme')).json().error).toMatchObject({
      field: 'tenant',
    });
    const noBody = await call('POST', '/api/unassigned/203.0.113.9/assign', {});
    expect(noBody.json().error).toMatchObject({ code: 'invalid-input', field: 'device' });
    const badDev = await call('POST', '/api/unassigned/203.0.113.9/assign', { device: 'a b' });
    expect(badDev.json().error).toMatchObject({ code: 'invalid-input', field: 'device' });
    const badAddr = await call('POST', '/api/unassigned/not-an-ip/assign', { device: 'fw1' });
    expect(badAddr.json().error).toMatchObject({ code: 'invalid-input', field: 'address' });
    const unknownAddr = await call('POST', '/api/unassigned/198.51.100.1/assign', { device: 'fw1' });
    expect(unknownAddr.statusCode).toBe(404);
    expect(unknownAddr.json().error.code).toBe('unassigned-not-found');
    const unknownDev = await call('POST', '/api/unassigned/203.0.113.9/assign', { device: 'nope' });
    expect(unknownDev.statusCode).toBe(404);
    const otherTenant = await call('POST', '/api/unassigned/203.0.113.9/assign?tenant=beta', {
      device: 'fw1',
    });
    expect(otherTenant.statusCode).toBe(404);
    const ok = await call('POST', '/api/unassigned/203.0.113.9/assign', { device: 'fw1' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ assigned: '203.0.113.9', samples: 2, replayed: 2 });
    expect(ok.json().device.sources).toEqual(['203.0.113.9']);
    expect(replayed).toEqual([{ device: 'fw1', lines: ['s1', 's2'] }]);
    expect((await call('GET', '/api/unassigned')).json().sources).toEqual([]);
  });

  it('GET /api/alerts lists device-silent alerts by status and tenant', async () => {
    await add({ id: 'fw1', tenant: 'acme', silent_after_minutes: 5 });
    await add({ id: 'fw2', tenant: 'beta', silent_after_minutes: 5 });
    await registry.checkSilence(Date.now() + 10 * 60_000);
    const open = await call('GET', '/api/alerts?status=open');
    expect(open.json().alerts).toHaveLength(2);
    const acme = await call('GET', '/api/alerts?status=open&tenant=acme');
    expect(acme.json().alerts).toEqual([
      expect.objectContaining({
        tenant: 'acme',
        device: 'fw1',
        kind: 'device-silent',
        status: 'open',
        cleared_at: null,
      }),
    ]);
    expect((await call('GET', '/api/alerts?status=cleared')).json().alerts).toEqual([]);
    const bad = await call('GET', '/api/alerts?status=maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid-input', field: 'status' });
  });
  describe('tenant isolation (?tenant= scoping)', () => {
    const FP = 'ab'.repeat(32);
    /** The other company's name, device id and certificate (an address the caller typed may be echoed). */
    const noLeak = (body: string) => {
      for (const secret of ['acme', 'fw1', FP]) expect(body).not.toContain(secret);
    };

    it("another tenant's device id answers 404 and nothing changes", async () => {
      const { token } = await add({
        id: 'fw1',
        tenant: 'acme',
        sources: ['192.0.2.10'],
        tls_fingerprint: FP,
      });
      const get = await call('GET', '/api/devices/fw1?tenant=beta');
      expect(get.statusCode).toBe(404);
      expect(get.json()).toEqual({ error: { code: 'device-not-found', message: expect.any(String) } });
      noLeak(get.body);
      const patch = await call('PATCH', '/api/devices/fw1?tenant=beta', { enabled: false, sources: [] });
      expect(patch.statusCode).toBe(404);
      noLeak(patch.body);
      const rotate = await call('POST', '/api/devices/fw1/token?tenant=beta', {});
      expect(rotate.statusCode).toBe(404);
      noLeak(rotate.body);
      expect(rotate.body).not.toContain('otk_');
      const health = await call('GET', '/api/devices/fw1/health?tenant=beta');
      expect(health.statusCode).toBe(404);
      noLeak(health.body);
      // untouched: still enabled, same sources, the old token still authenticates
      const same = (await call('GET', '/api/devices/fw1?tenant=acme')).json().device;
      expect(same).toMatchObject({ enabled: true, sources: ['192.0.2.10'] });
      expect(registry.resolve({ address: '::1', hostname: null, token })?.id).toBe('fw1');
    });

    it('lists, health and alerts of one tenant show nothing of another', async () => {
      await add({ id: 'fw1', tenant: 'acme', silent_after_minutes: 5 });
      await registry.checkSilence(Date.now() + 10 * 60_000);
      for (const url of [
        '/api/devices?tenant=beta',
        '/api/health/devices?tenant=beta',
        '/api/alerts?tenant=beta',
        '/api/alerts?tenant=beta&device=fw1',
        '/api/alerts?tenant=beta&status=open',
      ]) {
        const r = await call('GET', url);
        expect(r.statusCode, url).toBe(200);
        expect(Object.values(r.json())[0], url).toEqual([]);
        noLeak(r.body);
      }
      expect((await call('GET', '/api/alerts?tenant=acme&device=fw1')).json().alerts).toHaveLength(1);
    });

    it("assigning an unassigned source to another tenant's device is 404 and leaves it unassigned", async () => {
      await add({ id: 'fw1', tenant: 'acme' });
      registry.noteUnassigned({ address: '203.0.113.9', hostname: null }, ['s1'], Date.now());
      const r = await call('POST', '/api/unassigned/203.0.113.9/assign?tenant=beta', { device: 'fw1' });
      expect(r.statusCode).toBe(404);
      expect(r.json().error.code).toBe('device-not-found');
      noLeak(r.body);
      expect(replayed).toEqual([]);
      expect((await call('GET', '/api/unassigned')).json().sources).toHaveLength(1);
      expect((await call('GET', '/api/devices/fw1')).json().device.sources).toEqual([]);
    });

    it("conflicts with another tenant's source or certificate do not name it", async () => {
      await add({ id: 'fw1', tenant: 'acme', sources: ['192.0.2.10'], tls_fingerprint: FP });
      await add({ id: 'fw2', tenant: 'beta' });
      const src = await call('PATCH', '/api/devices/fw2?tenant=beta', { sources: ['192.0.2.10'] });
      expect(src.statusCode).toBe(409);
      expect(src.json().error.code).toBe('source-taken');
      noLeak(src.body);
      const fp = await call('PATCH', '/api/devices/fw2?tenant=beta', { tls_fingerprint: FP.toUpperCase() });
      expect(fp.statusCode).toBe(409);
      expect(fp.json().error.code).toBe('fingerprint-taken');
      noLeak(fp.body);
      const created = await call('POST', '/api/devices?tenant=beta', {
        id: 'fw3',
        tenant: 'beta',
        sources: ['192.0.2.0/24'],
      });
      // a block around another tenant's address: allowed or refused, it never names the other device
      noLeak(created.body);
    });

    it.each([
      ['GET', '/api/alerts?device=' + encodeURIComponent('a b'), 'device'],
      ['GET', '/api/alerts?tenant=' + encodeURIComponent('../x'), 'tenant'],
      ['GET', '/api/alerts?kind=device-silent', 'kind'],
      ['GET', '/api/devices?tenant=beta&x=1', 'x'],
      ['GET', '/api/devices/fw1/health?since=1', 'since'],
      ['GET', '/api/unassigned?x=1', 'x'],
      ['POST', '/api/unassigned/203.0.113.9/assign?tenant=' + encodeURIComponent('x y'), 'tenant'],
      ['POST', '/api/devices/fw1/token?x=1', 'x'],
      ['PATCH', '/api/devices/fw1?tenant=', 'tenant'],
    ] as const)('%s %s → 400 naming %s', async (method, url, field) => {
      await add({ id: 'fw1', tenant: 'acme' });
      const payload =
        method === 'GET' ? undefined : method === 'PATCH' ? { enabled: false } : { device: 'fw1' };
      const r = await call(method, url, payload);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().error).toMatchObject({ code: 'invalid-input', field });
    });

    it('POST /api/unassigned/:address/assign refuses unknown body fields and a non-object body', async () => {
      registry.noteUnassigned({ address: '203.0.113.9', hostname: null }, ['s1'], Date.now());
      await add({ id: 'fw1', tenant: 'acme' });
      const extra = await call('POST', '/api/unassigned/203.0.113.9/assign', {
        device: 'fw1',
        tenant: 'beta',
      });
      expect(extra.json().error).toMatchObject({ code: 'invalid-input', field: 'tenant' });
      const arr = await call('POST', '/api/unassigned/203.0.113.9/assign', ['fw1']);
      expect(arr.statusCode).toBe(400);
    });
  });
});
