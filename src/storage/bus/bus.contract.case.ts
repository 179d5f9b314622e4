/**
 * The IngestBus contract: every backend runs this suite (the in-process bus always,
 * NATS JetStream when OTASUKE_TEST_NATS_URL is set). Nothing here measures time: waits
 * poll for a state with a generous deadline, and short ack waits / retry delays only
 * make redelivery come sooner.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeEvent } from '../../../test/helpers/events.js';
import type { NormalizedEvent } from '../../event/event.js';
import { DuckDbEventStore } from '../events/duckdb/duckdb-store.js';
import { encodeBatch } from '../events/encode.js';
import { encodeBusPayload } from './batch-codec.js';
import type { BusConsumer, BusDelivery, IngestBus } from './bus.js';
import { type StoreWriteResult, storeBatchHandler } from './store-writer.js';

/** Polls until `ok()` holds; fails with `what` after 20 s (a deadline, not a measurement). */
export async function waitFor(what: string, ok: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');

/** A promise the test resolves by hand (a handler parked mid-batch). */
function gate(): { wait: Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const wait = new Promise<void>((r) => {
    open = r;
  });
  return { wait, open };
}

const FAST = { ackWaitMs: 1_000, retryDelayMs: 20 };

export function ingestBusContract(name: string, open: () => Promise<IngestBus>): void {
  describe(`IngestBus contract: ${name}`, () => {
    const buses: IngestBus[] = [];
    const consumers: BusConsumer[] = [];
    const gates: (() => void)[] = [];
    const bus = async () => {
      const b = await open();
      buses.push(b);
      return b;
    };
    afterEach(async () => {
      for (const g of gates.splice(0)) g();
      for (const c of consumers.splice(0)) await c.stop();
      for (const b of buses.splice(0)) await b.close();
    });

    it('delivers every published batch with its id, tenant and payload, and empties the queue on ack', async () => {
      const b = await bus();
      for (let i = 0; i < 20; i++)
        await b.publish({ id: `b-${i}`, tenant: i % 2 ? 'acme' : 'beta.co', payload: bytes(`p${i}`) });
      expect(await b.backlog()).toBe(20);
      const got = new Map<string, BusDelivery>();
      consumers.push(
        await b.consume('writers', async (m) => {
          got.set(m.id, m);
        }),
      );
      await waitFor('20 batches', () => got.size === 20);
      for (let i = 0; i < 20; i++) {
        const m = got.get(`b-${i}`);
        expect(m && text(m.payload)).toBe(`p${i}`);
        expect(m?.tenant).toBe(i % 2 ? 'acme' : 'beta.co');
        expect(m?.deliveries).toBe(1);
      }
      await waitFor('an empty queue', async () => (await b.backlog()) === 0);
    });

    it('shares the work of a group: each batch goes to one consumer', async () => {
      const b = await bus();
      const seen: Record<'a' | 'b', string[]> = { a: [], b: [] };
      const g = gate();
      gates.push(g.open);
      const handler = (who: 'a' | 'b') => async (m: BusDelivery) => {
        seen[who].push(m.id);
        await g.wait;
      };
      consumers.push(await b.consume('writers', handler('a')));
      consumers.push(await b.consume('writers', handler('b')));
      for (let i = 0; i < 8; i++) await b.publish({ id: `s-${i}`, payload: bytes(String(i)) });
      // Both hold a batch at once: the first could not have taken the second's (concurrency 1).
      await waitFor('both consumers busy', () => seen.a.length > 0 && seen.b.length > 0);
      g.open();
      await waitFor('every batch handled', () => new Set([...seen.a, ...seen.b]).size === 8);
      await waitFor('an empty queue', async () => (await b.backlog()) === 0);
      expect(seen.a.filter((id) => seen.b.includes(id))).toEqual([]);
      expect([...seen.a, ...seen.b].sort()).toEqual(Array.from({ length: 8 }, (_, i) => `s-${i}`).sort());
    });

    it('delivers a batch again when the handler throws', async () => {
      const b = await bus();
      const tries: number[] = [];
      const errors: { id: string; deliveries: number; final: boolean }[] = [];
      consumers.push(
        await b.consume(
          'writers',
          async (m) => {
            tries.push(m.deliveries);
            if (m.deliveries < 3) throw new Error('database down');
          },
          { ...FAST, onError: (_e, info) => errors.push(info) },
        ),
      );
      await b.publish({ id: 'flaky', payload: bytes('x') });
      await waitFor('the third delivery', () => tries.length === 3);
      await waitFor('an empty queue', async () => (await b.backlog()) === 0);
      expect(tries).toEqual([1, 2, 3]);
      expect(errors).toEqual([
        { id: 'flaky', deliveries: 1, final: false },
        { id: 'flaky', deliveries: 2, final: false },
      ]);
    });

    it('stops retrying at maxDeliver and keeps the batch on the bus', async () => {
      const b = await bus();
      const errors: { id: string; deliveries: number; final: boolean }[] = [];
      consumers.push(
        await b.consume(
          'writers',
          async () => {
            throw new Error('always fails');
          },
          { ...FAST, maxDeliver: 2, onError: (_e, info) => errors.push(info) },
        ),
      );
      await b.publish({ id: 'poison', payload: bytes('x') });
      await waitFor('the final failure', () => errors.some((e) => e.final));
      expect(errors).toEqual([
        { id: 'poison', deliveries: 1, final: false },
        { id: 'poison', deliveries: 2, final: true },
      ]);
      expect(await b.backlog()).toBe(1);
    });

    it('gives a batch an abandoned consumer held (never acknowledged) to another consumer', async () => {
      const b = await bus();
      const parked = gate();
      gates.push(parked.open);
      const first: BusDelivery[] = [];
      const a = await b.consume(
        'writers',
        async (m) => {
          first.push(m);
          await parked.wait;
        },
        FAST,
      );
      await b.publish({ id: 'held', payload: bytes('h') });
      await waitFor('the first consumer to hold the batch', () => first.length === 1);
      await a.abandon();
      const second: BusDelivery[] = [];
      consumers.push(await b.consume('writers', async (m) => void second.push(m), FAST));
      await waitFor('the redelivery', () => second.length === 1);
      expect(second[0].id).toBe('held');
      expect(second[0].deliveries).toBe(2);
      parked.open(); // the "dead" handler finishing late changes nothing
      await waitFor('an empty queue', async () => (await b.backlog()) === 0);
    });

    it('keeps one copy of a batch published twice within the duplicate window', async () => {
      const b = await bus();
      await b.publish({ id: 'twice', payload: bytes('1') });
      await b.publish({ id: 'twice', payload: bytes('1') });
      await b.publish({ id: 'other', payload: bytes('2') });
      expect(await b.backlog()).toBe(2);
      const got: string[] = [];
      consumers.push(await b.consume('writers', async (m) => void got.push(m.id)));
      await waitFor('an empty queue', async () => (await b.backlog()) === 0);
      expect(got.sort()).toEqual(['other', 'twice']);
    });

    it('rejects batch ids that cannot travel as a header', async () => {
      const b = await bus();
      await expect(b.publish({ id: 'bad\r\nid', payload: bytes('x') })).rejects.toThrow(/batch id/);
      await expect(b.publish({ id: '', payload: bytes('x') })).rejects.toThrow(/batch id/);
    });

    describe('with a DuckDB event store as the writers’ sink', () => {
      const dir = mkdtempSync(join(tmpdir(), 'otasuke-bus-'));
      afterAll(() => rmSync(dir, { recursive: true, force: true }));
      let n = 0;

      it('stores each event once when a writer dies between the insert and the ack', async () => {
        const store = await DuckDbEventStore.open({ path: join(dir, `events-${n++}.duckdb`), threads: 2 });
        try {
          const b = await bus();
          const events = (k: number): NormalizedEvent[] =>
            Array.from({ length: 3 }, (_, i) =>
              makeEvent({ raw: `batch ${k} line ${i}`, src_port: 1000 + k * 10 + i }),
            );
          for (let k = 0; k < 3; k++)
            await b.publish({
              id: `spool-${k}`,
              tenant: 'acme',
              payload: encodeBusPayload(encodeBatch(events(k))),
            });

          const write = storeBatchHandler(store);
          const crashed = gate();
          gates.push(crashed.open);
          let inserted: string | null = null;
          // Writer A inserts its first batch, then "dies" before acknowledging it.
          const a = await b.consume(
            'writers',
            async (m) => {
              await write(m);
              inserted = m.id;
              await crashed.wait;
            },
            FAST,
          );
          await waitFor('writer A to insert a batch', () => inserted !== null);
          await a.abandon();

          const results: StoreWriteResult[] = [];
          consumers.push(
            await b.consume(
              'writers',
              storeBatchHandler(store, (r) => results.push(r)),
              FAST,
            ),
          );
          await waitFor('every batch acknowledged', async () => (await b.backlog()) === 0);

          expect(results.filter((r) => r.id === inserted)).toEqual([
            { id: inserted, stored: false, rows: 3 },
          ]);
          expect(results.filter((r) => r.stored).length).toBe(2);
          const raws: string[] = [];
          for await (const e of store.search('acme', {})) raws.push(e.raw);
          expect(raws.sort()).toEqual([0, 1, 2].flatMap((k) => events(k).map((e) => e.raw)).sort());
          expect(await store.committedBatches(['spool-0', 'spool-1', 'spool-2'])).toEqual(
            new Set(['spool-0', 'spool-1', 'spool-2']),
          );
        } finally {
          await store.close();
        }
      });
    });
  });
}
