/**
 * DuckDB's count levels (Japan days, hours, partial hours) agree with counting the
 * events one by one, and compaction merges cells without changing any count.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../../../test/helpers/events.js';
import type { NormalizedEvent } from '../../../event/event.js';
import { DuckDbEventStore } from './duckdb-store.js';

const dir = mkdtempSync(join(tmpdir(), 'otasuke-levels-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const START = Date.parse('2026-01-01T00:00:00.000Z');
const CATS = ['spam', 'recon', null, 'harmful-web'] as const;
const ACTIONS = ['block', 'allow', 'detect'] as const;

/** 3,000 events over 12 days, every 5 min 45 s so they cross hour and Japan-day boundaries. */
function events(): NormalizedEvent[] {
  return Array.from({ length: 3000 }, (_, i) =>
    makeEvent({
      ts: new Date(START + i * 345_000).toISOString(),
      category: CATS[i % CATS.length],
      action: ACTIONS[i % ACTIONS.length],
    }),
  );
}

/** Count rows in a stable order (ties in n come in any order). */
function sorted<T extends { keys: object; n: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => JSON.stringify(a.keys).localeCompare(JSON.stringify(b.keys)));
}

describe('DuckDB count levels', () => {
  let store: DuckDbEventStore;
  const all = events();
  beforeAll(async () => {
    store = await DuckDbEventStore.open({ path: join(dir, 'levels.duckdb'), threads: 2 });
    // several batches, so cells of one hour and day come in several partial rows
    for (let i = 0; i < all.length; i += 700) await store.append(all.slice(i, i + 700));
  });
  afterAll(() => store.close());

  const ranges: [string, string][] = [
    ['2026-01-01T00:00:00.000Z', '2026-01-13T00:00:00.000Z'],
    ['2026-01-02T15:00:00.000Z', '2026-01-05T15:00:00.000Z'], // whole Japan days only
    ['2026-01-02T14:59:59.000Z', '2026-01-05T15:00:01.000Z'], // a second either side
    ['2026-01-03T07:31:00.000Z', '2026-01-09T22:07:00.000Z'], // partial hours and days
    ['2026-01-04T10:10:00.000Z', '2026-01-04T10:50:00.000Z'], // inside one hour
  ];

  it.each(ranges)('counts %s … %s like the events one by one', async (from, to) => {
    const inRange = all.filter((e) => e.ts >= from && e.ts < to);
    const expected = new Map<string, number>();
    for (const e of inRange) {
      const k = `${e.category ?? ''}|${e.action}`;
      expected.set(k, (expected.get(k) ?? 0) + 1);
    }
    const rows = await store.counts('acme', { from, to, groupBy: ['category', 'action'] });
    const got = new Map(rows.map((r) => [`${r.keys.category ?? ''}|${r.keys.action}`, r.n]));
    expect(got).toEqual(expected);
    const byJstDay = await store.counts('acme', { from, to, groupBy: ['jst_day'] });
    expect(byJstDay.reduce((a, r) => a + r.n, 0)).toBe(inRange.length);
    const byHour = await store.counts('acme', { from, to, groupBy: ['hour'] });
    expect(byHour.reduce((a, r) => a + r.n, 0)).toBe(inRange.length);
  });

  it('compaction merges the recent cells and keeps every count', async () => {
    const now = Date.parse('2026-01-12T23:30:00.000Z');
    // live ingest: small commit groups, each adding its own partial cells
    for (let i = 0; i < 40; i++) {
      await store.append([
        makeEvent({ tenant: 'live', ts: new Date(now - 90 * 60_000 + i * 60_000).toISOString() }),
      ]);
    }
    const before = await store.rollupRows();
    const counts = await store.counts('acme', { groupBy: ['category', 'action', 'jst_day'] });
    const live = await store.counts('live', { groupBy: ['hour'] });
    await store.compactRollups(now);
    const after = await store.rollupRows();
    expect(after.hourly).toBeLessThan(before.hourly);
    expect(after.daily).toBeLessThan(before.daily);
    expect(sorted(await store.counts('acme', { groupBy: ['category', 'action', 'jst_day'] }))).toEqual(
      sorted(counts),
    );
    expect(sorted(await store.counts('live', { groupBy: ['hour'] }))).toEqual(sorted(live));
    expect(live.reduce((a, r) => a + r.n, 0)).toBe(40);
  });

  it('sorts the daily cells of ended months by company, once, keeping every count', async () => {
    const ranges2: [string, string][] = [
      ['2026-01-01T00:00:00.000Z', '2026-01-13T00:00:00.000Z'],
      ['2026-01-03T07:31:00.000Z', '2026-01-09T22:07:00.000Z'],
    ];
    const before = await Promise.all(
      ranges2.map(([from, to]) =>
        store.counts('acme', { from, to, groupBy: ['category', 'action', 'jst_day'] }),
      ),
    );
    await store.compactRollups(Date.parse('2026-03-05T00:00:00.000Z'));
    const rows = await store.rollupRows();
    const after = await Promise.all(
      ranges2.map(([from, to]) =>
        store.counts('acme', { from, to, groupBy: ['category', 'action', 'jst_day'] }),
      ),
    );
    expect(after.map(sorted)).toEqual(before.map(sorted));
    // a second pass finds nothing left to sort
    await store.compactRollups(Date.parse('2026-03-06T00:00:00.000Z'));
    expect(await store.rollupRows()).toEqual(rows);
  });
});
