/**
 * Devices, unassigned sources, alerts and stats by role: reads for staff who may read the
 * company (engineers and experts: assigned companies only), changes for operator-admin,
 * stats also for the company's own users; operator reads are audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCompany,
  openTestApp,
  type TestApp,
  type TestSession,
  userSession,
} from '../helpers/accounts.js';
import { makeEvent } from '../helpers/events.js';

describe('operator routes by role and company', () => {
  let t: TestApp;
  let analyst: TestSession;
  let engineer: TestSession;
  let alphaViewer: TestSession;
  let op: TestSession;

  beforeAll(async () => {
    t = await openTestApp({
      events: [
        makeEvent({ tenant: 'alpha', device: 'fw-alpha', category: 'virus', channel: 'web' }),
        makeEvent({ tenant: 'beta', device: 'fw-beta', category: 'recon', domain: 'beta-secret.example' }),
      ],
    });
    await createCompany(t.db, { id: 'alpha', name: 'Alpha' });
    await createCompany(t.db, { id: 'beta', name: 'Beta' });
    await t.registry.addDevice({ id: 'fw-alpha', tenant: 'alpha', sources: ['192.0.2.10'] });
    await t.registry.addDevice({ id: 'fw-beta', tenant: 'beta', sources: ['192.0.2.20'] });
    op = (await userSession(t, { login: 'root', role: 'operator-admin' })).session;
    analyst = (await userSession(t, { login: 'soc', role: 'analyst' })).session;
    engineer = (await userSession(t, { login: 'field', role: 'engineer', assigned: ['alpha'] })).session;
    alphaViewer = (await userSession(t, { login: 'a-view', role: 'company-viewer', tenant: 'alpha' }))
      .session;
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, s: TestSession) => t.app.inject({ url, headers: s.headers });

  it('an analyst reads every company but changes nothing', async () => {
    const list = await get('/api/devices', analyst);
    expect(list.json().devices.map((d: { id: string }) => d.id)).toEqual(['fw-alpha', 'fw-beta']);
    expect((await get('/api/devices/fw-beta/health', analyst)).statusCode).toBe(200);
    expect((await get('/api/unassigned', analyst)).statusCode).toBe(200);
    for (const [method, url, payload] of [
      ['POST', '/api/devices', { id: 'fw-new', tenant: 'alpha' }],
      ['PATCH', '/api/devices/fw-alpha', { timezone: 'UTC' }],
      ['POST', '/api/devices/fw-alpha/token', {}],
      ['POST', '/api/unassigned/192.0.2.99/assign', { device: 'fw-alpha' }],
    ] as const) {
      const r = await t.app.inject({ method, url, headers: analyst.unsafe, payload });
      expect(r.statusCode, url).toBe(403);
      expect(r.json().error.code).toBe('forbidden');
    }
    expect((await get('/metrics', analyst)).statusCode).toBe(403);
  });

  it('operator-admin changes devices, audited', async () => {
    const r = await t.app.inject({
      method: 'PATCH',
      url: '/api/devices/fw-alpha',
      headers: op.unsafe,
      payload: { timezone: 'UTC' },
    });
    expect(r.statusCode, r.body).toBe(200);
    const rot = await t.app.inject({
      method: 'POST',
      url: '/api/devices/fw-alpha/token',
      headers: op.unsafe,
    });
    expect(rot.statusCode).toBe(200);
    const rows = await t.db
      .selectFrom('audit_log')
      .select(['action', 'tenant', 'target'])
      .where('action', 'in', ['device.update', 'device.token.rotate'])
      .execute();
    expect(rows).toEqual(
      expect.arrayContaining([
        { action: 'device.update', tenant: 'alpha', target: 'fw-alpha' },
        { action: 'device.token.rotate', tenant: 'alpha', target: 'fw-alpha' },
      ]),
    );
    expect((await get('/metrics', op)).statusCode).toBe(200);
  });

  it('an engineer sees assigned companies only; others are "not found"', async () => {
    const list = await get('/api/devices', engineer);
    expect(list.json().devices.map((d: { id: string }) => d.id)).toEqual(['fw-alpha']);
    const health = await get('/api/health/devices', engineer);
    expect(health.json().devices.map((d: { device: string }) => d.device)).toEqual(['fw-alpha']);
    for (const url of [
      '/api/devices?tenant=beta',
      '/api/devices/fw-beta',
      '/api/devices/fw-beta/health',
      '/api/health/devices?tenant=beta',
      '/api/alerts?tenant=beta',
      '/api/stats?tenant=beta',
    ]) {
      const r = await get(url, engineer);
      expect(r.statusCode, url).toBe(404);
      expect(r.body, url).not.toMatch(/beta-secret|192\.0\.2\.20/);
    }
    expect((await get('/api/devices/fw-alpha', engineer)).statusCode).toBe(200);
    expect((await get('/api/stats?tenant=alpha', engineer)).statusCode).toBe(200);
    expect((await get('/api/unassigned', engineer)).statusCode).toBe(403);
  });

  it('company users read their own stats only, and no device routes', async () => {
    const own = await get('/api/stats?tenant=alpha', alphaViewer);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ tenant: 'alpha', events: 1 });
    const other = await get('/api/stats?tenant=beta', alphaViewer);
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('recon');
    for (const url of [
      '/api/devices',
      '/api/devices?tenant=alpha',
      '/api/alerts',
      '/api/unassigned',
      '/api/health/devices',
    ]) {
      expect((await get(url, alphaViewer)).statusCode, url).toBe(403);
    }
  });

  it('operator reads write audit entries; company users reading their own do not', async () => {
    await t.db.deleteFrom('audit_log').execute();
    await get('/api/stats?tenant=beta', analyst);
    await get('/api/devices/fw-beta', analyst);
    await get('/api/alerts?tenant=beta', analyst);
    await get('/api/stats?tenant=alpha', alphaViewer);
    const rows = await t.db.selectFrom('audit_log').select(['action', 'tenant', 'actor_login']).execute();
    expect(rows).toEqual([
      { action: 'company.stats.read', tenant: 'beta', actor_login: 'soc' },
      { action: 'device.read', tenant: 'beta', actor_login: 'soc' },
      { action: 'alert.list.read', tenant: 'beta', actor_login: 'soc' },
    ]);
  });
});
