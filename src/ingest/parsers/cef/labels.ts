/**
 * Custom fields travel as value + label pairs (`cs2=sports cs2Label=URLCategory`); the
 * label says what the value is, and vendors differ in which number they use, so
 * vendor modules ask for a value by label rather than by number.
 */
import { S } from './keys.js';

type Values = readonly (string | undefined)[];

const PAIRS: readonly [number, number][] = [
  [S.cs1, S.cs1Label],
  [S.cs2, S.cs2Label],
  [S.cs3, S.cs3Label],
  [S.cs4, S.cs4Label],
  [S.cs5, S.cs5Label],
  [S.cs6, S.cs6Label],
  [S.cn1, S.cn1Label],
  [S.cn2, S.cn2Label],
  [S.cn3, S.cn3Label],
  [S.flexString1, S.flexString1Label],
  [S.flexString2, S.flexString2Label],
];

// Labels repeat from record to record ("URLCategory", "Policy Id"): normalise each once.
const normCache = new Map<string, string>();
function norm(l: string): string {
  let n = normCache.get(l);
  if (n === undefined) {
    n = l.toLowerCase().replace(/ /g, '');
    if (normCache.size > 4096) normCache.clear();
    normCache.set(l, n);
  }
  return n;
}

/** The non-empty value whose label equals one of `labels` (compared lower-case, spaces ignored). */
export function labeled(v: Values, labels: readonly string[]): string | null {
  for (const [val, lab] of PAIRS) {
    const l = v[lab];
    const x = v[val];
    if (l === undefined || x === undefined || x.length === 0) continue;
    if (labels.includes(norm(l))) return x;
  }
  return null;
}
