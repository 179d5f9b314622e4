/**
 * Login sessions. The cookie holds 32 random bytes (base64url); the database keeps only
 * their SHA-256, so a copy of the state database cannot be replayed as a login.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { SessionsTable, StateDb, UsersTable } from '../storage/state/state-db.js';

export const SESSION_COOKIE = 'otasuke_session';
/** A session unused this long ends (a forgotten browser in a shared office). */
export const SESSION_IDLE_MS = 8 * 3_600_000;
/** A session never lives longer than this, however active. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 3_600_000;
/** last_seen_at is written at most this often: one write per minute, not one per request. */
export const SESSION_TOUCH_MS = 60_000;

const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

export function hashSessionId(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

export interface NewSession {
  /** The cookie value (shown to the browser once, never stored). */
  value: string;
  idHash: string;
  csrfToken: string;
}

export async function createSession(
  db: StateDb,
  userId: string,
  now: number,
  meta: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const value = randomBytes(32).toString('base64url');
  const idHash = hashSessionId(value);
  const csrfToken = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      id_hash: idHash,
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: now + SESSION_ABSOLUTE_MS,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { value, idHash, csrfToken };
}

export interface LiveSession {
  session: Selectable<SessionsTable>;
  user: Selectable<UsersTable>;
}

/**
 * The live session of a cookie value, or null when unknown, expired (idle or absolute)
 * or its user is disabled. Expired rows are deleted on the way.
 */
export async function loadSession(db: StateDb, value: string, now: number): Promise<LiveSession | null> {
  if (!COOKIE_VALUE.test(value)) return null;
  const idHash = hashSessionId(value);
  const session = await db
    .selectFrom('sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
  if (!session) return null;
  if (now >= session.expires_at || now - session.last_seen_at >= SESSION_IDLE_MS) {
    await endSession(db, idHash);
    return null;
  }
  const user = await db.selectFrom('users').selectAll().where('id', '=', session.user_id).executeTakeFirst();
  if (!user || user.disabled) return null;
  if (now - session.last_seen_at >= SESSION_TOUCH_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }
  return { session, user };
}

export async function endSession(db: StateDb, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

/** Ends every session of a user but `keep` (the one that changed the password). */
export async function endUserSessions(db: StateDb, userId: string, keep?: string): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keep !== undefined) q = q.where('id_hash', '!=', keep);
  await q.execute();
}

export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  path: '/';
  secure: boolean;
  maxAge?: number;
}

/** HttpOnly keeps scripts away from it; Lax keeps it off cross-site POSTs. */
export function sessionCookieOptions(secure: boolean): SessionCookieOptions {
  // maxAge in seconds: the browser may drop it at the absolute lifetime too
  return { httpOnly: true, sameSite: 'lax', path: '/', secure, maxAge: SESSION_ABSOLUTE_MS / 1000 };
}
