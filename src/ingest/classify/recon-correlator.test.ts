import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../../event/event.js';
import { makeEvent } from './classify.test-helper.js';
import { ReconCorrelator, type ReconCorrelatorOptions } from './recon-correlator.js';

const T0 = Date.parse('2024-04-01T00:00:00.000Z');

interface Probe {
  /** Seconds after T0. */
  t: number;
  src?: string;
  dst?: string;
  port?: number | null;
  proto?: string;
  action?: NormalizedEvent['action'];
  direction?: NormalizedEvent['direction'];
  kind?: NormalizedEvent['kind'];
  tenant?: string;
}

function deny(p: Probe): NormalizedEvent {
  return makeEvent({
    ts: new Date(T0 + p.t * 1000).toISOString(),
    tenant: p.tenant ?? 't1',
    kind: p.kind ?? 'traffic',
    action: p.action ?? 'block',
    direction: p.direction ?? 'inbound',
    src_ip: p.src ?? '203.0.113.7',
    dst_ip: p.dst ?? '192.168.1.10',
    dst_port: p.port === undefined ? 22 : p.port,
    proto: p.proto ?? 'tcp',
  });
}

function feed(probes: Probe[], opts?: ReconCorrelatorOptions): NormalizedEvent[] {
  const c = new ReconCorrelator(opts);
  const out: NormalizedEvent[] = [];
  for (const p of probes) {
    const d = c.observe(deny(p));
    if (d) out.push(d);
  }
  return out;
}

const ports = (n: number, opts: Partial<Probe> = {}, step = 1): Probe[] =>
  Array.from({ length: n }, (_, i) => ({ t: i * step, port: 1000 + i, ...opts }));
const hosts = (n: number, opts: Partial<Probe> = {}, step = 1): Probe[] =>
  Array.from({ length: n }, (_, i) => ({ t: i * step, dst: `192.168.1.${i + 1}`, ...opts }));

describe('ReconCorrelator', () => {
  const cases: [string, Probe[], string[], ReconCorrelatorOptions?][] = [
    ['10 ports on one host in 10 s → port-scan', ports(10), ['port-scan (correlated: 10 ports in 60 s)']],
    ['9 ports → nothing', ports(9), []],
    ['10 ports spread over 90 s (outside the window) → nothing', ports(10, {}, 10), []],
    [
      '10 ports across several hosts → port-scan',
      ports(10).map((p, i) => ({ ...p, dst: `192.168.1.${i % 3}` })),
      ['port-scan (correlated: 10 ports in 60 s)'],
    ],
    ['same port repeated 50 times → nothing', Array.from({ length: 50 }, (_, i) => ({ t: i })), []],
    ['30 ports in a burst → one event per window', ports(30), ['port-scan (correlated: 10 ports in 60 s)']],
    [
      'bursts 2 minutes apart → two events',
      [...ports(10), ...ports(10, {}, 1).map((p) => ({ ...p, t: p.t + 120 }))],
      ['port-scan (correlated: 10 ports in 60 s)', 'port-scan (correlated: 10 ports in 60 s)'],
    ],
    [
      'ICMP to 10 hosts → ping-sweep',
      hosts(10, { proto: 'icmp', port: null }),
      ['ping-sweep (correlated: 10 hosts in 60 s)'],
    ],
    [
      'ICMPv6 to 10 hosts → ping-sweep',
      hosts(10, { proto: 'ipv6-icmp', port: null }),
      ['ping-sweep (correlated: 10 hosts in 60 s)'],
    ],
    [
      'port 445 on 10 hosts → host-sweep',
      hosts(10, { port: 445 }),
      ['host-sweep (correlated: 10 hosts on port 445 in 60 s)'],
    ],
    ['allowed traffic is ignored', ports(20, { action: 'allow' }), []],
    ['outbound denies are ignored', ports(20, { direction: 'outbound' }), []],
    ['non-traffic events are ignored', ports(20, { kind: 'threat' }), []],
    ['drop counts like block', ports(10, { action: 'drop' }), ['port-scan (correlated: 10 ports in 60 s)']],
    [
      'different sources are counted apart',
      ports(10).map((p, i) => ({ ...p, src: `198.51.100.${i % 2}` })),
      [],
    ],
    [
      'different tenants are counted apart',
      ports(10).map((p, i) => ({ ...p, tenant: i % 2 ? 'a' : 'b' })),
      [],
    ],
    [
      'custom thresholds and window',
      ports(5, {}, 2),
      ['port-scan (correlated: 5 ports in 10 s)'],
      { portThreshold: 5, windowMs: 10_000 },
    ],
  ];
  it.each(cases)('%s', (_name, probes, want, opts) => {
    expect(feed(probes, opts).map((e) => e.threat)).toEqual(want);
  });

  it('derived event shape', () => {
    const [d] = feed(ports(10, { src: '203.0.113.99' }));
    expect(d).toMatchObject({
      kind: 'anomaly',
      action: 'detect',
      category: 'recon',
      direction: 'inbound',
      tenant: 't1',
      device: 'd1',
      vendor: 'fortigate',
      src_ip: '203.0.113.99',
      dst_ip: '192.168.1.10',
      dst_port: null,
      ts: new Date(T0 + 9000).toISOString(),
    });
    expect(d.raw).toContain('203.0.113.99');
    expect(d.raw).toContain('1000,1001');
  });

  it('late events count as now (the window never runs backwards)', () => {
    const probes = ports(10).map((p, i) => ({ ...p, t: i === 5 ? -1000 : p.t }));
    expect(feed(probes)).toHaveLength(1);
  });

  it('memory is bounded: the least recently seen source is evicted', () => {
    const c = new ReconCorrelator({ maxSources: 100 });
    for (let i = 0; i < 1000; i++)
      c.observe(deny({ t: i / 100, src: `198.51.${i >> 8}.${i & 255}`, port: 1 }));
    expect(c.trackedSources).toBe(100);
    expect(c.evicted).toBe(900);
  });

  it('a scanner stays tracked while quieter sources are evicted', () => {
    const c = new ReconCorrelator({ maxSources: 5 });
    let found = 0;
    for (let i = 0; i < 10; i++) {
      if (c.observe(deny({ t: i, src: '203.0.113.1', port: 2000 + i }))) found++;
      c.observe(deny({ t: i, src: `198.51.100.${i}`, port: 1 }));
    }
    expect(found).toBe(1);
  });
});
