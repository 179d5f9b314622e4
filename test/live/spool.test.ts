import { mkdtempSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceDirectory, ResolvedDevice, SourceIdentity } from '../../src/devices/directory.js';
import { LivePipeline } from '../../src/ingest/live/pipeline.js';
import { ParsePool } from '../../src/ingest/parse/parse-pool.js';
import { Spool } from '../../src/ingest/spool/spool.js';
import { DuckDbEventStore } from '../../src/storage/events/duckdb/duckdb-store.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'otasuke-spool-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const DEV: ResolvedDevice = {
  id: 'fw1',
  tenant: 'acme',
  enabled: true,
  silentAfterMs: 7_200_000,
  profile: { tenant: 'acme', device: 'fw1' },
};

/** The fake directory: one device at 192.0.2.1, everything else unassigned. */
class FakeDirectory implements DeviceDirectory {
  unassigned: string[] = [];
  resolve(src: SourceIdentity): ResolvedDevice | null {
    return src.address === '192.0.2.1' ? DEV : null;
  }
  noteUnassigned(src: SourceIdentity, lines: readonly string[]): void {
    this.unassigned.push(`${src.address}:${lines.length}`);
  }
}

const rec = (i: number): Buffer =>
  Buffer.from(
    `<189>date=2026-01-05 time=10:00:00 devname="fw1" type="traffic" subtype="forward" srcip=192.0.2.10 dstip=198.51.100.1 dstport=443 proto=6 action="accept" msg="r-${i}"`,
  );

const input = (from: number, n: number) => ({
  device: 'fw1',
  tenant: 'acme',
  source: 'tcp',
  records: n,
  nowMs: Date.UTC(2026, 0, 5),
  profile: DEV.profile,
  body: Buffer.concat(Array.from({ length: n }, (_, i) => Buffer.concat([rec(from + i), Buffer.from('\n')]))),
});

async function storedIds(store: DuckDbEventStore): Promise<string[]> {
  const out: string[] = [];
  for await (const e of store.search('acme', { limit: 10_000 }))
    out.push(/msg="([^"]+)"/.exec(e.raw)?.[1] ?? '');
  return out.sort();
}

describe('Spool', () => {
  it('keeps intact batches and cuts a torn tail', async () => {
    const dir = tmp();
    const { spool } = Spool.open(dir);
    const a = await spool.append(input(0, 3));
    const b = await spool.append(input(3, 2));
    expect(a.meta.id).toBe('1-1');
    expect(b.meta.id).toBe('1-2');
    await spool.close();
    const seg = join(dir, readdirSync(dir).find((n) => n.endsWith('.spool')) as string);
    truncateSync(seg, statSync(seg).size - 7); // a crash in the middle of writing b
    const again = Spool.open(dir);
    expect(again.batches.map((x) => x.meta.id)).toEqual(['1-1']);
    expect(again.truncatedBytes).toBeGreaterThan(0);
    expect(again.spool.readBody(again.batches[0]).toString()).toBe(input(0, 3).body.toString());
    // new batches go to a new segment: ids are never reused
    const c = await again.spool.append(input(5, 1));
    expect(c.meta.id).toBe('2-1');
    await again.spool.close();
  });

  it('deletes a segment once all its batches are committed', async () => {
    const dir = tmp();
    const { spool } = Spool.open(dir, { segmentBytes: 1 });
    const a = await spool.append(input(0, 1));
    const b = await spool.append(input(1, 1)); // rolls over: a's segment is complete
    spool.committed(a);
    expect(readdirSync(dir).filter((n) => n.endsWith('.spool'))).toEqual(['000000000002.spool']);
    spool.committed(b);
    await spool.close();
    expect(readdirSync(dir).filter((n) => n.endsWith('.spool'))).toEqual([]);
  });
});

describe('LivePipeline replay', () => {
  it('replays uncommitted batches exactly once after a crash', async () => {
    const dir = tmp();
    const store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb') });
    const pool = new ParsePool(0);
    const directory = new FakeDirectory();

    // first run: 3 batches spooled; only the first group reaches the store, then "crash"
    const first = Spool.open(join(dir, 'spool'));
    const batches = [
      await first.spool.append(input(0, 2)),
      await first.spool.append(input(2, 2)),
      await first.spool.append(input(4, 2)),
    ];
    // what the writer would have done for batch 1 before the crash
    const { processLines } = await import('../../src/ingest/parse/chunk-processor.js');
    const r = processLines(input(0, 2).body.toString().trimEnd().split('\n'), {
      spec: DEV.profile,
      nowMs: 0,
      useNowWhenMissing: true,
    });
    expect(await store.appendEncoded(r.batch, { batchId: batches[0].meta.id })).toBe(true);
    await first.spool.close();

    // restart: batch 1 is recognised as stored, 2 and 3 are replayed
    const again = Spool.open(join(dir, 'spool'));
    const pipeline = new LivePipeline({ directory, store, spool: again.spool, pool });
    const out = await pipeline.recover(again.batches);
    expect(out).toEqual({ replayedBatches: 2, replayedRecords: 4, stored: 1 });
    expect(await storedIds(store)).toEqual(['r-0', 'r-1', 'r-2', 'r-3', 'r-4', 'r-5']);

    // live records: attributed, spooled, stored; unknown sources are noted, not stored
    const res = await pipeline.accept([rec(6), rec(7)], { address: '192.0.2.1', transport: 'udp' });
    const unk = await pipeline.accept([rec(8)], { address: '203.0.113.9', transport: 'udp' });
    expect(res).toEqual({ accepted: 2, dropped: 0 });
    expect(unk).toEqual({ accepted: 0, dropped: 1 });
    expect(directory.unassigned).toEqual(['203.0.113.9:1']);
    await pipeline.close();
    await again.spool.close();
    expect((await storedIds(store)).length).toBe(8);
    expect(readdirSync(join(dir, 'spool')).filter((n) => n.endsWith('.spool'))).toEqual([]);
    await pool.close();
    await store.close();
  });
});
