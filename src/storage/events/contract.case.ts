/**
 * The EventStore contract: every backend runs this suite (DuckDB always; ClickHouse
 * when OTASUKE_TEST_CLICKHOUSE_URL is set).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeEvent } from '../../../test/helpers/events.js';
import type { NormalizedEvent } from '../../event/event.js';
import { encodeBatch } from './encode.js';
import type { EventStore } from './event-store.js';

async function collect(it: AsyncIterable<NormalizedEvent>): Promise<NormalizedEvent[]> {
  const out: NormalizedEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
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
  });
}
