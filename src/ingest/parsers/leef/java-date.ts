/**
 * A small interpreter for the Java SimpleDateFormat patterns LEEF's `devTimeFormat`
 * carries (IBM QRadar "LEEF format guide", predefined attribute devTimeFormat:
 * https://www.ibm.com/docs/en/dsm?topic=leef-predefined-event-attributes), e.g.
 * `MMM dd yyyy HH:mm:ss`, `MMM dd yyyy HH:mm:ss.SSS z`, `yyyy-MM-dd'T'HH:mm:ss.SSSZ`.
 *
 * Patterns are compiled once and cached, so the hot path is one Map lookup plus a walk
 * over the value. Letters supported: y M d H k h m s S a E z Z X; quoted literals;
 * any run of spaces in the pattern matches any run of spaces in the value.
 */
import { MONTHS } from '../../../core/time.js';
import { epochInZone, inferYear, resolveZone, type Zone } from './zones.js';

type Tok =
  | { kind: 'field'; letter: string; count: number }
  | { kind: 'lit'; text: string }
  | { kind: 'space' };

const cache = new Map<string, Tok[] | null>();

/** Compiles a pattern; null when it uses a letter we do not support. */
export function compilePattern(p: string): Tok[] | null {
  const hit = cache.get(p);
  if (hit !== undefined) return hit;
  const toks: Tok[] = [];
  let ok = true;
  for (let i = 0; i < p.length; ) {
    const ch = p[i];
    if (ch === "'") {
      const close = p.indexOf("'", i + 1);
      const text = close < 0 ? p.slice(i + 1) : p.slice(i + 1, close);
      toks.push(text.length === 0 ? { kind: 'lit', text: "'" } : { kind: 'lit', text });
      i = close < 0 ? p.length : close + 1;
    } else if (ch === ' ') {
      while (p[i] === ' ') i++;
      toks.push({ kind: 'space' });
    } else if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
      let j = i;
      while (p[j] === ch) j++;
      if (!'yMdHkhmsSaEzZX'.includes(ch)) ok = false;
      toks.push({ kind: 'field', letter: ch, count: j - i });
      i = j;
    } else {
      toks.push({ kind: 'lit', text: ch });
      i++;
    }
  }
  const res = ok ? toks : null;
  if (cache.size > 1000) cache.clear();
  cache.set(p, res);
  return res;
}

function isNumericField(t: Tok | undefined): boolean {
  return (
    t !== undefined &&
    t.kind === 'field' &&
    'yMdHkhmsS'.includes(t.letter) &&
    !(t.letter === 'M' && t.count >= 3)
  );
}

/**
 * Epoch ms of `v` read with `pattern`; wall-clock values without a zone are in
 * `defaultZone`. NaN when the value does not match or the date is impossible.
 */
export function parseJavaDate(v: string, pattern: string, defaultZone: Zone, nowMs: number): number {
  const toks = compilePattern(pattern);
  if (!toks) return Number.NaN;
  let y = Number.NaN;
  let mo = 1;
  let d = 1;
  let h = 0;
  let mi = 0;
  let s = 0;
  let ms = 0;
  let pm = -1;
  let zone: Zone | null = null;
  let i = 0;
  const n = v.length;
  for (let t = 0; t < toks.length; t++) {
    const tok = toks[t];
    if (tok.kind === 'space') {
      if (v.charCodeAt(i) !== 32) return Number.NaN;
      while (v.charCodeAt(i) === 32) i++;
      continue;
    }
    if (tok.kind === 'lit') {
      if (!v.startsWith(tok.text, i)) return Number.NaN;
      i += tok.text.length;
      continue;
    }
    const { letter, count } = tok;
    if (letter === 'M' && count >= 3) {
      const m = MONTHS[v.slice(i, i + 3)] ?? MONTHS[cap(v.slice(i, i + 3))];
      if (m === undefined) return Number.NaN;
      mo = m;
      i += 3;
      while (i < n && isLetter(v.charCodeAt(i))) i++; // "September"
      continue;
    }
    if (letter === 'E' || letter === 'a') {
      const st = i;
      while (i < n && isLetter(v.charCodeAt(i))) i++;
      if (i === st) return Number.NaN;
      if (letter === 'a') pm = v.slice(st, i).toUpperCase() === 'PM' ? 1 : 0;
      continue;
    }
    if (letter === 'z' || letter === 'Z' || letter === 'X') {
      const st = i;
      while (i < n && v.charCodeAt(i) !== 32) i++;
      zone = resolveZone(v.slice(st, i));
      if (!zone) return Number.NaN;
      continue;
    }
    // numeric field: fixed width when the next token is numeric too ("yyyyMMdd"), else greedy
    const fixed = isNumericField(toks[t + 1]);
    const max = fixed ? count : letter === 'S' ? 9 : letter === 'y' ? 4 : 2;
    const st = i;
    while (i < n && i - st < max && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) i++;
    if (i === st) return Number.NaN;
    const num = Number(v.slice(st, i));
    switch (letter) {
      case 'y':
        y = i - st <= 2 ? 2000 + num : num;
        break;
      case 'M':
        mo = num;
        break;
      case 'd':
        d = num;
        break;
      case 'H':
      case 'k':
      case 'h':
        h = letter === 'k' && num === 24 ? 0 : num;
        break;
      case 'm':
        mi = num;
        break;
      case 's':
        s = num;
        break;
      default:
        // S: read as a decimal fraction (Java reads a count of ms; devices mean a fraction)
        ms = Math.floor(Number(v.slice(st, Math.min(i, st + 3)).padEnd(3, '0')));
    }
  }
  if (i !== n) return Number.NaN;
  if (pm === 1 && h < 12) h += 12;
  else if (pm === 0 && h === 12) h = 0;
  if (Number.isNaN(y)) y = inferYear(mo, d, nowMs);
  return epochInZone(y, mo, d, h, mi, s, ms, zone ?? defaultZone);
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function cap(w: string): string {
  return w.length === 0 ? w : w[0].toUpperCase() + w.slice(1).toLowerCase();
}
