/**
 * Wanted-key lookup without allocation. A Map<string, slot> needs the key sliced out of
 * the line and hashed as a new string for every pair — most of a CEF record's cost, as
 * a record carries 30–100 pairs of which a parser wants a dozen. Here the key's hash is
 * folded while the tokenizer walks back over the key characters anyway, an open-
 * addressing table is probed with it, and a hit is confirmed with `startsWith` in place.
 */

export interface HashedKeys {
  readonly mask: number;
  /** Table cell → entry index, -1 when empty. */
  readonly cells: Int32Array;
  readonly keys: readonly string[];
  readonly slots: Int32Array;
}

/** Hash step; the tokenizer folds key characters from last to first. */
export function hashStep(h: number, c: number): number {
  return (Math.imul(h, 31) + c) | 0;
}

/** Hash of `s[start, end)`, folded from the end like the tokenizer does. */
export function hashRange(s: string, start: number, end: number): number {
  let h = 0;
  for (let i = end - 1; i >= start; i--) h = hashStep(h, s.charCodeAt(i));
  return h;
}

/** Builds the table from key → slot pairs. */
export function hashedKeys(entries: Iterable<[string, number]>): HashedKeys {
  const list = [...entries];
  let size = 64;
  while (size < list.length * 4) size <<= 1;
  const cells = new Int32Array(size).fill(-1);
  const keys: string[] = [];
  const slots = new Int32Array(list.length);
  list.forEach(([k, slot], i) => {
    keys.push(k);
    slots[i] = slot;
    let idx = hashRange(k, 0, k.length) & (size - 1);
    while (cells[idx] !== -1) idx = (idx + 1) & (size - 1);
    cells[idx] = i;
  });
  return { mask: size - 1, cells, keys, slots };
}

/** Slot of the key `s[start, end)` with hash `h`, or -1 when the key is not wanted. */
export function probe(t: HashedKeys, s: string, start: number, end: number, h: number): number {
  const len = end - start;
  let idx = h & t.mask;
  for (;;) {
    const e = t.cells[idx];
    if (e === -1) return -1;
    const k = t.keys[e];
    if (k.length === len && s.startsWith(k, start)) return t.slots[e];
    idx = (idx + 1) & t.mask;
  }
}
