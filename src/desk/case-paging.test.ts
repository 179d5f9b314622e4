/** Keyset cursors of the desk lists and the LIKE pattern of free-text search. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors.js';
import { decodeCursor, encodeCursor, likePattern, pageOf } from './case-paging.js';

describe('cursors', () => {
  it('round-trip', () => {
    const k = { at: 1_772_412_000_000, id: '0f8c7b1e-1111-4222-8333-444455556666' };
    expect(decodeCursor(encodeCursor(k))).toEqual(k);
  });
  it.each([
    '',
    'zzz',
    Buffer.from('12:').toString('base64url'),
    Buffer.from("1:a' or 1=1").toString('base64url'),
  ])('%j is a 400 naming cursor', (c) => {
    try {
      decodeCursor(c);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).field).toBe('cursor');
    }
  });
  it('a page of limit + 1 rows has a next cursor', () => {
    const rows = [1, 2, 3].map((n) => ({ at: n, id: `r${n}` }));
    expect(pageOf(rows, 2, (r) => r)).toEqual({ page: rows.slice(0, 2), nextCursor: encodeCursor(rows[1]) });
    expect(pageOf(rows, 3, (r) => r).nextCursor).toBeNull();
  });
});

describe('likePattern', () => {
  it('lower-cases and escapes the wildcards', () => {
    expect(likePattern('Ab%_!')).toBe('%ab!%!_!!%');
  });
});
