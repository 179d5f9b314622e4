/**
 * Keyset paging of the desk's lists: the cursor is the (time, id) of the last row sent,
 * opaque to clients (base64url), so a page never skips or repeats rows that tie on time.
 */
import { ApiError } from '../api/errors.js';

export interface Keyset {
  at: number;
  id: string;
}

export function encodeCursor(k: Keyset): string {
  return Buffer.from(`${k.at}:${k.id}`, 'utf8').toString('base64url');
}

/** The keyset of a cursor; a cursor this server did not hand out is a 400 naming `cursor`. */
export function decodeCursor(cursor: string): Keyset {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = /^(-?\d{1,16}):([A-Za-z0-9._-]{1,64})$/.exec(text);
  if (!m) throw new ApiError(400, 'invalid-input', 'cursor: not a cursor of this list', 'cursor');
  return { at: Number(m[1]), id: m[2] };
}

/** The page and the cursor of the next one (rows were fetched with `limit + 1`). */
export function pageOf<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => Keyset,
): { page: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { page: rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { page, nextCursor: encodeCursor(keyOf(page[page.length - 1])) };
}

/** `lower(column) LIKE pattern` text for a free-text search, with LIKE's wildcards escaped by `!`. */
export function likePattern(q: string): string {
  return `%${q.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
}
