/**
 * Fast `key=value key2="quoted value" …` scanner shared by FortiGate, Sophos and
 * Check Point syslog. Only the values of wanted keys are sliced out; the rest of the
 * line is skipped, which is what keeps key=value parsing above half a million lines/s.
 */

/**
 * Wanted keys → slot numbers, looked up by a hash computed while the scanner walks the
 * key's characters, so unwanted keys (most of a FortiGate line) are never copied out.
 */
export class KeyTable {
  private readonly byHash = new Map<number, number[]>();

  constructor(readonly keys: readonly string[]) {
    keys.forEach((k, slot) => {
      let h = 0;
      for (let i = 0; i < k.length; i++) h = (Math.imul(h, 31) + k.charCodeAt(i)) | 0;
      const list = this.byHash.get(h);
      if (list) list.push(slot);
      else this.byHash.set(h, [slot]);
    });
  }

  /** Slot of the key s[ks, ke) whose hash is `h`, or -1. */
  find(s: string, ks: number, ke: number, h: number): number {
    const list = this.byHash.get(h);
    if (list === undefined) return -1;
    for (let i = 0; i < list.length; i++) {
      const k = this.keys[list[i]];
      if (k.length === ke - ks && s.startsWith(k, ks)) return list[i];
    }
    return -1;
  }

  /** Slot of a key given as a string, or -1. */
  get(key: string): number | undefined {
    let h = 0;
    for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0;
    const slot = this.find(key, 0, key.length, h);
    return slot < 0 ? undefined : slot;
  }
}

export function keyTable<const K extends readonly string[]>(keys: K): KeyTable {
  return new KeyTable(keys);
}

/**
 * Fills `out[slot]` with the value of each wanted key found (unquoted, `\"` unescaped).
 * `sep` is the pair separator (space by default; Sophos UTM and Check Point use others).
 * Returns false when a quoted value is never closed (a truncated record).
 */
export function scanKv(
  s: string,
  table: KeyTable,
  out: (string | undefined)[],
  start = 0,
  sep = 32,
  end = s.length,
): boolean {
  let i = start;
  while (i < end) {
    // skip separators and spaces
    let c = s.charCodeAt(i);
    while (i < end && (c === sep || c === 32 || c === 9)) c = s.charCodeAt(++i);
    if (i >= end) break;
    const ks = i;
    let h = 0;
    while (i < end && c !== 61 /* = */ && c !== sep && c !== 32) {
      h = (Math.imul(h, 31) + c) | 0;
      c = s.charCodeAt(++i);
    }
    if (c !== 61) {
      // a bare word without '=': skip it
      continue;
    }
    const found = table.find(s, ks, i, h);
    const slot = found < 0 ? undefined : found;
    i++;
    if (s.charCodeAt(i) === 34 /* " */) {
      const vs = i + 1;
      let j = vs;
      let escaped = false;
      for (;;) {
        j = s.indexOf('"', j);
        if (j < 0 || j >= end) return false;
        if (s.charCodeAt(j - 1) === 92 && !isEscapedBackslash(s, j - 1)) {
          escaped = true;
          j++;
          continue;
        }
        break;
      }
      if (slot !== undefined) {
        const v = s.slice(vs, j);
        out[slot] = escaped ? v.replace(/\\"/g, '"') : v;
      }
      i = j + 1;
    } else {
      const vs = i;
      c = s.charCodeAt(i);
      while (i < end && c !== sep && (sep !== 32 || c !== 32)) c = s.charCodeAt(++i);
      if (slot !== undefined) out[slot] = s.slice(vs, i);
    }
  }
  return true;
}

/** True when the backslash at `i` is itself escaped (an even run of backslashes before a quote). */
function isEscapedBackslash(s: string, i: number): boolean {
  let n = 0;
  while (i >= 0 && s.charCodeAt(i) === 92) {
    n++;
    i--;
  }
  return n % 2 === 0;
}

/** Every pair as a Map (slower; for tools and rare record types, not the hot path). */
export function parseKvAll(s: string, start = 0, sep = 32): Map<string, string> {
  const m = new Map<string, string>();
  const re =
    sep === 32
      ? /([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g
      : new RegExp(`([^${String.fromCharCode(sep)}=\\s]+)=(?:"((?:[^"\\\\]|\\\\.)*)"|([^${String.fromCharCode(sep)}]*))`, 'g');
  re.lastIndex = start;
  for (let mt = re.exec(s); mt !== null; mt = re.exec(s)) {
    m.set(mt[1], mt[2] !== undefined ? mt[2].replace(/\\"/g, '"') : (mt[3] ?? ''));
  }
  return m;
}
