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
 *
 * Addresses travel packed (4 or 16 bytes each in one buffer): an export anonymises
 * hundreds of thousands of them, and an object per address keeps the garbage collector
 * busier than the cipher.
 */
import { type Cipher, createCipheriv } from 'node:crypto';
import { isIPv6 } from 'node:net';

/**
 * Bytes of cipher input per call. Small calls reuse memory the allocator already has:
 * megabyte buffers cost a page fault per 4 KB, which on a virtual machine is slower
 * than the AES itself.
 */
const CHUNK_BYTES = 64 * 1024;

export class CryptoPan {
  private readonly cipher: Cipher;
  private readonly pad: Buffer;
  /**
   * The first 16 output bits depend on the first 16 input bits only: they are computed
   * once per /16 prefix seen and kept here (bit 16 marks "known"). Addresses cluster in
   * few prefixes, so this halves the cipher work of IPv4.
   */
  private readonly top = new Uint32Array(65536);

  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new Error('a Crypto-PAn key is 32 bytes');
    this.cipher = createCipheriv('aes-128-ecb', key.subarray(0, 16), null);
    this.cipher.setAutoPadding(false);
    this.pad = this.cipher.update(key.subarray(16, 32));
  }

  /** Anonymises addresses given as bytes (4 for IPv4, 16 for IPv6), all of one length. */
  anonymizeBytes(addrs: readonly Uint8Array[]): Uint8Array[] {
    if (addrs.length === 0) return [];
    const len = addrs[0].length;
    const packed = new Uint8Array(addrs.length * len);
    addrs.forEach((a, i) => {
      if (a.length !== len) throw new Error('addresses of one call have one length');
      packed.set(a, i * len);
    });
    const out = this.anonymizePacked(packed, len);
    return addrs.map((_, i) => out.subarray(i * len, (i + 1) * len));
  }

  /** Anonymises `packed` (addresses of `len` bytes back to back) into a new buffer of the same layout. */
  anonymizePacked(packed: Uint8Array, len: number): Uint8Array {
    if (len !== 4 && len !== 16) throw new Error('IPv4 (4 bytes) or IPv6 (16 bytes)');
    const n = packed.length / len;
    const out = new Uint8Array(packed.length);
    this.learnTop(packed, len, n);
    const bits = len * 8;
    const per = Math.max(1, Math.floor(CHUNK_BYTES / ((bits - 16) * 16)));
    for (let first = 0; first < n; first += per) {
      const count = Math.min(per, n - first);
      const blocks = Buffer.allocUnsafe(count * (bits - 16) * 16).fill(this.pad);
      let o = 0;
      for (let i = first; i < first + count; i++) o = this.fillBlocks(blocks, o, packed, i * len, 16, bits);
      const enc = this.cipher.update(blocks);
      let e = 0;
      for (let i = first; i < first + count; i++) {
        const at = i * len;
        const top = this.top[(packed[at] << 8) | packed[at + 1]];
        out[at] = ((top >> 8) & 0xff) ^ packed[at];
        out[at + 1] = (top & 0xff) ^ packed[at + 1];
        for (let b = 2; b < len; b++) {
          let byte = 0;
          for (let k = 0; k < 8; k++, e += 16) byte |= (enc[e] >> 7) << (7 - k);
          out[at + b] = byte ^ packed[at + b];
        }
      }
    }
    return out;
  }

  /**
   * Writes the cipher inputs of bit positions [from, to) of the address at `a[at…]`: each
   * block already holds the pad (one native fill for the whole buffer) and takes the
   * address's first `pos` bits.
   */
  private fillBlocks(blocks: Buffer, o: number, a: Uint8Array, at: number, from: number, to: number): number {
    const pad = this.pad;
    for (let pos = from; pos < to; pos++, o += 16) {
      const whole = pos >> 3;
      for (let j = 0; j < whole; j++) blocks[o + j] = a[at + j];
      const rest = pos & 7;
      if (rest) {
        const mask = (0xff << (8 - rest)) & 0xff;
        blocks[o + whole] = (a[at + whole] & mask) | (pad[whole] & ~mask & 0xff);
      }
    }
    return o;
  }

  /** Computes the first 16 output bits of every /16 prefix in `packed` not seen before. */
  private learnTop(packed: Uint8Array, len: number, n: number): void {
    const unknown: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = (packed[i * len] << 8) | packed[i * len + 1];
      if (this.top[p] === 0) {
        this.top[p] = 1; // listed once (bit 16 stays clear until computed)
        unknown.push(p);
      }
    }
    const per = CHUNK_BYTES / (16 * 16);
    const prefix = new Uint8Array(2);
    for (let i = 0; i < unknown.length; i += per) {
      const some = unknown.slice(i, i + per);
      const blocks = Buffer.allocUnsafe(some.length * 16 * 16).fill(this.pad);
      let o = 0;
      for (const p of some) {
        prefix[0] = p >> 8;
        prefix[1] = p & 0xff;
        o = this.fillBlocks(blocks, o, prefix, 0, 0, 16);
      }
      const enc = this.cipher.update(blocks);
      let e = 0;
      for (const p of some) {
        let bits = 0;
        for (let pos = 0; pos < 16; pos++, e += 16) bits |= (enc[e] >> 7) << (15 - pos);
        this.top[p] = 0x10000 | bits;
      }
    }
  }

  /**
   * Anonymises address texts; the result maps each input to its anonymised text, or to
   * null when it is not an IP address (a host name in an address field is not kept).
   * IPv4-mapped IPv6 (::ffff:192.0.2.1) is anonymised as the IPv4 address it carries.
   */
  anonymizeAll(values: Iterable<string>): Map<string, string | null> {
    const out = new Map<string, string | null>();
    const texts4: string[] = [];
    const texts6: string[] = [];
    let v4 = new Uint8Array(4 * 1024);
    const v6: Uint8Array[] = [];
    for (const text of values) {
      if (out.has(text)) continue;
      out.set(text, null);
      if (v4.length < (texts4.length + 1) * 4) {
        const bigger = new Uint8Array(v4.length * 2);
        bigger.set(v4);
        v4 = bigger;
      }
      if (parseIPv4Into(text.trim(), v4, texts4.length * 4)) {
        texts4.push(text);
        continue;
      }
      const bytes = parseIp(text);
      if (bytes?.length === 4) {
        v4.set(bytes, texts4.length * 4);
        texts4.push(text);
      } else if (bytes) {
        v6.push(bytes);
        texts6.push(text);
      }
    }
    const a4 = this.anonymizePacked(v4.subarray(0, texts4.length * 4), 4);
    for (let i = 0; i < texts4.length; i++)
      out.set(texts4[i], `${a4[4 * i]}.${a4[4 * i + 1]}.${a4[4 * i + 2]}.${a4[4 * i + 3]}`);
    const a6 = this.anonymizeBytes(v6);
    for (let i = 0; i < texts6.length; i++) out.set(texts6[i], formatIp(a6[i]));
    return out;
  }

  anonymize(ip: string): string | null {
    return this.anonymizeAll([ip]).get(ip) ?? null;
  }
}

/** The bytes of an IPv4 or IPv6 address text (zone id dropped; IPv4-mapped → 4 bytes), or null. */
export function parseIp(text: string): Uint8Array | null {
  const s = text.trim();
  const v4 = new Uint8Array(4);
  if (parseIPv4Into(s, v4, 0)) return v4;
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

/**
 * A dotted quad by hand, written into `out` at `at`: an export holds hundreds of
 * thousands, and a character loop is several times faster than a regular expression
 * and split. Octets of one to three digits, at most 255, no leading zero (as
 * node:net's isIPv4).
 */
function parseIPv4Into(s: string, out: Uint8Array, at: number): boolean {
  let part = 0;
  let value = 0;
  let digits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c >= 48 && c <= 57) {
      if (digits === 1 && value === 0) return false;
      value = value * 10 + (c - 48);
      if (++digits > 3 || value > 255) return false;
    } else if (c === 46) {
      if (digits === 0 || part > 3) return false;
      out[at + part++] = value;
      value = 0;
      digits = 0;
    } else return false;
  }
  return part === 4;
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
