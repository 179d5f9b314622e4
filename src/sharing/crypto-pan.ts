/**
 * Crypto-PAn: prefix-preserving IP address anonymisation (J. Xu, J. Fan, M. Ammar,
 * S. Moon, "Prefix-Preserving IP Address Anonymization", ICNP 2002). Two addresses that
 * share their first n bits map to two addresses that share their first n bits, and no
 * more; the mapping is one-to-one and, with the same key, the same in every export.
 *
 * Key: 32 bytes. The first 16 are the AES-128 key; the last 16, encrypted with it, are
 * the pad. Bit i of the output is bit i of the input XOR the first bit of
 * AES(first i input bits followed by the pad's remaining bits). IPv6 is the same
 * construction over 128 bits. AES comes from node:crypto (OpenSSL); ECB encrypts each
 * 16-byte block on its own, so one cipher call does every bit position of many
 * addresses at once.
 */
import { type Cipher, createCipheriv } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/** Addresses per cipher call: 4,096 IPv4 addresses are 2 MB of blocks. */
const BATCH = 4096;

export class CryptoPan {
  private readonly cipher: Cipher;
  private readonly pad: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new Error('a Crypto-PAn key is 32 bytes');
    this.cipher = createCipheriv('aes-128-ecb', key.subarray(0, 16), null);
    this.cipher.setAutoPadding(false);
    this.pad = this.cipher.update(key.subarray(16, 32));
  }

  /** Anonymises addresses given as bytes (4 for IPv4, 16 for IPv6), all of one length. */
  anonymizeBytes(addrs: readonly Uint8Array[]): Buffer[] {
    const out: Buffer[] = [];
    for (let i = 0; i < addrs.length; i += BATCH) out.push(...this.batch(addrs.slice(i, i + BATCH)));
    return out;
  }

  private batch(addrs: readonly Uint8Array[]): Buffer[] {
    if (addrs.length === 0) return [];
    const len = addrs[0].length;
    const bits = len * 8;
    const blocks = Buffer.allocUnsafe(addrs.length * bits * 16);
    let o = 0;
    for (const a of addrs) {
      if (a.length !== len) throw new Error('addresses of one batch have one length');
      for (let pos = 0; pos < bits; pos++, o += 16) {
        // the first `pos` bits of the address, then the pad's bits
        this.pad.copy(blocks, o);
        const whole = pos >> 3;
        for (let j = 0; j < whole; j++) blocks[o + j] = a[j];
        const rest = pos & 7;
        if (rest) {
          const mask = (0xff << (8 - rest)) & 0xff;
          blocks[o + whole] = (a[whole] & mask) | (this.pad[whole] & ~mask & 0xff);
        }
      }
    }
    const enc = this.cipher.update(blocks);
    const res: Buffer[] = [];
    let e = 0;
    for (const a of addrs) {
      const r = Buffer.alloc(len);
      for (let pos = 0; pos < bits; pos++, e += 16) r[pos >> 3] |= (enc[e] >> 7) << (7 - (pos & 7));
      for (let j = 0; j < len; j++) r[j] ^= a[j];
      res.push(r);
    }
    return res;
  }

  /**
   * Anonymises address texts; the result maps each input to its anonymised text, or to
   * null when it is not an IP address (a host name in an address field is not kept).
   * IPv4-mapped IPv6 (::ffff:192.0.2.1) is anonymised as the IPv4 address it carries.
   */
  anonymizeAll(values: Iterable<string>): Map<string, string | null> {
    const out = new Map<string, string | null>();
    const v4: { text: string; bytes: Uint8Array }[] = [];
    const v6: { text: string; bytes: Uint8Array }[] = [];
    for (const text of values) {
      if (out.has(text)) continue;
      const bytes = parseIp(text);
      out.set(text, null);
      if (bytes?.length === 4) v4.push({ text, bytes });
      else if (bytes) v6.push({ text, bytes });
    }
    for (const group of [v4, v6]) {
      const anon = this.anonymizeBytes(group.map((g) => g.bytes));
      for (let i = 0; i < group.length; i++) out.set(group[i].text, formatIp(anon[i]));
    }
    return out;
  }

  anonymize(ip: string): string | null {
    return this.anonymizeAll([ip]).get(ip) ?? null;
  }
}

/** The bytes of an IPv4 or IPv6 address text (zone id dropped; IPv4-mapped → 4 bytes), or null. */
export function parseIp(text: string): Uint8Array | null {
  const s = text.trim();
  if (isIPv4(s)) return Uint8Array.from(s.split('.').map(Number));
  const bare = s.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!isIPv6(bare)) return null;
  const bytes = new Uint8Array(16);
  let head = bare;
  let v4tail: number[] | null = null;
  const lastColon = head.lastIndexOf(':');
  if (head.slice(lastColon + 1).includes('.')) {
    v4tail = head
      .slice(lastColon + 1)
      .split('.')
      .map(Number);
    head = `${head.slice(0, lastColon + 1)}0:0`;
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, null];
  const groups = (p: string) => (p === '' ? [] : p.split(':').map((g) => Number.parseInt(g, 16)));
  const l = groups(left);
  const r = right === null ? [] : groups(right);
  const all = right === null ? l : [...l, ...new Array(8 - l.length - r.length).fill(0), ...r];
  all.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  if (v4tail) bytes.set(v4tail, 12);
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

/** Dotted quad, or RFC 5952 text (lower case, the longest run of two or more zero groups as ::). */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join('.');
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((bytes[i] << 8) | bytes[i + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}
