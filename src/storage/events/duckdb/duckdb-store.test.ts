import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../../../test/helpers/events.js';
import { eventStoreContract } from '../contract.case.js';
import { DuckDbEventStore } from './duckdb-store.js';
import { EVENTS_DDL } from './schema.js';

const dir = mkdtempSync(join(tmpdir(), 'otasuke-duck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

eventStoreContract('duckdb', () =>
  DuckDbEventStore.open({ path: join(dir, `events-${n++}.duckdb`), threads: 2 }),
);

describe('DuckDB data folders written before the action dimension and the top rollup', () => {
  it('rebuilds the rollups from the events once, on open', async () => {
    const path = join(dir, 'old.duckdb');
    // the schema as released before: rollup_hourly without `action`, no rollup_top_daily
    const inst = await DuckDBInstance.create(path);
    const conn = await inst.connect();
    await conn.run(EVENTS_DDL);
    await conn.run(`CREATE TABLE rollup_hourly (
      tenant VARCHAR NOT NULL, device VARCHAR NOT NULL, hour TIMESTAMP NOT NULL, category VARCHAR NOT NULL,
      channel VARCHAR NOT NULL, threat_family VARCHAR NOT NULL, kind VARCHAR NOT NULL, vendor VARCHAR NOT NULL,
      n BIGINT NOT NULL, PRIMARY KEY (tenant, device, hour, category, channel, threat_family, kind, vendor))`);
    await conn.run(`INSERT INTO events (ts, tenant, device, vendor, kind, action, direction, src_ip, category, app, raw)
      VALUES ('2026-01-15 03:10:00', 'acme', 'fw1', 'fortigate', 'traffic', 'block', 'outbound', '192.168.1.5', 'online-storage', 'Dropbox', 'r'),
             ('2026-01-15 03:20:00', 'acme', 'fw1', 'fortigate', 'traffic', 'allow', 'outbound', '192.168.1.5', 'online-storage', 'Dropbox', 'r'),
             ('2026-01-15 03:30:00', 'acme', 'fw1', 'fortigate', 'traffic', 'allow', 'outbound', '192.168.1.6', NULL, NULL, 'r')`);
    await conn.run(`INSERT INTO rollup_hourly VALUES
      ('acme', 'fw1', '2026-01-15 03:00:00', 'online-storage', '', '', 'traffic', 'fortigate', 2),
      ('acme', 'fw1', '2026-01-15 03:00:00', '', '', '', 'traffic', 'fortigate', 1)`);
    conn.closeSync();
    inst.closeSync();

    const store = await DuckDbEventStore.open({ path, threads: 2 });
    try {
      expect(await store.counts('acme', { groupBy: ['action'] })).toEqual([
        { keys: { action: 'allow' }, n: 2 },
        { keys: { action: 'block' }, n: 1 },
      ]);
      expect(await store.top('acme', { categories: ['online-storage'], by: 'service' })).toEqual([
        { category: 'online-storage', key: 'Dropbox', n: 2 },
      ]);
      // new writes go on top of the rebuilt rollups
      await store.append([
        makeEvent({ ts: '2026-01-15T03:40:00.000Z', category: 'online-storage', app: 'Dropbox' }),
      ]);
      expect(await store.top('acme', { categories: ['online-storage'], by: 'service' })).toEqual([
        { category: 'online-storage', key: 'Dropbox', n: 3 },
      ]);
    } finally {
      await store.close();
    }
    // a second open finds nothing to migrate and keeps the counts
    const again = await DuckDbEventStore.open({ path, threads: 2 });
    expect(await again.counts('acme', { groupBy: [] })).toEqual([{ keys: {}, n: 4 }]);
    await again.close();
  });

  it('finishes a rebuild that a crash interrupted (the pending mark stays until the rollup is whole)', async () => {
    const path = join(dir, 'interrupted.duckdb');
    const store = await DuckDbEventStore.open({ path, threads: 2 });
    await store.append([makeEvent({ category: 'sns-webmail', app: 'LINE' })]);
    await store.close();
    // as left by a crash after the new table and its mark committed, before the rebuild did
    const inst = await DuckDBInstance.create(path);
    const conn = await inst.connect();
    await conn.run('DELETE FROM rollup_top_daily');
    await conn.run(`INSERT INTO store_meta VALUES ('rebuild:rollup_top_daily', 'pending')`);
    conn.closeSync();
    inst.closeSync();
    const reopened = await DuckDbEventStore.open({ path, threads: 2 });
    expect(await reopened.top('acme', { categories: ['sns-webmail'], by: 'service' })).toEqual([
      { category: 'sns-webmail', key: 'LINE', n: 1 },
    ]);
    await reopened.close();
  });
});
