/** DuckDB specifics of the share session (the contract itself is in contract.case.ts). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbEventStore } from './duckdb-store.js';

const dir = mkdtempSync(join(tmpdir(), 'otasuke-share-duck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const period = { from: '2026-01-01T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' };

describe('DuckDB share sessions', () => {
  it('raise the memory limit while exports run and restore it when the last one ends', async () => {
    const store = await DuckDbEventStore.open({
      path: join(dir, 'mem.duckdb'),
      threads: 2,
      memoryLimit: '256MB',
      exportMemoryLimit: '700MB',
    });
    try {
      const normal = await store.memoryLimit();
      expect(normal).toMatch(/^24\d\.\d MiB$/);
      const a = await store.openShareSession(period);
      const b = await store.openShareSession(period);
      expect(await store.memoryLimit()).toMatch(/^66\d\.\d MiB$/);
      await a.close();
      expect(await store.memoryLimit()).toMatch(/^66\d\.\d MiB$/);
      await b.close();
      await b.close(); // twice is harmless
      expect(await store.memoryLimit()).toBe(normal);
    } finally {
      await store.close();
    }
  });

  it('by default give 512MB plus 96MB per thread, and close open sessions with the store', async () => {
    const store = await DuckDbEventStore.open({ path: join(dir, 'default.duckdb'), threads: 2 });
    const s = await store.openShareSession(period);
    // 704 MB = 671.3 MiB
    expect(await store.memoryLimit()).toMatch(/^67\d\.\d MiB$/);
    await store.close();
    await expect(s.distinctValues(['tenant'])).rejects.toThrow(/closed/);
  });
});
