import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../test/helpers/events.js';
import type { RuleHit } from '../detect/model.js';
import { encodeBusPayload } from '../storage/bus/batch-codec.js';
import { encodeBatch } from '../storage/events/encode.js';
import type { QuarantineRecord } from '../storage/events/event-store.js';
import { splitBatch } from './split-batch.js';

const events = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    makeEvent({
      ts: `2026-11-20T01:${String(i % 60).padStart(2, '0')}:00.000Z`,
      raw: `line ${i} ${'x'.repeat(200)}`,
    }),
  );
const q = (i: number): QuarantineRecord => ({
  received: '2026-11-20T01:00:00.000Z',
  tenant: 'acme',
  device: 'fw1',
  format: 'fortigate',
  code: 'unparsable',
  message: 'no key=value pairs',
  raw: `garbage ${i} ${'y'.repeat(300)}`,
});
const hit = (i: number): RuleHit => ({
  rule: 'harmful-web-burst',
  tsMs: Date.parse('2026-11-20T01:00:00Z') + i,
  tenant: 'acme',
  device: 'fw1',
  group: '192.168.1.50',
  value: null,
  num: null,
  event: makeEvent({ raw: `hit ${i}` }),
});

describe('splitBatch (bus messages within the max payload)', () => {
  it('keeps a batch that fits whole', () => {
    const batch = encodeBatch(events(10));
    const parts = splitBatch(batch, [q(1)], [hit(1)], 1024 * 1024);
    expect(parts).toHaveLength(1);
    expect(parts[0].batch).toBe(batch);
  });

  it('cuts a large batch at row ends, every part within the limit, rows and items kept once', () => {
    const batch = encodeBatch(events(2000));
    const quarantine = Array.from({ length: 50 }, (_, i) => q(i));
    const hits = Array.from({ length: 40 }, (_, i) => hit(i));
    const limit = 64 * 1024;
    const parts = splitBatch(batch, quarantine, hits, limit);
    expect(parts.length).toBeGreaterThan(5);
    for (const p of parts)
      expect(encodeBusPayload(p.batch, p.quarantine, p.hits).length).toBeLessThanOrEqual(limit);
    expect(Buffer.concat(parts.map((p) => p.batch.csv)).equals(Buffer.from(batch.csv))).toBe(true);
    expect(parts.reduce((n, p) => n + p.batch.rows, 0)).toBe(2000);
    for (const p of parts) {
      const text = Buffer.from(p.batch.csv).toString('utf8');
      expect(text === '' || text.endsWith('\n')).toBe(true);
      expect(text.split('\n').length - 1).toBe(p.batch.rows);
    }
    // the sums over the whole batch travel once, with the first part
    expect(parts[0].batch.rollup).toEqual(batch.rollup);
    expect(parts.slice(1).every((p) => p.batch.rollup.length === 0 && p.batch.top.length === 0)).toBe(true);
    expect(parts.flatMap((p) => p.quarantine)).toEqual(quarantine);
    expect(parts.flatMap((p) => p.hits)).toEqual(hits);
  });

  it('is deterministic: a replay of the same batch gives the same parts', () => {
    const a = splitBatch(encodeBatch(events(500)), [q(1)], [hit(1)], 32 * 1024);
    const b = splitBatch(encodeBatch(events(500)), [q(1)], [hit(1)], 32 * 1024);
    expect(b.map((p) => Buffer.from(p.batch.csv).toString('base64'))).toEqual(
      a.map((p) => Buffer.from(p.batch.csv).toString('base64')),
    );
  });

  it('refuses a limit too small to be useful and a row larger than a message', () => {
    expect(() => splitBatch(encodeBatch(events(1)), [], [], 1000)).toThrow(RangeError);
    const huge = encodeBatch([makeEvent({ raw: 'z'.repeat(20_000) })]);
    expect(() => splitBatch(huge, [], [], 8 * 1024)).toThrow(/larger than a bus message/);
  });
});
