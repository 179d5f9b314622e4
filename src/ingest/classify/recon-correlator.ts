/**
 * Port scans and sweeps inferred from bursts of inbound denies (SPEC §4 `recon`).
 *
 * Most UTMs only log "denied" for each probe and never say "scan", so a source that
 * is denied on many ports, or on many hosts for ICMP / one port, within a short window
 * is turned into one derived `anomaly` event. State is per (tenant, source address),
 * memory is bounded (a cap on tracked sources, oldest evicted; per source at most
 * `portThreshold` ports and `hostThreshold` hosts per tracked key), and events are
 * expected roughly in time order (late events are treated as happening now).
 */
import type { NormalizedEvent } from '../../event/event.js';

export interface ReconCorrelatorOptions {
  /** Sliding window (default 60 000 ms). */
  windowMs?: number;
  /** Distinct destination ports (over all hosts) that make a port scan (default 10). */
  portThreshold?: number;
  /** Distinct destination hosts that make a ping / host sweep (default 10). */
  hostThreshold?: number;
  /** Most sources tracked at once; the least recently seen is dropped (default 10 000). */
  maxSources?: number;
}

interface SourceState {
  lastMs: number;
  /** No new derived event for this source before this time. */
  quietUntilMs: number;
  /** Destination port → last seen (ms). */
  ports: Map<number, number>;
  /** ICMP destination host → last seen. */
  icmpHosts: Map<string, number>;
  /** Destination port → (host → last seen), for one-port sweeps. */
  hostsByPort: Map<number, Map<string, number>>;
}

const ICMP = new Set(['icmp', 'icmp6', 'ipv6-icmp', 'icmpv6', '1', '58']);

function isCandidate(ev: NormalizedEvent): boolean {
  return (
    ev.kind === 'traffic' &&
    (ev.action === 'block' || ev.action === 'drop') &&
    ev.direction === 'inbound' &&
    ev.src_ip !== null
  );
}

/** Drops entries last seen before `since`; returns the remaining size. */
function prune<K, V>(m: Map<K, V>, since: number, seen: (v: V) => number): number {
  for (const [k, v] of m) if (seen(v) < since) m.delete(k);
  return m.size;
}

function lastSeenOf(v: number): number {
  return v;
}

function newestOf(m: Map<string, number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const t of m.values()) if (t > max) max = t;
  return max;
}

export class ReconCorrelator {
  private readonly windowMs: number;
  private readonly portThreshold: number;
  private readonly hostThreshold: number;
  private readonly maxSources: number;
  /** Insertion order = least recently seen first (entries are re-inserted on use). */
  private readonly sources = new Map<string, SourceState>();
  private evictedCount = 0;

  constructor(opts: ReconCorrelatorOptions = {}) {
    this.windowMs = opts.windowMs ?? 60_000;
    this.portThreshold = Math.max(2, opts.portThreshold ?? 10);
    this.hostThreshold = Math.max(2, opts.hostThreshold ?? 10);
    this.maxSources = Math.max(1, opts.maxSources ?? 10_000);
  }

  /** Sources currently tracked (for tests and metrics). */
  get trackedSources(): number {
    return this.sources.size;
  }

  /** Sources dropped because the cap was reached (a scan from them may be missed). */
  get evicted(): number {
    return this.evictedCount;
  }

