/**
 * Detection in the ingest paths: records reaching the live pipeline (and the file
 * import) come out as alert signals in a fake sink — hits matched while parsing, the
 * writer's derived scan events matched in the writer, correlation after the store write
 * — and a failing sink never holds up or loses events.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DetectionEngine } from '../../src/detect/engine.js';
import type { AlertSignal, AlertSink } from '../../src/detect/model.js';
import type { DeviceDirectory, ResolvedDevice, SourceIdentity } from '../../src/devices/directory.js';
import { importFiles } from '../../src/ingest/import-files.js';
import { LivePipeline } from '../../src/ingest/live/pipeline.js';
import { ParsePool } from '../../src/ingest/parse/parse-pool.js';
import { Spool } from '../../src/ingest/spool/spool.js';
import { DuckDbEventStore } from '../../src/storage/events/duckdb/duckdb-store.js';

const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'otasuke-detect-'));
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

class FakeDirectory implements DeviceDirectory {
  resolve(src: SourceIdentity): ResolvedDevice | null {
    return src.address === '192.0.2.1' ? DEV : null;
  }
  noteUnassigned(): void {}
}

class FakeSink implements AlertSink {
  readonly got: AlertSignal[] = [];
  fail = false;
  calls = 0;
  async deliver(signals: readonly AlertSignal[]): Promise<void> {
    this.calls++;
    if (this.fail) throw new Error('desk unavailable');
    this.got.push(...signals);
  }
}

const WANNACRY = (sec: number, ip: string) =>
  `<189>date=2026-01-05 time=10:00:${String(sec).padStart(2, '0')} devname="FG60F" devid="FGT60F" logid="1501054802" type="utm" subtype="dns" eventtype="dns-response" level="warning" vd="root" srcip=${ip} srcport=53211 srcintf="internal" srcintfrole="lan" dstip=198.51.100.53 dstport=53 dstintf="wan1" dstintfrole="wan" proto=17 service="DNS" qname="www.iuqerfsodp9ifjaposdfjhgosurijfaewrwergwea.com" qtype="A" action="block" msg="Domain was blocked because it is in the Botnet C&C domain list"`;
const DENY = (sec: number, port: number) =>
  `<189>date=2026-01-05 time=10:01:${String(sec).padStart(2, '0')} devname="FG60F" devid="FGT60F" logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=203.0.113.50 srcport=40000 srcintf="wan1" srcintfrole="wan" dstip=192.168.1.5 dstport=${port} dstintf="internal" dstintfrole="lan" proto=6 action="deny" policyid=0 service="tcp" sentbyte=0 rcvdbyte=0`;
const TRAFFIC = (i: number) =>
  `<189>date=2026-01-05 time=10:02:00 devname="FG60F" devid="FGT60F" logid="0000000013" type="traffic" subtype="forward" level="notice" srcip=192.168.1.10 srcport=5000 dstip=198.51.100.1 dstport=443 proto=6 action="accept" msg="t-${i}"`;

const RECORDS = [
  WANNACRY(0, '192.168.1.23'),
  WANNACRY(1, '192.168.1.23'),
  ...Array.from({ length: 12 }, (_, i) => DENY(i, 1000 + i)),
  ...Array.from({ length: 20 }, (_, i) => TRAFFIC(i)),
];

async function open(sink: FakeSink, rulesDir?: string) {
  const dir = tmp();
  const store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb') });
  const pool = new ParsePool(0);
  const { spool } = Spool.open(join(dir, 'spool'));
  const detection = new DetectionEngine({
    sink,
    rulesDir,
    retryBaseMs: 1,
    deliveryAttempts: 2,
    flushEveryMs: 0,
    log: () => undefined,
    now: () => Date.UTC(2026, 0, 5, 2),
  });
  const pipeline = new LivePipeline({
    directory: new FakeDirectory(),
    store,
    spool,
    pool,
    detection,
    maxGroupDelayMs: 10,
  });
  return {
    store,
    detection,
    pipeline,
    async close() {
      await pipeline.close();
      await detection.close();
      await spool.close();
      await pool.close();
      await store.close();
    },
  };
}

async function countStored(store: DuckDbEventStore): Promise<number> {
  let n = 0;
  for await (const _ of store.search('acme', { limit: 100_000 })) n++;
  return n;
}

describe('detection in live ingest', () => {
  it('turns records into alert signals after they are stored', async () => {
    const sink = new FakeSink();
    const h = await open(sink);
    // in two socket reads, so the correlation spans commit groups
    await h.pipeline.accept(
      RECORDS.slice(0, 8).map((r) => Buffer.from(r)),
      { address: '192.0.2.1', transport: 'tcp' },
    );
    await h.pipeline.drained();
    await h.pipeline.accept(
      RECORDS.slice(8).map((r) => Buffer.from(r)),
      { address: '192.0.2.1', transport: 'tcp' },
    );
    await h.pipeline.drained();
    await h.detection.settled();
    const got = sink.got.map((s) => [s.ruleId, s.tenant, s.device, s.groupKey]);
    expect(got).toContainEqual(['ransomware-cnc', 'acme', 'fw1', 'src_ip=192.168.1.23']);
    expect(got).toContainEqual(['port-scan-deny-burst', 'acme', 'fw1', 'src_ip=203.0.113.50']);
    const cnc = sink.got.find((s) => s.ruleId === 'ransomware-cnc') as AlertSignal;
    expect(cnc.count).toBe(2);
    expect(cnc.sampleEvents[0]).toMatchObject({
      vendor: 'fortigate',
      threat_family: 'wannacry',
      tenant: 'acme',
    });
    expect(await countStored(h.store)).toBe(RECORDS.length + 1); // + the derived scan event
    await h.close();
    const scans = sink.got.filter((s) => s.ruleId === 'port-scan-deny-burst');
    expect(scans.reduce((n, s) => n + s.count, 0)).toBe(12);
  });

  it('matches the scan events the writer derives', async () => {
    const rules = tmp();
    writeFileSync(
      join(rules, 'derived-scan.yml'),
      `id: derived-scan
title: Derived scan
title_ja: 派生したスキャン
description: d
description_ja: d
level: low
detection:
  selection:
    category: recon
    threat|startswith: port-scan (correlated
  condition: selection
group-by: [src_ip]
`,
    );
    const sink = new FakeSink();
    const h = await open(sink, rules);
    await h.pipeline.accept(
      RECORDS.map((r) => Buffer.from(r)),
      { address: '192.0.2.1', transport: 'tcp' },
    );
    await h.pipeline.drained();
    await h.detection.settled();
    expect(sink.got.map((s) => [s.ruleId, s.groupKey, s.count])).toEqual([
      ['derived-scan', 'src_ip=203.0.113.50', 1],
    ]);
    await h.close();
  });

  it('keeps ingesting while the alert sink fails', async () => {
    const sink = new FakeSink();
    sink.fail = true;
    const h = await open(sink);
    await h.pipeline.accept(
      RECORDS.map((r) => Buffer.from(r)),
      { address: '192.0.2.1', transport: 'tcp' },
    );
    await h.pipeline.drained();
    expect(await countStored(h.store)).toBe(RECORDS.length + 1);
    await h.detection.settled();
    expect(sink.calls).toBeGreaterThan(0);
    expect(h.detection.stats.dropped).toBeGreaterThan(0);
    // a later record is still stored and alerted once the sink is back
    sink.fail = false;
    await h.pipeline.accept([Buffer.from(WANNACRY(30, '192.168.1.99'))], {
      address: '192.0.2.1',
      transport: 'tcp',
    });
    await h.pipeline.drained();
    await h.detection.settled();
    expect(sink.got.map((s) => s.groupKey)).toContain('src_ip=192.168.1.99');
    await h.close();
  });
});

describe('detection in file import', () => {
  it('reports the signals of an imported file', async () => {
    const dir = tmp();
    const file = join(dir, 'fw.log');
    writeFileSync(file, `${RECORDS.join('\n')}\n`);
    const store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb') });
    const pool = new ParsePool(0);
    const sink = new FakeSink();
    const detection = new DetectionEngine({ sink, flushEveryMs: 0, now: () => Date.UTC(2026, 0, 5, 2) });
    const summary = await importFiles({
      store,
      pool,
      spec: { tenant: 'acme', device: 'fw1' },
      files: [file],
      detection,
    });
    expect(summary.alert_signals).toBe(sink.got.length);
    expect(sink.got.map((s) => s.ruleId).sort()).toEqual(['port-scan-deny-burst', 'ransomware-cnc']);
    await detection.close();
    await pool.close();
    await store.close();
  });
});
