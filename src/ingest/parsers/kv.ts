/**
 * Fast `key=value key2="quoted value" …` scanner shared by FortiGate, Sophos and
 * Check Point syslog. Only the values of wanted keys are sliced out; the rest of the
 * line is skipped, which is what keeps key=value parsing above half a million lines/s.
 */

/**
 * Key hash from its length and three characters: cheap to compute at the scan position
 * without walking the key; `find` confirms the whole key with `startsWith`.
 */
function keyHash(s: string, ks: number, ke: number): number {
  const len = ke - ks;
  return (
    (len * 7919) ^
    (s.charCodeAt(ks) * 961) ^
    (s.charCodeAt(ks + (len > 1 ? 1 : 0)) * 31) ^
    s.charCodeAt(ke - 1)
  );
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

  /** Slot of the key s[ks, ke), or -1. */
  find(s: string, ks: number, ke: number): number {
    if (ke <= ks) return -1;
    const list = this.byHash.get(keyHash(s, ks, ke));
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
    const eq = s.indexOf('=', i);
    if (eq < 0 || eq >= end) return true;
    // A bare word before the key ("word key=v") would make the key contain a blank: take
    // the key from the last blank/separator before '='.
    let ks = i;
    const blank = s.lastIndexOf(' ', eq);
    if (blank >= ks) ks = blank + 1;
    if (sep !== 32) {
      const sp = s.lastIndexOf(sepChar, eq);
      if (sp >= ks) ks = sp + 1;
    }
    const slot = table.find(s, ks, eq);
    i = eq + 1;
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
