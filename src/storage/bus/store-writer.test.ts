/**
 * The writer's gathering: deliveries that arrive while a store write runs go into the
 * next write together, each keeps its own id, and a batch the store refuses fails alone.
 * A fake store records the calls (the ClickHouse store's own test covers the SQL).
 */
import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../../test/helpers/events.js';
import type { RuleHit } from '../../detect/model.js';
import type { EncodedBatch } from '../events/encode.js';
import { encodeBatch } from '../events/encode.js';
import type { EventStore, QuarantineRecord } from '../events/event-store.js';
import { encodeBusPayload } from './batch-codec.js';
import type { BusDelivery } from './bus.js';
import { type StoreWriteResult, storeBatchHandler } from './store-writer.js';

class FakeStore {
  readonly groups: string[][] = [];
  readonly committed = new Set<string>();
  readonly quarantined: QuarantineRecord[] = [];
  /** Resolves the write in progress (the first one is held until the test opens it). */
  hold: Promise<void> | null = null;

  async committedBatches(ids: readonly string[]): Promise<Set<string>> {
    return new Set(ids.filter((id) => this.committed.has(id)));
  }
  async appendQuarantine(rows: readonly QuarantineRecord[]): Promise<void> {
    this.quarantined.push(...rows);
  }
  async appendEncoded(): Promise<boolean> {
    throw new Error('not used when gathering');
  }
  async appendEncodedBatches(items: readonly { batch: EncodedBatch; batchId: string }[]): Promise<boolean[]> {
    this.groups.push(items.map((i) => i.batchId));
    if (this.hold) await this.hold;
    if (items.some((i) => i.batchId.startsWith('bad'))) throw new Error('refused');
    return items.map((i) => {
      if (this.committed.has(i.batchId)) return false;
      this.committed.add(i.batchId);
      return true;
    });
  }
}

const delivery = (id: string, quarantine: QuarantineRecord[] = []): BusDelivery => ({
  id,
  tenant: 'acme',
  deliveries: 1,
  payload: encodeBusPayload(encodeBatch([makeEvent({ raw: id })]), quarantine),
});

const settled = (p: Promise<void>) =>
  p.then(
    () => 'ok',
    (e: Error) => e.message,
  );

describe('storeBatchHandler gathering', () => {
  it('writes the deliveries that arrive during a write together in the next one', async () => {
    const store = new FakeStore();
    let open: () => void = () => undefined;
    store.hold = new Promise<void>((r) => {
      open = r;
    });
    const results: StoreWriteResult[] = [];
    const handle = storeBatchHandler(store as unknown as EventStore, { onWritten: (r) => results.push(r) });
    const first = handle(delivery('b1'));
    await new Promise((r) => setImmediate(r));
    const rest = ['b2', 'b3', 'b4'].map((id) => handle(delivery(id)));
    store.hold = null;
    open();
    await Promise.all([first, ...rest]);
    expect(store.groups).toEqual([['b1'], ['b2', 'b3', 'b4']]);
    expect(results.map((r) => [r.id, r.stored])).toEqual([
      ['b1', true],
      ['b2', true],
      ['b3', true],
      ['b4', true],
    ]);
  });

  it('skips committed ids and does not write their quarantine rows again', async () => {
    const store = new FakeStore();
    store.committed.add('old');
    const q: QuarantineRecord = {
      received: '2026-01-15T00:00:00.000Z',
      tenant: 'acme',
      device: 'fw1',
      format: null,
      code: 'parse-error',
      message: 'x',
      raw: 'x',
    };
    const results: StoreWriteResult[] = [];
    const handle = storeBatchHandler(store as unknown as EventStore, { onWritten: (r) => results.push(r) });
    await Promise.all([handle(delivery('old', [q])), handle(delivery('new', [q]))]);
    expect(results.map((r) => [r.id, r.stored]).sort()).toEqual([
      ['new', true],
      ['old', false],
    ]);
    expect(store.quarantined).toHaveLength(1);
  });

  it('hands a failed group back whole, then writes its redeliveries one by one', async () => {
    const store = new FakeStore();
    let open: () => void = () => undefined;
    store.hold = new Promise<void>((r) => {
      open = r;
    });
    const handle = storeBatchHandler(store as unknown as EventStore);
    const first = handle(delivery('b1'));
    await new Promise((r) => setImmediate(r));
    const ids = ['b2', 'bad-3', 'b4'];
    const rest = ids.map((id) => settled(handle(delivery(id))));
    store.hold = null;
    open();
    await first;
    expect(await Promise.all(rest)).toEqual(['refused', 'refused', 'refused']);
    // the bus delivers them again
    const again = ids.map((id) => settled(handle({ ...delivery(id), deliveries: 2 })));
    expect(await Promise.all(again)).toEqual(['ok', 'refused', 'ok']);
    expect(store.committed).toEqual(new Set(['b1', 'b2', 'b4']));
    expect(store.groups.slice(2)).toEqual([['b2'], ['bad-3'], ['b4']]);
  });

  it('fails only the batch whose hits cannot be forwarded', async () => {
    const store = new FakeStore();
    let open: () => void = () => undefined;
    store.hold = new Promise<void>((r) => {
      open = r;
    });
    const hit = { rule: 'r1' } as unknown as RuleHit;
    const handle = storeBatchHandler(store as unknown as EventStore, {
      forwardHits: async (id) => {
        if (id === 'h2') throw new Error('hits bus down');
      },
    });
    const withHits = (id: string): BusDelivery => ({
      ...delivery(id),
      payload: encodeBusPayload(encodeBatch([makeEvent({ raw: id })]), [], [hit]),
    });
    const first = handle(withHits('h0'));
    await new Promise((r) => setImmediate(r));
    const rest = ['h1', 'h2', 'h3'].map((id) => settled(handle(withHits(id))));
    store.hold = null;
    open();
    await first;
    expect(await Promise.all(rest)).toEqual(['ok', 'hits bus down', 'ok']);
    expect(store.committed).toEqual(new Set(['h0', 'h1', 'h2', 'h3']));
  });

  it('writes one delivery at a time when gathering is off', async () => {
    const store = new FakeStore();
    const calls: string[] = [];
    const s = Object.assign(Object.create(store) as FakeStore, {
      appendEncodedBatches: undefined,
      async appendEncoded(_b: EncodedBatch, o: { batchId?: string }) {
        calls.push(o.batchId ?? '');
        return true;
      },
    });
    const handle = storeBatchHandler(s as unknown as EventStore);
    await Promise.all([handle(delivery('b1')), handle(delivery('b2'))]);
    expect(calls.sort()).toEqual(['b1', 'b2']);
  });
  it('quarantines a message that is not an ingest batch and acknowledges it (it would fail forever)', async () => {
    const store = new FakeStore();
    const handle = storeBatchHandler(store as unknown as EventStore);
    const good = delivery('b1');
    const torn: BusDelivery = {
      ...good,
      id: 'torn',
      payload: good.payload.subarray(0, good.payload.length - 3),
    };
    await expect(handle(torn)).resolves.toBeUndefined();
    expect(store.groups).toEqual([]);
    expect(store.quarantined).toHaveLength(1);
    expect(store.quarantined[0]).toMatchObject({ tenant: 'acme', code: 'bad-bus-payload' });
    expect(store.quarantined[0].message).toMatch(
      /^bus message torn \(\d+ bytes\): not an ingest batch: checksum mismatch/,
    );
    expect(store.quarantined[0].raw).toMatch(/^base64:/);
  });
});
