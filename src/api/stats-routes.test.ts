/** GET /api/stats (real DuckDB store) and the public status page at GET /. */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../test/helpers/events.js';
import { auditLog } from '../accounts/audit.js';
import { openTestRegistry } from '../devices/backends.test-helper.js';
import type { DeviceRegistry } from '../devices/registry.js';
import { DuckDbEventStore } from '../storage/events/duckdb/duckdb-store.js';
import { buildApp } from './app.js';

const ADMIN = `ota_${'b'.repeat(43)}`;
const auth = { authorization: `Bearer ${ADMIN}` };

describe('GET /api/stats and GET /', () => {
  let dir: string;
  let registry: DeviceRegistry;
  let closeState: () => Promise<void>;
  let store: DuckDbEventStore;
  let app: FastifyInstance;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'otasuke-stats-'));
    ({ registry, close: closeState } = await openTestRegistry(dir, {
      flushIntervalMs: 0,
      refreshIntervalMs: 0,
    }));
    store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb') });
    await store.append([
      makeEvent({ tenant: 'acme', category: 'virus', channel: 'web' }),
      makeEvent({ tenant: 'acme', category: 'spam' }),
      makeEvent({ tenant: 'rival', category: 'recon', raw: 'rival secret' }),
    ]);
    await registry.addDevice({ id: 'fw-acme', tenant: 'acme', sources: ['192.0.2.10'] });
    app = await buildApp({
      registry,
      db: registry.db,
      audit: auditLog(registry.db),
      store,
      adminToken: ADMIN,
      listeners: () => ['syslog udp 0.0.0.0:5514'],
    });
  });
  afterAll(async () => {
    await app.close();
    await closeState();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('401 without the operator token', async () => {
    expect((await app.inject({ url: '/api/stats?tenant=acme' })).statusCode).toBe(401);
  });

  it('400 naming the field for a missing tenant, a bad date or an unknown field', async () => {
    for (const [url, field] of [
      ['/api/stats', 'tenant'],
      ['/api/stats?tenant=acme&from=yesterday', 'from'],
      ['/api/stats?tenant=a%20b', 'tenant'],
      ['/api/stats?tenant=acme&x=1', 'x'],
    ]) {
      const r = await app.inject({ url, headers: auth });
      expect(r.statusCode, url).toBe(400);
      expect(r.json().error.field, url).toBe(field);
    }
  });

  it('returns the stats contract for one company only', async () => {
    const r = await app.inject({ url: '/api/stats?tenant=acme', headers: auth });
    expect(r.statusCode).toBe(200);
    const s = r.json();
    expect(Object.keys(s)).toEqual([
      'tenant',
      'from',
      'to',
      'events',
      'quarantined',
      'items',
      'virus_by_channel',
    ]);
    expect(s).toMatchObject({ tenant: 'acme', events: 2, items: { virus: 1, spam: 1, recon: 0 } });
    expect(s.virus_by_channel.web).toBe(1);
    expect(JSON.stringify(s)).not.toContain('rival');
  });

  it('the status page is public, Japanese by default, English on request, and shows no company data', async () => {
    const ja = await app.inject({ url: '/status' });
    expect(ja.statusCode).toBe(200);
    expect(ja.headers['content-type']).toContain('text/html');
    expect(ja.body).toContain('サービスは稼働中です');
    expect(ja.body).toContain('syslog udp 0.0.0.0:5514');
    expect(ja.body).not.toContain('acme');
    expect(ja.body).not.toContain('fw-acme');
    const en = await app.inject({ url: '/status?lang=en' });
    expect(en.body).toContain('The service is running');
    const al = await app.inject({ url: '/status', headers: { 'accept-language': 'en-US,en;q=0.9' } });
    expect(al.body).toContain('<html lang="en">');
  });
});
