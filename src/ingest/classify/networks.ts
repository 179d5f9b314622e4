/**
 * A set of CIDR blocks ("which addresses are inside this company?").
 *
 * `contains()` runs twice per event on the ingest hot path, so IPv4 addresses are
 * parsed to a uint32 by scanning char codes (no split, no regex, no allocation) and
 * compared against typed arrays. IPv6 uses a small hand parser writing into a shared
 * scratch buffer, also without allocation.
 */

/** RFC 1918 + RFC 6598 (carrier-grade NAT, used inside some SMEs' ISP routers) + ULA. */
export const DEFAULT_INTERNAL_NETWORKS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  'fc00::/7',
];

/**
 * Addresses that can never be an Internet host: "this network", loopback, link-local,
 * multicast and limited broadcast. They count as inside for every device, whatever
 * its own list says, so a device's own 127.0.0.1 or an SSDP multicast is never
 * reported as traffic to the outside.
 */
export const ALWAYS_LOCAL_NETWORKS = [
  '0.0.0.0/8',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '224.0.0.0/4',
  '255.255.255.255/32',
  '::/128',
  '::1/128',
  'fe80::/10',
  'ff00::/8',
];

export interface NetworkSetOptions {
  /** Add ALWAYS_LOCAL_NETWORKS (default true). */
  includeLocal?: boolean;
}

