import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { metricsRegistry } from '../core/metrics.js';
import { eventWith } from '../event/event.js';
import { DetectionEngine, type DetectionEngineOptions } from './engine.js';
import { RulePackError } from './loader.js';
import type { AlertSignal, AlertSink } from './model.js';
import { deviceSilentEvent } from './synthetic.js';

const T0 = Date.UTC(2026, 0, 5, 1, 0, 0);
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

class FakeSink implements AlertSink {
  readonly got: AlertSignal[] = [];
  failures = 0;
  gate: Promise<void> | null = null;
  async deliver(signals: readonly AlertSignal[]): Promise<void> {
    if (this.gate) await this.gate;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('desk database is locked');
    }
    this.got.push(...signals);
  }
}

function engine(sink: AlertSink, over: Partial<DetectionEngineOptions> = {}): DetectionEngine {
  const logs: string[] = [];
  return new DetectionEngine({
    sink,
    now: () => T0,
    retryBaseMs: 1,
    flushEveryMs: 0,
    correlator: { repeatEveryMs: 0 },
    log: (m) => logs.push(m),
    ...over,
  });
}

const silent = (device: string) =>
  deviceSilentEvent({
    tenant: 'acme',
    device,
    nowMs: T0,
    lastSeenMs: T0 - 3 * 3_600_000,
    silentAfterMs: 7_200_000,
  });

const cnc = (i: number) =>
  eventWith({
    ts: new Date(T0 + i * 1000).toISOString(),
    tenant: 'acme',
    device: 'fw1',
    vendor: 'fortigate',
    kind: 'web',
    action: 'block',
    direction: 'outbound',
    category: 'malicious-outbound',
    threat_family: 'wannacry',
    src_ip: `192.168.1.${i}`,
  });

async function counter(name: string): Promise<number> {
  const m = (await metricsRegistry.getMetricsAsJSON()).find((x) => x.name === name);
  return (m?.values ?? []).reduce((n, v) => n + Number(v.value), 0);
}

describe('DetectionEngine', () => {
  it('turns the health checker’s device-silent event into an alert signal', async () => {
    const sink = new FakeSink();
    const e = engine(sink);
    await e.observeEvents([silent('fw1')]);
    expect(sink.got).toHaveLength(1);
    expect(sink.got[0]).toMatchObject({
      ruleId: 'device-silent',
      level: 'high',
      tenant: 'acme',
      device: 'fw1',
      groupKey: 'device=fw1',
      groupFields: { device: 'fw1' },
      count: 1,
      firstSeenMs: T0,
      suppressMs: 12 * 3_600_000,
    });
    expect(sink.got[0].sampleEvents[0].raw).toContain('fw1 is silent');
    await e.close();
  });

  it('retries a failing sink and counts the failures', async () => {
    const sink = new FakeSink();
    sink.failures = 2;
    const e = engine(sink);
    const before = await counter('otasuke_alert_sink_failures_total');
    await e.observeEvents([silent('fw2')]);
    expect(sink.got.map((s) => s.groupKey)).toEqual(['device=fw2']);
    expect(e.stats).toMatchObject({ signals: 1, delivered: 1, sinkFailures: 2, dropped: 0 });
    expect((await counter('otasuke_alert_sink_failures_total')) - before).toBe(2);
    await e.close();
  });

  it('gives up after the last attempt without throwing, and goes on with later signals', async () => {
    const sink = new FakeSink();
    sink.failures = 3;
    const e = engine(sink, { deliveryAttempts: 3 });
    await e.observeEvents([silent('fw3')]);
    expect(e.stats).toMatchObject({ delivered: 0, dropped: 1 });
    await e.observeEvents([silent('fw4')]);
    expect(sink.got.map((s) => s.groupKey)).toEqual(['device=fw4']);
    await e.close();
  });

  it('never waits for the sink in observe(), and bounds what waits for it', async () => {
    const sink = new FakeSink();
    let open: () => void = () => undefined;
    sink.gate = new Promise((r) => (open = r));
    const e = engine(sink, { maxQueuedSignals: 5 });
    // 20 new groups: the first batch goes out (and hangs), the queue keeps the newest 5
    for (let i = 0; i < 20; i++) e.observe(e.match([cnc(i)]));
    expect(e.stats.signals).toBe(20);
    expect(e.stats.dropped).toBe(14);
    sink.gate = null;
    open();
    await e.settled();
    expect(sink.got.map((s) => s.groupFields.src_ip)).toEqual([
      '192.168.1.0',
      '192.168.1.15',
      '192.168.1.16',
      '192.168.1.17',
      '192.168.1.18',
      '192.168.1.19',
    ]);
    await e.close();
  });

  it('refuses to start on a broken pack, listing every problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'otasuke-badrules-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'x.yml'), 'id: x\nlevel: loud\n');
    expect(() => engine(new FakeSink(), { rulesDir: dir })).toThrow(RulePackError);
  });
});
