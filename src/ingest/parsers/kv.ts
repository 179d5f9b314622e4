/**
 * Fast `key=value key2="quoted value" …` scanner shared by FortiGate, Sophos and
 * Check Point syslog. Only the values of wanted keys are sliced out; the rest of the
 * line is skipped, which is what keeps key=value parsing above half a million lines/s.
 */

/** Rolling hash of a key, the same one the scanner computes while it walks the key's characters. */
function keyHash(s: string, ks: number, ke: number): number {
  let h = 0;
  for (let i = ks; i < ke; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Wanted keys → slot numbers, looked up by a hash of the key's span in the line (no
 * slice), so unwanted keys (most of a FortiGate line) are never copied out.
 */
export class KeyTable {
  private readonly byHash = new Map<number, number[]>();

  constructor(readonly keys: readonly string[]) {
    keys.forEach((k, slot) => {
      const h = keyHash(k, 0, k.length);
      const list = this.byHash.get(h);
      if (list) list.push(slot);
      else this.byHash.set(h, [slot]);
    });
  }

  /** Slot of the key s[ks, ke) whose hash is `h` (see keyHash), or -1. */
  find(s: string, ks: number, ke: number, h = keyHash(s, ks, ke)): number {
    if (ke <= ks) return -1;
    const list = this.byHash.get(h);
    if (list === undefined) return -1;
    for (let i = 0; i < list.length; i++) {
      const k = this.keys[list[i]];
      if (k.length === ke - ks && s.startsWith(k, ks)) return list[i];
    }
    return -1;
  }

  /** Slot of a key given as a string. */
  get(key: string): number | undefined {
    const slot = this.find(key, 0, key.length);
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
 * Keys and unquoted values are delimited with native `indexOf`, not a character loop.
 */
export function scanKv(
  s: string,
  table: KeyTable,
  out: (string | undefined)[],
  start = 0,
  sep = 32,
  end = s.length,
): boolean {
  const sepChar = String.fromCharCode(sep);
  let i = start;
  while (i < end) {
    // skip separators and blanks
    let c = s.charCodeAt(i);
    while (c === sep || c === 32 || c === 9) {
      if (++i >= end) return true;
      c = s.charCodeAt(i);
    }
    // Keys are short: walking them in JS and hashing on the way beats a native search,
    // and a bare word ("word key=v") simply ends at its blank and is skipped.
    const ks = i;
    let h = 0;
    while (c !== 61 /* = */ && c !== sep && c !== 32 && i < end) {
      h = (Math.imul(h, 31) + c) | 0;
      c = s.charCodeAt(++i);
    }
    if (c !== 61 || i >= end) continue;
    const slot = table.find(s, ks, i, h);
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
      if (slot >= 0) {
        const v = s.slice(vs, j);
        out[slot] = escaped ? v.replace(/\\"/g, '"') : v;
      }
      i = j + 1;
    } else {
      // values end at the separator (and also at a blank when the separator is one)
      let ve = s.indexOf(sepChar, i);
      if (ve < 0 || ve > end) ve = end;
      if (slot >= 0) out[slot] = s.slice(i, ve);
      i = ve;
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
      : new RegExp(
          `([^${String.fromCharCode(sep)}=\\s]+)=(?:"((?:[^"\\\\]|\\\\.)*)"|([^${String.fromCharCode(sep)}]*))`,
          'g',
        );
  re.lastIndex = start;
  for (let mt = re.exec(s); mt !== null; mt = re.exec(s)) {
    m.set(mt[1], mt[2] !== undefined ? mt[2].replace(/\\"/g, '"') : (mt[3] ?? ''));
  }
  return m;
}
