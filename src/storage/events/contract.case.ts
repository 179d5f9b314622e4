/**
 * The EventStore contract: every backend runs this suite (DuckDB always; ClickHouse
 * when OTASUKE_TEST_CLICKHOUSE_URL is set).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeEvent } from '../../../test/helpers/events.js';
import type { NormalizedEvent } from '../../event/event.js';
import { encodeBatch } from './encode.js';
import type { EventStore, ShareColumn } from './event-store.js';

async function collect(it: AsyncIterable<NormalizedEvent>): Promise<NormalizedEvent[]> {
  const out: NormalizedEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

/** Rows of a Parquet file as plain objects (read by an in-memory DuckDB, whatever the store). */
async function readParquet(file: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  try {
    const res = await conn.runAndReadAll(`SELECT * FROM read_parquet('${file.replace(/'/g, "''")}')`);
    return res
      .getRowObjectsJS()
      .map((r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [
            k,
            typeof v === 'bigint' ? Number(v) : v instanceof Date ? v.toISOString() : v,
          ]),
        ),
      );
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

export function eventStoreContract(name: string, open: () => Promise<EventStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('round-trips every field, including quotes, commas, Japanese text and empty strings', async () => {
      const e = makeEvent({
        threat: 'Eicar "test", file',
        url: 'http://example.com/a,b?q="x"',
        user: '山田 太郎',
        app: '',
        raw: 'date=2026-01-15 msg="ウイルス検出, 隔離しました"',
        bytes_in: 5_000_000_000,
      });
      await store.append([e]);
      const got = await collect(store.search('acme', {}));
      expect(got).toEqual([e]);
    });

    it('counts by category and channel from rollups and raw events alike', async () => {
      const evs = [
        makeEvent({ ts: '2026-01-15T03:10:00.000Z', category: 'virus', channel: 'web' }),
        makeEvent({ ts: '2026-01-15T04:20:00.000Z', category: 'virus', channel: 'mail-receive' }),
        makeEvent({ ts: '2026-01-15T04:25:00.000Z', category: 'spam' }),
        makeEvent({ ts: '2026-01-15T05:59:59.999Z', category: null }),
      ];
      await store.append(evs.slice(0, 2));
      await store.append(evs.slice(2));
      const all = await store.counts('acme', { groupBy: ['category'] });
      expect(Object.fromEntries(all.map((r) => [String(r.keys.category), r.n]))).toEqual({
        virus: 2,
        spam: 1,
        null: 1,
      });
      // partial hours at both edges come from the events table
      const part = await store.counts('acme', {
        from: '2026-01-15T03:30:00.000Z',
        to: '2026-01-15T04:22:00.000Z',
        groupBy: ['channel'],
      });
      expect(part).toEqual([{ keys: { channel: 'mail-receive' }, n: 1 }]);
      const byHour = await store.counts('acme', { groupBy: ['hour'], category: 'virus' });
      expect(byHour.map((r) => r.keys.hour).sort()).toEqual([
        '2026-01-15T03:00:00.000Z',
        '2026-01-15T04:00:00.000Z',
      ]);
    });

    it('keeps tenants apart in counts, search and quarantine', async () => {
      await store.append([makeEvent({ tenant: 'acme' }), makeEvent({ tenant: 'other', category: 'virus' })]);
      await store.appendQuarantine([
        {
          received: '2026-01-15T00:00:00.000Z',
          tenant: 'other',
          device: 'fw9',
          format: null,
          code: 'binary',
          message: 'x',
          raw: 'secret of other',
        },
      ]);
      expect(await store.counts('acme', { groupBy: ['category'] })).toEqual([
        { keys: { category: null }, n: 1 },
      ]);
      expect((await collect(store.search('acme', { text: 'raw' }))).every((e) => e.tenant === 'acme')).toBe(
        true,
      );
      expect(await store.quarantined('acme', {})).toEqual([]);
      expect(await store.quarantineCounts('acme', {})).toEqual([]);
      expect(await store.quarantineCounts('other', {})).toEqual([
        { device: 'fw9', format: null, code: 'binary', n: 1 },
      ]);
    });

    it('searches by ip, text, category and time, newest first, with a limit', async () => {
      await store.append([
        makeEvent({ ts: '2026-01-15T01:00:00.000Z', src_ip: '192.168.1.20', threat: 'WannaCry.KillSwitch' }),
        makeEvent({ ts: '2026-01-15T02:00:00.000Z', dst_ip: '198.51.100.9', category: 'recon' }),
        makeEvent({ ts: '2026-01-15T03:00:00.000Z' }),
      ]);
      expect((await collect(store.search('acme', { ip: '198.51.100.9' }))).map((e) => e.ts)).toEqual([
        '2026-01-15T02:00:00.000Z',
      ]);
      expect((await collect(store.search('acme', { text: 'wannacry' }))).length).toBe(1);
      expect((await collect(store.search('acme', { category: 'recon' }))).length).toBe(1);
      const two = await collect(store.search('acme', { limit: 2 }));
      expect(two.map((e) => e.ts)).toEqual(['2026-01-15T03:00:00.000Z', '2026-01-15T02:00:00.000Z']);
      expect((await collect(store.search('acme', { to: '2026-01-15T01:30:00.000Z' }))).length).toBe(1);
    });

    it('deletes by age (retention) and keeps rollups consistent', async () => {
      await store.append([
        makeEvent({ ts: '2025-10-01T00:00:00.000Z', category: 'spam' }),
        makeEvent({ ts: '2026-01-15T00:00:00.000Z', category: 'spam' }),
      ]);
      expect(await store.deleteBefore(new Date('2026-01-01T00:00:00.000Z'))).toBe(1);
      expect(await store.counts('acme', { groupBy: ['category'] })).toEqual([
        { keys: { category: 'spam' }, n: 1 },
      ]);
    });

    it('skips a batch id it has already committed (idempotent spool replay)', async () => {
      const batch = encodeBatch([makeEvent({ category: 'spam' })]);
      expect(await store.appendEncoded(batch, { batchId: 'spool-1-0' })).toBe(true);
      expect(await store.appendEncoded(batch, { batchId: 'spool-1-0' })).toBe(false);
      expect(await store.committedBatches(['spool-1-0', 'spool-1-1'])).toEqual(new Set(['spool-1-0']));
      expect(await store.counts('acme', { groupBy: [] })).toEqual([{ keys: {}, n: 1 }]);
    });

    it('reports quarantine counts per device, format and code', async () => {
      const q = (code: string, format: string | null) => ({
        received: '2026-01-15T00:00:00.000Z',
        tenant: 'acme',
        device: 'fw1',
        format,
        code,
        message: 'm',
        raw: 'r',
      });
      await store.appendQuarantine([
        q('truncated', 'fortigate'),
        q('truncated', 'fortigate'),
        q('binary', null),
      ]);
      expect(await store.quarantineCounts('acme', {})).toEqual([
        { device: 'fw1', format: 'fortigate', code: 'truncated', n: 2 },
        { device: 'fw1', format: null, code: 'binary', n: 1 },
      ]);
      expect((await store.quarantined('acme', { code: 'binary' })).map((r) => r.raw)).toEqual(['r']);
    });

    it('counts by action and by Japan calendar day', async () => {
      await store.append([
        makeEvent({ ts: '2026-01-15T14:30:00.000Z', category: 'harmful-web', action: 'block' }),
        makeEvent({ ts: '2026-01-15T15:30:00.000Z', category: 'harmful-web', action: 'block' }),
        makeEvent({ ts: '2026-01-15T15:40:00.000Z', category: 'harmful-web', action: 'allow' }),
      ]);
      const byAction = await store.counts('acme', { groupBy: ['action'], category: 'harmful-web' });
      expect(byAction).toEqual([
        { keys: { action: 'block' }, n: 2 },
        { keys: { action: 'allow' }, n: 1 },
      ]);
      expect(await store.counts('acme', { groupBy: [], action: 'allow' })).toEqual([{ keys: {}, n: 1 }]);
      const byDay = await store.counts('acme', { groupBy: ['jst_day'] });
      expect(Object.fromEntries(byDay.map((r) => [r.keys.jst_day, r.n]))).toEqual({
        '2026-01-14T15:00:00.000Z': 1,
        '2026-01-15T15:00:00.000Z': 2,
      });
    });

    describe('event search pages', () => {
      const base = Date.parse('2026-01-15T03:00:00.000Z');
      const at = (ms: number) => new Date(ms).toISOString();

      it('filters by category, action, ip, domain (exact or sub-domain) and threat', async () => {
        await store.append([
          makeEvent({ ts: at(base), category: 'harmful-web', action: 'block', domain: 'Casino.Example.com' }),
          makeEvent({ ts: at(base + 1), category: 'harmful-web', action: 'allow', domain: 'example.com' }),
          makeEvent({ ts: at(base + 2), domain: 'notexample.com', dst_ip: '198.51.100.7' }),
          makeEvent({
            ts: at(base + 3),
            category: 'virus',
            threat: 'W32/Emotet.ABC!tr',
            src_ip: '192.168.1.77',
          }),
          makeEvent({ ts: at(base + 4), tenant: 'other', category: 'virus', threat: 'Emotet' }),
        ]);
        const ts = async (q: object) => (await store.searchPage('acme', q)).events.map((e) => e.ts);
        expect(await ts({ category: 'harmful-web' })).toEqual([at(base + 1), at(base)]);
        expect(await ts({ action: 'block' })).toEqual([at(base)]);
        expect(await ts({ ip: '198.51.100.7' })).toEqual([at(base + 2)]);
        expect(await ts({ ip: '192.168.1.77' })).toEqual([at(base + 3)]);
        expect(await ts({ domain: 'example.com' })).toEqual([at(base + 1), at(base)]);
        expect(await ts({ domain: 'casino.example.com' })).toEqual([at(base)]);
        expect(await ts({ threat: 'emotet' })).toEqual([at(base + 3)]);
        expect(await ts({ from: at(base + 1), to: at(base + 3) })).toEqual([at(base + 2), at(base + 1)]);
        expect(await store.countEvents('acme', { threat: 'emotet' })).toBe(1);
        expect(await store.countEvents('acme', { category: 'harmful-web', action: 'allow' })).toBe(1);
        expect(await store.countEvents('acme', {})).toBe(4);
        expect(await store.countEvents('other', {})).toBe(1);
        // raw only on request
        const one = await store.searchPage('acme', { limit: 1 });
        expect(one.events[0].raw).toBe('');
        expect((await store.searchPage('acme', { limit: 1, withRaw: true })).events[0].raw).toBe('raw line');
      });

      it('pages newest first without losing or repeating rows that share a timestamp', async () => {
        const evs = [];
        // 3 groups of equal timestamps, exact duplicates included, spread over two months
        for (let i = 0; i < 7; i++) evs.push(makeEvent({ ts: at(base), src_port: 1000 + (i % 4) }));
        for (let i = 0; i < 5; i++) evs.push(makeEvent({ ts: at(base - 40 * 86_400_000), src_port: i }));
        for (let i = 0; i < 4; i++) evs.push(makeEvent({ ts: at(base - 3_600_000 * 5 + i * 1000) }));
        await store.append(evs);
        for (const limit of [1, 2, 3, 5, 16, 100]) {
          const got: string[] = [];
          let cursor: string | undefined;
          let pages = 0;
          do {
            const p = await store.searchPage('acme', { limit, cursor });
            expect(p.events.length).toBeLessThanOrEqual(limit);
            got.push(...p.events.map((e) => `${e.ts}/${e.src_port}`));
            cursor = p.nextCursor ?? undefined;
            pages++;
          } while (cursor && pages < 100);
          expect(got.length, `limit ${limit}`).toBe(16);
          expect([...got].sort(), `limit ${limit}`).toEqual(evs.map((e) => `${e.ts}/${e.src_port}`).sort());
          const times = got.map((g) => g.split('/')[0]);
          expect(times, `limit ${limit}`).toEqual([...times].sort().reverse());
        }
        const all = await collect(store.exportEvents('acme', {}));
        expect(all).toHaveLength(16);
        expect(all[0].ts).toBe(at(base));
        expect(all[15].ts).toBe(at(base - 40 * 86_400_000));
      });

      it('refuses a cursor that is not one', async () => {
        await expect(store.searchPage('acme', { cursor: 'garbage' })).rejects.toThrow(/cursor/);
      });
    });

    it('reads top services and hosts per item the same from whole days and partial edges', async () => {
      const day = Date.parse('2026-01-14T15:00:00.000Z'); // 2026-01-15 in Japan
      await store.append([
        makeEvent({
          ts: new Date(day + 3_600_000).toISOString(),
          category: 'online-storage',
          app: 'Dropbox',
        }),
        makeEvent({
          ts: new Date(day + 7_200_000).toISOString(),
          category: 'online-storage',
          app: 'Dropbox',
        }),
        makeEvent({
          ts: new Date(day + 7_200_000).toISOString(),
          category: 'online-storage',
          domain: 'gigafile.nu',
          src_ip: '192.168.1.99',
        }),
        makeEvent({
          ts: new Date(day + 3_600_000).toISOString(),
          category: 'remote-access',
          app: 'TeamViewer',
        }),
        makeEvent({ ts: new Date(day + 3_600_000).toISOString(), domain: 'www.dropbox.com' }),
        makeEvent({
          ts: new Date(day).toISOString(),
          tenant: 'other',
          category: 'online-storage',
          app: 'MEGA',
        }),
      ]);
      const whole = { from: new Date(day).toISOString(), to: new Date(day + 86_400_000).toISOString() };
      const edge = {
        from: new Date(day + 60_000).toISOString(),
        to: new Date(day + 86_000_000).toISOString(),
      };
      for (const range of [whole, edge, {}]) {
        const services = await store.top('acme', { ...range, categories: ['online-storage'], by: 'service' });
        expect(services, JSON.stringify(range)).toEqual([
          { category: 'online-storage', key: 'Dropbox', n: 2 },
          { category: 'online-storage', key: 'gigafile.nu', n: 1 },
        ]);
        const hosts = await store.top('acme', {
          ...range,
          categories: ['online-storage', 'remote-access'],
          by: 'host',
          limit: 1,
        });
        expect(hosts).toEqual([
          { category: 'online-storage', key: '192.168.1.10', n: 2 },
          { category: 'remote-access', key: '192.168.1.10', n: 1 },
        ]);
      }
    });

    it('measures outbound traffic on TLS ports', async () => {
      await store.append([
        makeEvent({ dst_port: 443 }),
        makeEvent({ dst_port: 443 }),
        makeEvent({ dst_port: 80 }),
        makeEvent({ dst_port: 443, direction: 'inbound' }),
        makeEvent({ dst_port: 443, tenant: 'other' }),
      ]);
      const span = { from: '2026-01-14T12:00:00.000Z', to: '2026-01-16T00:00:00.000Z' };
      expect(await store.trafficMix('acme', span)).toEqual({ outbound: 3, encrypted: 2 });
      // only the newest 2 days of a longer period are measured
      expect(await store.trafficMix('acme', { ...span, to: '2026-01-31T00:00:00.000Z' })).toEqual({
        outbound: 0,
        encrypted: 0,
      });
    });

    it('totals items across tenants with distinct devices, and counts per tenant', async () => {
      await store.append([
        makeEvent({ ts: '2026-01-15T03:10:00.000Z', category: 'spam', device: 'fw1' }),
        makeEvent({ ts: '2026-01-15T03:20:00.000Z', category: 'spam', device: 'fw1' }),
        makeEvent({ ts: '2026-01-15T05:20:00.000Z', category: 'spam', device: 'fw2', tenant: 'other' }),
        makeEvent({
          ts: '2026-01-15T05:30:00.000Z',
          category: 'sns-webmail',
          device: 'fw2',
          tenant: 'other',
        }),
        makeEvent({ ts: '2026-01-15T05:40:00.000Z', category: null, device: 'fw3', tenant: 'third' }),
      ]);
      for (const range of [{}, { from: '2026-01-15T03:05:00.000Z', to: '2026-01-15T05:50:00.000Z' }]) {
        const t = await store.programmeTotals(range);
        expect(t, JSON.stringify(range)).toEqual({
          items: [
            { category: 'sns-webmail', n: 1, devices: 1, tenants: 1 },
            { category: 'spam', n: 3, devices: 2, tenants: 2 },
          ],
          devices: 3,
          tenants: 3,
        });
        expect(await store.tenantCounts(range)).toEqual([
          { tenant: 'acme', category: 'spam', n: 2 },
          { tenant: 'other', category: 'sns-webmail', n: 1 },
          { tenant: 'other', category: 'spam', n: 1 },
          { tenant: 'third', category: null, n: 1 },
        ]);
      }
      expect(await store.programmeTotals({ from: '2027-01-01T00:00:00.000Z' })).toEqual({
        items: [],
        devices: 0,
        tenants: 0,
      });
    });

    it('retention removes whole days from the top rollup', async () => {
      await store.append([
        makeEvent({ ts: '2025-10-01T00:00:00.000Z', category: 'sns-webmail', app: 'LINE' }),
        makeEvent({ ts: '2026-01-15T00:00:00.000Z', category: 'sns-webmail', app: 'LINE' }),
      ]);
      await store.deleteBefore(new Date('2026-01-01T00:00:00.000Z'));
      expect(await store.top('acme', { categories: ['sns-webmail'], by: 'service' })).toEqual([
        { category: 'sns-webmail', key: 'LINE', n: 1 },
      ]);
    });

    describe('share sessions (the anonymised export)', () => {
      let out: string;
      beforeEach(() => {
        out = mkdtempSync(join(tmpdir(), 'otasuke-share-'));
      });
      afterEach(() => rmSync(out, { recursive: true, force: true }));
      const period = { from: '2026-01-15T00:00:00.000Z', to: '2026-01-17T00:00:00.000Z' };
      const columns: ShareColumn[] = [
        { name: 'time', from: 'ts', as: 'time' },
        { name: 'company', from: 'tenant', as: 'map', map: 'co' },
        { name: 'src', from: 'src_ip', as: 'map', map: 'ip' },
        { name: 'dst', from: 'dst_ip', as: 'map', map: 'ip' },
        { name: 'action', from: 'action', as: 'enum', allowed: ['allow', 'block'] },
        { name: 'threat', from: 'threat', as: 'map', map: 'text' },
        { name: 'dst_port', from: 'dst_port', as: 'int' },
      ];
      const seed = () =>
        store.append([
          makeEvent({
            ts: '2026-01-15T03:10:00.000Z',
            src_ip: '192.0.2.1',
            action: 'block',
            threat: '=cmd|x',
          }),
          makeEvent({
            ts: '2026-01-16T05:00:00.000Z',
            tenant: 'other',
            src_ip: '192.0.2.2',
            action: 'reset',
          }),
          // outside the period
          makeEvent({ ts: '2026-01-17T00:00:00.000Z', tenant: 'late', src_ip: '192.0.2.3' }),
        ]);

      it('reads distinct values of the period and writes rows through value maps (unmapped: null)', async () => {
        await seed();
        const s = await store.openShareSession(period);
        try {
          expect((await s.distinctValues(['tenant'])).sort()).toEqual(['acme', 'other']);
          expect((await s.distinctValues(['src_ip', 'dst_ip'])).sort()).toEqual([
            '192.0.2.1',
            '192.0.2.2',
            '203.0.113.5',
          ]);
          expect(await s.distinctValues(['user'])).toEqual([]);
          await s.loadMap('co', [['acme', 'c_1']]);
          await s.loadMap('ip', [
            ['192.0.2.1', '10.0.0.1'],
            ['203.0.113.5', '10.9.9.9'],
          ]);
          await s.loadMap('text', [['=cmd|x', '=cmd|x']]);
          expect(await s.tenantsPerMapped('src_ip', 'ip')).toEqual(new Map([['10.0.0.1', 1]]));
          const pq = join(out, 'e.parquet');
          expect(await s.writeEvents(columns, { file: pq, format: 'parquet' })).toBe(2);
          const rows = (await readParquet(pq)).sort((a, b) => String(a.time).localeCompare(String(b.time)));
          expect(rows).toEqual([
            {
              time: '2026-01-15T03:10:00.000Z',
              company: 'c_1',
              src: '10.0.0.1',
              dst: '10.9.9.9',
              action: 'block',
              threat: '=cmd|x',
              dst_port: 443,
            },
            {
              time: '2026-01-16T05:00:00.000Z',
              company: null,
              src: null,
              dst: '10.9.9.9',
              action: null,
              threat: null,
              dst_port: 443,
            },
          ]);
          const csv = join(out, 'e.csv');
          expect(await s.writeEvents(columns, { file: csv, format: 'csv' })).toBe(2);
          const text = readFileSync(csv, 'utf8');
          expect(text.startsWith('\uFEFFtime,company,src,dst,action,threat,dst_port\r\n')).toBe(true);
          // formula-safe, CRLF, one line per row
          expect(text).toContain("2026-01-15T03:10:00.000Z,c_1,10.0.0.1,10.9.9.9,block,'=cmd|x,443\r\n");
          expect(text).toContain('2026-01-16T05:00:00.000Z,,,10.9.9.9,,,443\r\n');
          expect(text.split('\r\n')).toHaveLength(4);
        } finally {
          await s.close();
        }
      });

      it('sees one snapshot from its first read to the end', async () => {
        await seed();
        const s = await store.openShareSession(period);
        try {
          expect((await s.distinctValues(['tenant'])).sort()).toEqual(['acme', 'other']);
          await store.append([makeEvent({ ts: '2026-01-15T04:00:00.000Z', tenant: 'newcomer' })]);
          await s.loadMap('co', []);
          await s.loadMap('ip', []);
          await s.loadMap('text', []);
          expect(await s.writeEvents(columns, { file: join(out, 'e.csv'), format: 'csv' })).toBe(2);
          expect(await s.distinctValues(['tenant'])).not.toContain('newcomer');
        } finally {
          await s.close();
        }
      });

      it('writes an empty period as a header (CSV) or a file without rows (Parquet)', async () => {
        const s = await store.openShareSession({
          from: '2030-01-01T00:00:00.000Z',
          to: '2030-02-01T00:00:00.000Z',
        });
        try {
          await s.loadMap('co', []);
          await s.loadMap('ip', []);
          await s.loadMap('text', []);
          expect(await s.writeEvents(columns, { file: join(out, 'e.csv'), format: 'csv' })).toBe(0);
          expect(readFileSync(join(out, 'e.csv'), 'utf8')).toBe(
            '\uFEFFtime,company,src,dst,action,threat,dst_port\r\n',
          );
          expect(await s.writeEvents(columns, { file: join(out, 'e.parquet'), format: 'parquet' })).toBe(0);
          expect(await readParquet(join(out, 'e.parquet'))).toEqual([]);
        } finally {
          await s.close();
        }
      });

      it('counts per Japan day and month with distinct tenants and devices, withholding small cells', async () => {
        const ev = (
          ts: string,
          tenant: string,
          device: string,
          category: string | null,
          vendor = 'fortigate',
        ) => makeEvent({ ts, tenant, device, category: category as NormalizedEvent['category'], vendor });
        await store.append([
          // 2026-01-15 in Japan (from 2026-01-14T15:00Z): spam at three companies, four devices
          ev('2026-01-14T15:30:00.000Z', 'a', 'a1', 'spam'),
          ev('2026-01-15T01:00:00.000Z', 'a', 'a2', 'spam'),
          ev('2026-01-15T02:00:00.000Z', 'b', 'b1', 'spam'),
          ev('2026-01-15T14:59:59.000Z', 'c', 'c1', 'spam'),
          // virus at one company only
          ev('2026-01-15T03:00:00.000Z', 'a', 'a1', 'virus', 'sophos'),
          // 2026-01-16 in Japan
          ev('2026-01-15T15:00:00.000Z', 'b', 'b1', 'spam'),
        ]);
        const dims = [
          { name: 'category', from: 'category', as: 'enum', allowed: ['spam', 'virus'] },
          { name: 'vendor', from: 'vendor', as: 'map', map: 'v' },
        ] as const;
        // whole days from the rollups, and partial edges from the events, give the same cells
        for (const range of [
          { from: '2026-01-14T15:00:00.000Z', to: '2026-01-16T15:00:00.000Z' },
          { from: '2026-01-14T15:10:00.000Z', to: '2026-01-16T14:10:00.000Z' },
        ]) {
          const s = await store.openShareSession(range);
          try {
            await s.loadMap('v', [
              ['fortigate', 'fortigate'],
              ['sophos', 'sophos'],
            ]);
            const file = join(out, 'c.parquet');
            const day = await s.writeCounts(
              { bucket: 'day', dims, minTenants: 2 },
              { file, format: 'parquet' },
            );
            expect(day, JSON.stringify(range)).toEqual({
              cells: 1,
              events: 4,
              withheldCells: 2,
              withheldEvents: 2,
            });
            expect(await readParquet(file)).toEqual([
              {
                day: '2026-01-15',
                category: 'spam',
                vendor: 'fortigate',
                events: 4,
                companies: 3,
                devices: 4,
              },
            ]);
            const csv = join(out, 'c.csv');
            const month = await s.writeCounts(
              { bucket: 'month', dims, minTenants: 1 },
              { file: csv, format: 'csv' },
            );
            expect(month).toEqual({ cells: 2, events: 6, withheldCells: 0, withheldEvents: 0 });
            expect(readFileSync(csv, 'utf8')).toBe(
              '\uFEFFmonth,category,vendor,events,companies,devices\r\n' +
                '2026-01,spam,fortigate,5,3,4\r\n2026-01,virus,sophos,1,1,1\r\n',
            );
          } finally {
            await s.close();
          }
        }
      });
    });
  });
}
