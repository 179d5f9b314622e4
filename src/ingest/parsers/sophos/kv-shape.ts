/** Cheap shape tests on a Sophos key=value payload (no allocation). */

/** Offset of `key` (ending in '=' or '="') at the start of a pair — line start or after a space — or -1. */
export function keyAt(s: string, key: string, from = 0): number {
  let i = s.indexOf(key, from);
  while (i >= 0) {
    const p = i === 0 ? 32 : s.charCodeAt(i - 1);
    if (p === 32 || p === 9) return i;
    i = s.indexOf(key, i + 1);
  }
  return -1;
}

export function hasKey(s: string, key: string): boolean {
  return keyAt(s, key) >= 0;
}
