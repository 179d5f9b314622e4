/**
 * The in-memory answer to "which device sent this?", rebuilt from the database on
 * every registry change. resolve() runs per received batch or datagram, so it is a
 * few Map lookups: token hash, certificate fingerprint, exact address, host name;
 * CIDR blocks (longest prefix first) only when no exact entry matched, memoised per
 * address until the next rebuild.
 */
import { NetworkSet } from '../ingest/classify/networks.js';
import type { ResolvedDevice, SourceIdentity } from './directory.js';
import type { LookupRow } from './repo.js';
import { canonicalFingerprint, lookupAddress } from './sources.js';
import { hashToken } from './token.js';

interface CidrEntry {
  set: NetworkSet;
  len: number;
  device: CachedDevice;
}

/** A resolved device whose pin is always known (null = none). */
interface CachedDevice extends ResolvedDevice {
  /** When set, records must come with this client certificate (or the HTTP token). */
  pinnedFingerprint: string | null;
}

const MEMO_MAX = 50_000;

export class DeviceLookup {
  private readonly byId = new Map<string, CachedDevice>();
  private readonly byTokenHash = new Map<string, CachedDevice>();
  private readonly byFingerprint = new Map<string, CachedDevice>();
  private readonly byAddress = new Map<string, CachedDevice>();
  private readonly byHostname = new Map<string, CachedDevice>();
  private readonly cidrs: CidrEntry[] = [];
  private readonly cidrMemo = new Map<string, CachedDevice | null>();

  constructor(rows: readonly LookupRow[]) {
    for (const r of rows) {
      const internal = r.internal_networks === null ? null : (JSON.parse(r.internal_networks) as string[]);
      const dev: CachedDevice = {
        id: r.id,
        tenant: r.tenant,
        enabled: Number(r.enabled) === 1,
        silentAfterMs: Number(r.silent_after_ms),
        profile: { tenant: r.tenant, device: r.id, tz: r.timezone, format: r.format, internal },
        pinnedFingerprint: r.tls_fingerprint,
      };
      this.byId.set(r.id, dev);
      if (r.token_hash) this.byTokenHash.set(r.token_hash, dev);
      if (r.tls_fingerprint) this.byFingerprint.set(r.tls_fingerprint, dev);
      for (const s of r.sources) {
        if (s.kind === 'address') this.byAddress.set(s.value, dev);
        else if (s.kind === 'hostname') this.byHostname.set(s.value, dev);
        else {
          const len = Number(s.value.slice(s.value.indexOf('/') + 1));
          this.cidrs.push({ set: NetworkSet.parse([s.value], { includeLocal: false }), len, device: dev });
        }
      }
    }
    // Longest prefix wins when blocks overlap (a /28 for one branch inside a /24 of another).
    this.cidrs.sort((a, b) => b.len - a.len);
  }

  get size(): number {
    return this.byId.size;
  }

  byDeviceId(id: string): ResolvedDevice | undefined {
    return this.byId.get(id);
  }

  /**
   * Precedence: HTTP token (when one is given, nothing else counts), TLS client
   * certificate, exact address, syslog host name, CIDR block. A device with a pinned
   * certificate is not claimed by address or name alone: the pin exists because the
   * address is not trusted.
   */
  resolve(src: SourceIdentity): ResolvedDevice | null {
    if (src.token !== undefined) return this.byTokenHash.get(hashToken(src.token)) ?? null;
    if (src.tlsFingerprint !== undefined) {
      const byFp = this.byFingerprint.get(src.tlsFingerprint) ?? this.fingerprintSlow(src.tlsFingerprint);
      if (byFp) return byFp;
    }
    const dev = this.claimant(src);
    if (dev === null || dev.pinnedFingerprint !== null) return null;
    return dev;
  }

  /** The device whose address / name / block covers this source, ignoring credentials. */
  claimant(src: SourceIdentity): CachedDevice | null {
    const addr = lookupAddress(src.address);
    const exact = this.byAddress.get(addr);
    if (exact) return exact;
    if (src.hostname !== null && this.byHostname.size > 0) {
      const h = this.byHostname.get(src.hostname) ?? this.byHostname.get(src.hostname.toLowerCase());
      if (h) return h;
    }
    if (this.cidrs.length === 0) return null;
    const memo = this.cidrMemo.get(addr);
    if (memo !== undefined) return memo;
    let found: CachedDevice | null = null;
    for (const c of this.cidrs) {
      if (c.set.contains(addr)) {
        found = c.device;
        break;
      }
    }
    // Spoofed UDP sources could grow the memo without bound; start over when it is full.
    if (this.cidrMemo.size >= MEMO_MAX) this.cidrMemo.clear();
    this.cidrMemo.set(addr, found);
    return found;
  }

  private fingerprintSlow(fp: string): CachedDevice | undefined {
    const c = canonicalFingerprint(fp);
    return c === null ? undefined : this.byFingerprint.get(c);
  }
}
