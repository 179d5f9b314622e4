/**
 * The EventStore contract on a real ClickHouse server (OTASUKE_TEST_CLICKHOUSE_URL, e.g.
 * http://127.0.0.1:8123; docs/scale-out.md starts one), plus what only this backend has:
 * batch writes interrupted at each step, and text that ClickHouse's own escaping meets.
 * Each store gets a database of its own, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ClickHouseClient, createClient } from '@clickhouse/client';
import { afterAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../../../test/helpers/events.js';
import type { NormalizedEvent } from '../../../event/event.js';
import { eventStoreContract } from '../contract.case.js';
import { encodeBatch } from '../encode.js';
import type { EventStore } from '../event-store.js';
import { ClickHouseEventStore } from './clickhouse-store.js';

const url = process.env.OTASUKE_TEST_CLICKHOUSE_URL;

async function collect(it: AsyncIterable<NormalizedEvent>): Promise<NormalizedEvent[]> {
  const out: NormalizedEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

if (!url) {
  console.log(
    'ClickHouse event store tests skipped: set OTASUKE_TEST_CLICKHOUSE_URL (see docs/scale-out.md)',
  );
  describe.skip('EventStore contract: clickhouse (OTASUKE_TEST_CLICKHOUSE_URL not set)', () => {
    it('runs against a ClickHouse server', () => undefined);
  });
} else {
  const run = `otasuke_test_${process.pid}_${randomBytes(3).toString('hex')}`;
  const databases: string[] = [];
  const open = (): Promise<ClickHouseEventStore> => {
    const database = `${run}_${databases.length}`;
    databases.push(database);
    return ClickHouseEventStore.open({ url, database });
  };
  afterAll(async () => {
    const admin = createClient({ url });
    try {
      for (const db of databases) await admin.command({ query: `DROP DATABASE IF EXISTS ${db}` });
    } finally {
      await admin.close();
    }
  });

  eventStoreContract('clickhouse', open);

  describe('ClickHouse batch writes interrupted at each step', () => {
    // one batch over two UTC months: pending mark, events, two rollup months, committed mark
    const events = [
      makeEvent({ ts: '2026-01-31T20:00:00.000Z', category: 'sns-webmail', app: 'LINE' }),
      makeEvent({ ts: '2026-02-01T01:00:00.000Z', category: 'sns-webmail', app: 'LINE' }),
      makeEvent({ ts: '2026-02-01T02:00:00.000Z', category: 'spam' }),
    ];
    for (const [step, name] of [
      'pending mark',
      'events',
      'January cells',
      'February cells',
      'commit',
    ].entries())
      it(`replays a batch whose write stopped at the ${name} exactly once`, async () => {
        const store = await open();
        try {
          // the n-th INSERT fails as a crash would stop it: nothing of it arrives
          const client = (store as unknown as { client: ClickHouseClient }).client;
          const insert = client.insert.bind(client);
          let calls = 0;
          client.insert = ((p: Parameters<typeof insert>[0]) => {
            if (++calls === step + 1) return Promise.reject(new Error('crash'));
            return insert(p);
          }) as typeof client.insert;
          const batch = encodeBatch(events);
          await expect(store.appendEncoded(batch, { batchId: 'b1' })).rejects.toThrow('crash');
          expect(await store.committedBatches(['b1'])).toEqual(new Set());
          expect(await store.appendEncoded(batch, { batchId: 'b1' })).toBe(true);
          expect(await store.appendEncoded(batch, { batchId: 'b1' })).toBe(false);
          expect(await store.committedBatches(['b1'])).toEqual(new Set(['b1']));
          const byItem = await store.counts('acme', { groupBy: ['category'] });
          expect(Object.fromEntries(byItem.map((r) => [String(r.keys.category), r.n]))).toEqual({
            'sns-webmail': 2,
            spam: 1,
          });
          // whole Japan days, partial hours and the events agree
          expect(
            await store.countEvents('acme', {
              from: '2026-01-31T15:00:00.000Z',
              to: '2026-02-01T02:30:00.000Z',
            }),
          ).toBe(3);
          expect(await collect(store.exportEvents('acme', {}))).toHaveLength(3);
          expect(await store.top('acme', { categories: ['sns-webmail'], by: 'service' })).toEqual([
            { category: 'sns-webmail', key: 'LINE', n: 2 },
          ]);
        } finally {
          await store.close();
        }
      });
  });

  describe('ClickHouse gathered batch writes (several bus batches, one INSERT per step)', () => {
    // a: January and February; b: February only
    const a = [
      makeEvent({ ts: '2026-01-31T20:00:00.000Z', category: 'sns-webmail', app: 'LINE', raw: 'a1' }),
      makeEvent({ ts: '2026-02-01T01:00:00.000Z', category: 'spam', raw: 'a2' }),
    ];
    const b = [makeEvent({ ts: '2026-02-01T03:00:00.000Z', category: 'spam', raw: 'b1' })];
    const expectExactlyOnce = async (store: ClickHouseEventStore) => {
      const byItem = await store.counts('acme', { groupBy: ['category'] });
      expect(Object.fromEntries(byItem.map((r) => [String(r.keys.category), r.n]))).toEqual({
        'sns-webmail': 1,
        spam: 2,
      });
      expect((await collect(store.exportEvents('acme', { withRaw: true }))).map((e) => e.raw).sort()).toEqual(
        ['a1', 'a2', 'b1'],
      );
      expect(await store.committedBatches(['a', 'b'])).toEqual(new Set(['a', 'b']));
    };
    const counting = (store: ClickHouseEventStore, failAt = 0) => {
      const client = (store as unknown as { client: ClickHouseClient }).client;
      const insert = client.insert.bind(client);
      const calls = { n: 0 };
      client.insert = ((p: Parameters<typeof insert>[0]) => {
        if (++calls.n === failAt) return Promise.reject(new Error('crash'));
        return insert(p);
      }) as typeof client.insert;
      return calls;
    };

    it('writes each batch once, skipping committed ids and repeats within the group', async () => {
      const store = await open();
      try {
        const calls = counting(store);
        const items = [
          { batch: encodeBatch(a), batchId: 'a' },
          { batch: encodeBatch(b), batchId: 'b' },
          { batch: encodeBatch(b), batchId: 'b' },
        ];
        expect(await store.appendEncodedBatches(items)).toEqual([true, true, false]);
        // pending marks, events, January cells, February cells, committed marks
        expect(calls.n).toBe(5);
        expect(await store.appendEncodedBatches(items.slice(0, 2))).toEqual([false, false]);
        await expectExactlyOnce(store);
      } finally {
        await store.close();
      }
    });

    for (const [step, name] of [
      'pending marks',
      'events',
      'January cells',
      'February cells',
      'commit marks',
    ].entries())
      it(`replays a group whose write stopped at the ${name} batch by batch, exactly once`, async () => {
        const store = await open();
        try {
          counting(store, step + 1);
          await expect(
            store.appendEncodedBatches([
              { batch: encodeBatch(a), batchId: 'a' },
              { batch: encodeBatch(b), batchId: 'b' },
            ]),
          ).rejects.toThrow('crash');
          expect(await store.committedBatches(['a', 'b'])).toEqual(new Set());
          // redelivered apart, in the other order
          expect(await store.appendEncoded(encodeBatch(b), { batchId: 'b' })).toBe(true);
          expect(await store.appendEncoded(encodeBatch(a), { batchId: 'a' })).toBe(true);
          await expectExactlyOnce(store);
        } finally {
          await store.close();
        }
      });
  });

  describe('ClickHouse text escaping', () => {
    let store: EventStore;
    afterAll(async () => store?.close());

    it('keeps backslashes, tabs, quotes and a literal \\N as they are, in queries and in files', async () => {
      store = await open();
      const tenant = "o'brien\\co";
      const e = makeEvent({
        tenant,
        device: 'fw\t1',
        threat: '\\N',
        url: "http://example.com/a\\b?q='x'",
        user: 'DOMAIN\\taro',
        raw: 'path=C:\\temp\\new "quoted"\tcol',
      });
      await store.append([e]);
      expect(await collect(store.search(tenant, {}))).toEqual([e]);
      expect(await collect(store.search(tenant, { text: 'c:\\temp' }))).toHaveLength(1);
      expect(await store.counts(tenant, { groupBy: ['device'], device: 'fw\t1' })).toEqual([
        { keys: { device: 'fw\t1' }, n: 1 },
      ]);
      const s = await store.openShareSession({
        from: '2026-01-15T00:00:00.000Z',
        to: '2026-01-16T00:00:00.000Z',
      });
      const dir = mkdtempSync(join(tmpdir(), 'otasuke-ch-esc-'));
      try {
        expect((await s.distinctValues(['threat', 'user'])).sort()).toEqual(['DOMAIN\\taro', '\\N']);
        await s.loadMap('t', [
          ['\\N', 'back"slash\\N'],
          ['DOMAIN\\taro', 'u1'],
        ]);
        const file = join(dir, 'e.csv');
        const cols = [
          { name: 'threat', from: 'threat', as: 'map', map: 't' },
          { name: 'user', from: 'user', as: 'map', map: 't' },
          { name: 'url', from: 'url', as: 'enum', allowed: ["http://example.com/a\\b?q='x'"] },
        ] as const;
        expect(await s.writeEvents(cols, { file, format: 'csv' })).toBe(1);
        expect(readFileSync(file, 'utf8')).toBe(
          '\uFEFFthreat,user,url\r\n"back""slash\\N",u1,http://example.com/a\\b?q=\'x\'\r\n',
        );
      } finally {
        await s.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