  /** Feed one classified event; returns a derived recon event when a burst completes. */
  observe(ev: NormalizedEvent): NormalizedEvent | null {
    if (!isCandidate(ev) || ev.dst_ip === null) return null;
    const parsed = Date.parse(ev.ts);
    if (Number.isNaN(parsed)) return null;
    const key = `${ev.tenant ?? ''}\u0000${ev.src_ip}`;
    let st = this.sources.get(key);
    if (st === undefined) {
      if (this.sources.size >= this.maxSources) {
        const oldest = this.sources.keys().next().value;
        if (oldest !== undefined) {
          this.sources.delete(oldest);
          this.evictedCount++;
        }
      }
      st = {
        lastMs: parsed,
        quietUntilMs: 0,
        ports: new Map(),
        icmpHosts: new Map(),
        hostsByPort: new Map(),
      };
    } else {
      this.sources.delete(key); // re-inserted below: keeps the Map in recency order
    }
    this.sources.set(key, st);
    // Out-of-order events count as "now" so the window never runs backwards.
    const now = Math.max(parsed, st.lastMs);
    st.lastMs = now;
    if (now < st.quietUntilMs) return null;

    const since = now - this.windowMs;
    const proto = ev.proto === null ? '' : ev.proto.toLowerCase();
    if (ICMP.has(proto)) {
      st.icmpHosts.set(ev.dst_ip, now);
      if (
        st.icmpHosts.size >= this.hostThreshold &&
        prune(st.icmpHosts, since, lastSeenOf) >= this.hostThreshold
      ) {
        return this.emit(st, ev, now, 'ping-sweep', `${st.icmpHosts.size} hosts`, null);
      }
      return null;
    }
    const port = ev.dst_port;
    if (port === null) return null;

    st.ports.set(port, now);
    if (st.ports.size >= this.portThreshold && prune(st.ports, since, lastSeenOf) >= this.portThreshold) {
      const n = st.ports.size;
      const list = [...st.ports.keys()].sort((a, b) => a - b);
      return this.emit(st, ev, now, 'port-scan', `${n} ports`, list);
    }

    let hosts = st.hostsByPort.get(port);
    if (hosts === undefined) {
      // Ports are bounded by portThreshold above, so this map is too; drop stale ones first.
      prune(st.hostsByPort, since, newestOf);
      st.hostsByPort.set(port, (hosts = new Map()));
    }
    hosts.set(ev.dst_ip, now);
    if (hosts.size >= this.hostThreshold && prune(hosts, since, lastSeenOf) >= this.hostThreshold) {
      return this.emit(st, ev, now, 'host-sweep', `${hosts.size} hosts on port ${port}`, null);
    }
    return null;
  }

  private emit(
    st: SourceState,
    ev: NormalizedEvent,
    now: number,
    kind: 'port-scan' | 'ping-sweep' | 'host-sweep',
    what: string,
    ports: number[] | null,
  ): NormalizedEvent {
    const secs = Math.round(this.windowMs / 1000);
    const hostCount = new Set<string>([
      ...st.icmpHosts.keys(),
      ...[...st.hostsByPort.values()].flatMap((m) => [...m.keys()]),
    ]).size;
    // One derived event per source per window: start afresh after it.
    st.quietUntilMs = now + this.windowMs;
    st.ports.clear();
    st.icmpHosts.clear();
    st.hostsByPort.clear();
    const portText =
      ports === null ? '' : ` ports ${ports.slice(0, 20).join(',')}${ports.length > 20 ? ',…' : ''}`;
    return {
      ts: ev.ts,
      tenant: ev.tenant,
      device: ev.device,
      vendor: ev.vendor,
      kind: 'anomaly',
      action: 'detect',
      direction: 'inbound',
      src_ip: ev.src_ip,
      src_port: null,
      dst_ip: ev.dst_ip,
      dst_port: kind === 'port-scan' ? null : ev.dst_port,
      proto: ev.proto,
      category: 'recon',
      channel: null,
      threat: `${kind} (correlated: ${what} in ${secs} s)`,
      threat_family: null,
      url: null,
      domain: null,
      app: null,
      user: null,
      bytes_in: null,
      bytes_out: null,
      severity: 2,
      rule: null,
      raw: `correlated ${kind}: ${ev.src_ip} → ${what} within ${secs} s (${hostCount} hosts seen)${portText}; last ${ev.dst_ip}${ev.dst_port === null ? '' : `:${ev.dst_port}`} at ${ev.ts}`,
    };
  }
}
