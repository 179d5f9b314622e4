/**
 * Canonical text for device sources, so that what an operator types and what a socket
 * reports compare equal: IPv4 dotted quads, IPv6 in RFC 5952 form, CIDR with host bits
 * cleared (a full-length prefix is an exact address), lower-case host names, and
 * lower-case hex certificate fingerprints without colons.
 */
import { parseIPv4, parseIPv6 } from '../ingest/classify/networks.js';

export type SourceKind = 'address' | 'cidr' | 'hostname';

export interface CanonicalSource {
  kind: 'address' | 'cidr';
  value: string;
}

function v4Text(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function maskOf(bits: number): number {
  return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}

/** RFC 5952 text of 4 big-endian words; WHATWG URL parsing does the compression rules. */
function v6Text(words: Uint32Array): string {
  const groups: string[] = [];
  for (let w = 0; w < 4; w++) groups.push((words[w] >>> 16).toString(16), (words[w] & 0xffff).toString(16));
  const host = new URL(`http://[${groups.join(':')}]/`).hostname;
  return host.slice(1, -1);
}

/** An IP address or CIDR block → canonical form, or null when it is neither. */
export function canonicalSource(text: string): CanonicalSource | null {
  const t = text.trim();
  const slash = t.indexOf('/');
  const addr = slash >= 0 ? t.slice(0, slash) : t;
  const lenText = slash >= 0 ? t.slice(slash + 1) : null;
  if (lenText !== null && !/^\d{1,3}$/.test(lenText)) return null;
  if (addr.includes(':')) {
    const words = new Uint32Array(4);
    if (addr.includes('%') || !parseIPv6(addr, words)) return null;
    const len = lenText === null ? 128 : Number(lenText);
    if (len > 128) return null;
    // An IPv4-mapped address is the IPv4 host (dual-stack sockets report them this way).
    if (words[0] === 0 && words[1] === 0 && words[2] === 0xffff && len >= 96) {
      return canonicalSource(`${v4Text(words[3])}/${len - 96}`);
    }
    for (let w = 0; w < 4; w++) {
      const bits = Math.max(0, Math.min(32, len - w * 32));
      words[w] = (words[w] & maskOf(bits)) >>> 0;
    }
    return len === 128
      ? { kind: 'address', value: v6Text(words) }
      : { kind: 'cidr', value: `${v6Text(words)}/${len}` };
  }
  const ip = parseIPv4(addr);
  if (ip < 0) return null;
  const len = lenText === null ? 32 : Number(lenText);
  if (len > 32) return null;
  const net = (ip & maskOf(len)) >>> 0;
  return len === 32
    ? { kind: 'address', value: v4Text(net) }
    : { kind: 'cidr', value: `${v4Text(net)}/${len}` };
}

/**
 * Peer address from a socket → lookup key. Hot path: the common IPv4 case returns the
 * string unchanged; only IPv4-mapped IPv6 (dual-stack listeners) is rewritten.
 */
export function lookupAddress(address: string): string {
  if (address.startsWith('::ffff:') && address.indexOf('.') > 0) return address.slice(7);
  if (address.indexOf(':') >= 0 && /[A-F]/.test(address)) return address.toLowerCase();
  return address;
}

const HOSTNAME_RE =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\.?$/;

/** Syslog HOSTNAME → canonical (lower case, no trailing dot), or null when not a host name. */
export function canonicalHostname(text: string): string | null {
  const t = text.trim();
  if (!HOSTNAME_RE.test(t)) return null;
  return t.toLowerCase().replace(/\.$/, '');
}

/** SHA-256 certificate fingerprint ("AB:CD:…" as Node prints it, or plain hex) → 64 lower-case hex, or null. */
export function canonicalFingerprint(text: string): string | null {
  const hex = text.trim().replace(/:/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}
