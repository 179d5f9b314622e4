import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyTable, parseKvAll, scanKv } from './kv.js';

const T = keyTable(['srcip', 'msg', 'a', 'action', 'x']);
function scan(s: string, sep = 32): [boolean, (string | undefined)[]] {
  const out: (string | undefined)[] = [];
  const ok = scanKv(s, T, out, 0, sep);
  return [ok, out];
}

describe('scanKv', () => {
  it('reads wanted keys, quoted values with spaces, escaped quotes and "=" inside values', () => {
    const [ok, out] = scan('srcip=192.0.2.1 other="x y" msg="say \\"hi\\" a=b" action=deny');
    expect(ok).toBe(true);
    expect(out).toEqual(['192.0.2.1', 'say "hi" a=b', undefined, 'deny']);
  });
  it('skips bare words and keeps the key after them', () => {
    expect(scan('hello srcip=1.2.3.4 world action=allow')[1]).toEqual([
      '1.2.3.4',
      undefined,
      undefined,
      'allow',
    ]);
  });
  it('reports an unclosed quote as truncated', () => {
    expect(scan('srcip=1.2.3.4 msg="cut off')[0]).toBe(false);
  });
  it('handles other separators (pipes)', () => {
    expect(scan('srcip=1.2.3.4|msg=two words|a=1', 124)[1]).toEqual(['1.2.3.4', 'two words', '1']);
  });
  it('agrees with the reference Map parser on random key=value lines', () => {
    const key = fc.constantFrom('srcip', 'msg', 'a', 'action', 'x', 'other', 'ab', 'actions');
    const val = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9._:/-]{0,12}$/),
      fc.stringMatching(/^[A-Za-z0-9 =._-]{0,12}$/).map((v) => `"${v}"`),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(key, val), { maxLength: 12 }), (pairs) => {
        const line = pairs.map(([k, v]) => `${k}=${v}`).join(' ');
        const ref = parseKvAll(line);
        const [, out] = scan(line);
        T.keys.forEach((k, slot) => {
          // the reference keeps the last duplicate; scanKv too
          expect(out[slot]).toBe(ref.get(k));
        });
      }),
      { numRuns: 300 },
    );
  });
});