/** Thrown by `NetworkSet.parse` with every bad entry, not only the first. */
export class NetworkListError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid network list: ${problems.join('; ')}`);
    this.name = 'NetworkListError';
  }
}

/** IPv4 text → uint32 (as a non-negative number), or -1. Strict dotted quad. */
export function parseIPv4(s: string, start = 0, end = s.length): number {
  let acc = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      // A leading zero followed by more digits is ambiguous (octal in some libcs): reject.
      if (digits === 1 && part === 0) return -1;
      part = part * 10 + (c - 48);
      if (part > 255) return -1;
      digits++;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      acc = acc * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  if (digits === 0 || dots !== 3) return -1;
  return acc * 256 + part;
}

// Scratch words for IPv6 parsing: the hot path must not allocate.
const V6 = new Uint32Array(4);
const GROUPS = new Uint16Array(8);

/**
 * IPv6 text → the 4 big-endian words in `out` (default: the shared scratch buffer).
 * Accepts `::` compression, an embedded IPv4 tail and a `%zone` suffix. Returns false
 * when the text is not an IPv6 address.
 */
export function parseIPv6(s: string, out: Uint32Array = V6): boolean {
  let end = s.length;
  const pct = s.indexOf('%');
  if (pct >= 0) end = pct;
  if (end < 2) return false;
  let n = 0; // groups written before '::'
  let gap = -1; // index in GROUPS where '::' sits
  let i = 0;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return false;
    gap = 0;
    i = 2;
    if (i === end) {
      GROUPS.fill(0);
      return writeGroups(out);
    }
  }
  while (i < end) {
    if (n === 8) return false;
    // Find the end of this group.
    let j = i;
    let val = 0;
    let hexDigits = 0;
    let sawDot = false;
    while (j < end) {
      const c = s.charCodeAt(j);
      let d: number;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 102) d = c - 87;
      else if (c >= 65 && c <= 70) d = c - 55;
      else if (c === 46) {
        sawDot = true;
        break;
      } else break;
      val = (val << 4) | d;
      hexDigits++;
      j++;
    }
    if (sawDot) {
      // Embedded IPv4 takes the last two groups.
      if (n > 6) return false;
      const v4 = parseIPv4(s, i, end);
      if (v4 < 0) return false;
      GROUPS[n++] = v4 >>> 16;
      GROUPS[n++] = v4 & 0xffff;
      i = end;
      break;
    }
    if (hexDigits === 0 || hexDigits > 4) return false;
    GROUPS[n++] = val;
    i = j;
    if (i === end) break;
    if (s.charCodeAt(i) !== 58) return false;
    i++;
    if (i < end && s.charCodeAt(i) === 58) {
      if (gap >= 0) return false;
      gap = n;
      i++;
      if (i === end) break;
    } else if (i === end) {
      return false; // trailing single ':'
    }
  }
  if (gap >= 0) {
    if (n === 8) return false;
    const move = n - gap;
    for (let k = 0; k < move; k++) GROUPS[7 - k] = GROUPS[n - 1 - k];
    for (let k = gap; k < 8 - move; k++) GROUPS[k] = 0;
  } else if (n !== 8) {
    return false;
  }
  return writeGroups(out);
}

function writeGroups(out: Uint32Array): boolean {
  out[0] = ((GROUPS[0] << 16) | GROUPS[1]) >>> 0;
  out[1] = ((GROUPS[2] << 16) | GROUPS[3]) >>> 0;
  out[2] = ((GROUPS[4] << 16) | GROUPS[5]) >>> 0;
  out[3] = ((GROUPS[6] << 16) | GROUPS[7]) >>> 0;
  return true;
}

function maskOf(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

// Above this many IPv4 blocks a per-prefix-length hash lookup beats a linear scan.
const LINEAR_MAX = 16;

export class NetworkSet {
  private readonly v4Net: Uint32Array;
  private readonly v4Mask: Uint32Array;
  /** For large lists: prefix length → set of network numbers. */
  private readonly v4ByLen: { mask: number; nets: Set<number> }[] | null;
  /** IPv6 blocks: 4 network words + prefix length per block. */
  private readonly v6Net: Uint32Array;
  private readonly v6Len: Uint8Array;
  /** The blocks as given (normalised), for display and config round-trips. */
  readonly cidrs: readonly string[];

  private constructor(v4: [number, number][], v6: { words: Uint32Array; len: number }[], cidrs: string[]) {
    this.cidrs = cidrs;
    this.v4Net = new Uint32Array(v4.map((b) => b[0]));
    this.v4Mask = new Uint32Array(v4.map((b) => maskOf(b[1])));
    if (v4.length > LINEAR_MAX) {
      const byLen = new Map<number, Set<number>>();
      for (const [net, len] of v4) {
        let set = byLen.get(len);
        if (!set) byLen.set(len, (set = new Set()));
        set.add(net);
      }
      // Longest prefixes first is arbitrary for a yes/no answer; sort for determinism.
      this.v4ByLen = [...byLen.entries()]
        .sort((a, b) => b[0] - a[0])
        .map(([len, nets]) => ({ mask: maskOf(len), nets }));
    } else {
      this.v4ByLen = null;
    }
    this.v6Net = new Uint32Array(v6.length * 4);
    this.v6Len = new Uint8Array(v6.length);
    v6.forEach((b, k) => {
      this.v6Net.set(b.words, k * 4);
      this.v6Len[k] = b.len;
    });
  }

  /**
   * Parses CIDR blocks ("10.0.0.0/8", "2001:db8::/32"; a bare address is a /32 or
   * /128). Host bits are cleared. Throws NetworkListError listing every bad entry.
   */
  static parse(cidrs: readonly string[], opts: NetworkSetOptions = {}): NetworkSet {
    const all = opts.includeLocal === false ? [...cidrs] : [...cidrs, ...ALWAYS_LOCAL_NETWORKS];
    const v4: [number, number][] = [];
    const v6: { words: Uint32Array; len: number }[] = [];
    const problems: string[] = [];
    const seen = new Set<string>();
    const normal: string[] = [];
    for (const raw of all) {
      const text = raw.trim();
      const slash = text.indexOf('/');
      const addr = slash >= 0 ? text.slice(0, slash) : text;
      const lenText = slash >= 0 ? text.slice(slash + 1) : null;
      const isV6 = addr.includes(':');
      const maxLen = isV6 ? 128 : 32;
      const len = lenText === null ? maxLen : /^\d{1,3}$/.test(lenText) ? Number(lenText) : Number.NaN;
      if (!(len >= 0 && len <= maxLen)) {
        problems.push(`"${raw}": prefix length must be 0–${maxLen}`);
        continue;
      }
      if (isV6) {
        const words = new Uint32Array(4);
        if (addr.includes('%') || !parseIPv6(addr, words)) {
          problems.push(`"${raw}": not an IPv6 address`);
          continue;
        }
        for (let w = 0; w < 4; w++) {
          const bits = Math.max(0, Math.min(32, len - w * 32));
          words[w] = (words[w] & maskOf(bits)) >>> 0;
        }
        const key = `6:${words.join(',')}/${len}`;
        if (!seen.has(key)) {
          seen.add(key);
          v6.push({ words, len });
          normal.push(text);
        }
      } else {
        const ip = parseIPv4(addr);
        if (ip < 0) {
          problems.push(`"${raw}": not an IPv4 address`);
          continue;
        }
        const net = (ip & maskOf(len)) >>> 0;
        const key = `4:${net}/${len}`;
        if (!seen.has(key)) {
          seen.add(key);
          v4.push([net, len]);
          normal.push(text);
        }
      }
    }
    if (problems.length > 0) throw new NetworkListError(problems);
    return new NetworkSet(v4, v6, normal);
  }

  /** True when `ip` (IPv4 dotted quad or IPv6 text) lies in one of the blocks. Bad text → false. */
  contains(ip: string): boolean {
    const v4 = parseIPv4(ip);
    if (v4 >= 0) return this.containsV4(v4);
    if (ip.indexOf(':') < 0 || !parseIPv6(ip)) return false;
    // IPv4-mapped (::ffff:a.b.c.d) is an IPv4 host as far as inside/outside goes.
    if (V6[0] === 0 && V6[1] === 0 && V6[2] === 0xffff) return this.containsV4(V6[3]);
    return this.containsV6();
  }

  /** IPv4 membership for an address already parsed to uint32. */
  containsV4(ip: number): boolean {
    const byLen = this.v4ByLen;
    if (byLen !== null) {
      for (let k = 0; k < byLen.length; k++) {
        const b = byLen[k];
        if (b.nets.has((ip & b.mask) >>> 0)) return true;
      }
      return false;
    }
    const nets = this.v4Net;
    const masks = this.v4Mask;
    for (let k = 0; k < nets.length; k++) {
      if ((ip & masks[k]) >>> 0 === nets[k]) return true;
    }
    return false;
  }

  private containsV6(): boolean {
    const nets = this.v6Net;
    const lens = this.v6Len;
    outer: for (let k = 0; k < lens.length; k++) {
      let left = lens[k];
      for (let w = 0; w < 4 && left > 0; w++) {
        const bits = Math.min(left, 32);
        const m = maskOf(bits);
        if ((V6[w] & m) >>> 0 !== nets[k * 4 + w]) continue outer;
        left -= bits;
      }
      return true;
    }
    return false;
  }
}
