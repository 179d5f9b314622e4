/**
 * CEF extension tokenizer: `key=value key2=value with spaces key3=…`.
 *
 * CEF Implementation Standard ("ArcSight Common Event Format (CEF) Implementation
 * Standard", https://www.microfocus.com/documentation/arcsight/arcsight-smartconnectors/pdfdoc/cef-implementation-standard/cef-implementation-standard.pdf):
 * values may contain spaces, a value ends where the next ` key=` begins, and inside a
 * value `=` and `\` are escaped as `\=` and `\\`; `\n` / `\r` stand for line breaks.
 *
 * One pass: `indexOf('=')` jumps from one equals sign to the next; for each unescaped
 * one the word just before it is checked backwards (key characters back to a space).
 * `CN=x,O=y` inside a value is therefore not a key (the `O` follows a comma), and
 * `\=` never is. Only the values of wanted keys are sliced; the first occurrence of a
 * key wins (Check Point repeats `cs4Label` / `cs4` pairs and the first pair belongs together).
 */
import { type HashedKeys, hashStep, probe } from './key-hash.js';

/** Key characters: letters, digits, `_`, `-`, `.`, `[`, `]` (PanOSX-Forwarded-ForIP, ad.field[0]). */
const KEY_CHAR = new Uint8Array(128);
for (let c = 48; c <= 57; c++) KEY_CHAR[c] = 1;
for (let c = 65; c <= 90; c++) KEY_CHAR[c] = 1;
for (let c = 97; c <= 122; c++) KEY_CHAR[c] = 1;
KEY_CHAR[95] = 1;
KEY_CHAR[45] = 1;
KEY_CHAR[46] = 1;
KEY_CHAR[91] = 1;
KEY_CHAR[93] = 1;

function isKeyChar(c: number): boolean {
  return c < 128 && KEY_CHAR[c] === 1;
}

/** True when the character at `i` is preceded by an odd run of backslashes. */
function isEscaped(s: string, i: number, lo: number): boolean {
  let n = 0;
  let j = i - 1;
  while (j >= lo && s.charCodeAt(j) === 92) {
    n++;
    j--;
  }
  return (n & 1) === 1;
}

/** Callback form used by `forEachPair`; the scanner itself only needs start/end offsets. */
type PairSink = (keyStart: number, keyEnd: number, valStart: number, valEnd: number) => void;

/**
 * Walks the pairs of `s[start, end)`, calling `sink` with offsets (value offsets already
 * trimmed of surrounding spaces). Returns the number of pairs. Text before the first
 * key (stray words) is ignored.
 */
export function walkExtension(s: string, start: number, end: number, sink: PairSink): number {
  let pairs = 0;
  let keyStart = -1;
  let keyEnd = -1;
  let valStart = start;
  let eq = s.indexOf('=', start);
  while (eq >= 0 && eq < end) {
    if (isEscaped(s, eq, valStart)) {
      eq = s.indexOf('=', eq + 1);
      continue;
    }
    let k = eq - 1;
    while (k >= valStart && isKeyChar(s.charCodeAt(k))) k--;
    // a key is a non-empty run of key characters that starts the extension or follows a space
    if (k < eq - 1 && (k < valStart ? keyStart < 0 : s.charCodeAt(k) === 32)) {
      if (keyStart >= 0) {
        emit(s, keyStart, keyEnd, valStart, k, sink);
        pairs++;
      }
      keyStart = k + 1;
      keyEnd = eq;
      valStart = eq + 1;
    }
    eq = s.indexOf('=', eq + 1);
  }
  if (keyStart >= 0) {
    emit(s, keyStart, keyEnd, valStart, end, sink);
    pairs++;
  }
  return pairs;
}

function emit(s: string, ks: number, ke: number, vs: number, ve: number, sink: PairSink): void {
  while (vs < ve && s.charCodeAt(vs) === 32) vs++;
  while (ve > vs && s.charCodeAt(ve - 1) === 32) ve--;
  sink(ks, ke, vs, ve);
}

/** Undoes CEF extension escapes; unknown escapes (`C:\Users`) keep their backslash. */
export function unescapeValue(v: string): string {
  if (v.indexOf('\\') < 0) return v;
  let out = '';
  let last = 0;
  for (let i = 0; i < v.length; i++) {
    if (v.charCodeAt(i) !== 92 || i + 1 >= v.length) continue;
    const n = v.charCodeAt(i + 1);
    let rep: string | null = null;
    if (n === 61 || n === 92 || n === 124) rep = v[i + 1];
    else if (n === 110) rep = '\n';
    else if (n === 114) rep = '\r';
    if (rep === null) continue;
    out += v.slice(last, i) + rep;
    i++;
    last = i + 1;
  }
  return out + v.slice(last);
}

/**
 * Fills `out[slot]` for each wanted key of `table` found in `s[start, end)`, first
 * occurrence winning. `out` must hold `undefined` in every slot on entry.
 * Returns the number of pairs seen (0 means the extension holds no pair at all).
 */
export function scanExtension(
  s: string,
  start: number,
  end: number,
  table: HashedKeys,
  out: (string | undefined)[],
): number {
  // Same walk as walkExtension, inlined, with the key hash folded during the backward scan.
  let pairs = 0;
  let keyStart = -1;
  let keyEnd = -1;
  let keyHash = 0;
  let valStart = start;
  let eq = s.indexOf('=', start);
  for (;;) {
    const last = eq < 0 || eq >= end;
    let k = 0;
    let h = 0;
    if (!last) {
      if (s.charCodeAt(eq - 1) === 92 && isEscaped(s, eq, valStart)) {
        eq = s.indexOf('=', eq + 1);
        continue;
      }
      k = eq - 1;
      for (; k >= valStart; k--) {
        const c = s.charCodeAt(k);
        if (c >= 128 || KEY_CHAR[c] !== 1) break;
        h = hashStep(h, c);
      }
      if (!(k < eq - 1 && (k < valStart ? keyStart < 0 : s.charCodeAt(k) === 32))) {
        eq = s.indexOf('=', eq + 1);
        continue;
      }
    }
    if (keyStart >= 0) {
      pairs++;
      const slot = probe(table, s, keyStart, keyEnd, keyHash);
      if (slot >= 0 && out[slot] === undefined) {
        let vs = valStart;
        let ve = last ? end : k;
        while (vs < ve && s.charCodeAt(vs) === 32) vs++;
        while (ve > vs && s.charCodeAt(ve - 1) === 32) ve--;
        const v = s.slice(vs, ve);
        out[slot] = v.indexOf('\\') < 0 ? v : unescapeValue(v);
      }
    }
    if (last) break;
    keyStart = k + 1;
    keyEnd = eq;
    keyHash = h;
    valStart = eq + 1;
    eq = s.indexOf('=', eq + 1);
  }
  return pairs;
}

/** Every pair, unescaped, in order (tests and tools; not the hot path). */
export function parseExtensionAll(s: string, start = 0, end = s.length): [string, string][] {
  const pairs: [string, string][] = [];
  walkExtension(s, start, end, (ks, ke, vs, ve) => {
    pairs.push([s.slice(ks, ke), unescapeValue(s.slice(vs, ve))]);
  });
  return pairs;
}
