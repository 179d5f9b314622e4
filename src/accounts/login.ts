/**
 * Password login: rate limits (per client address and per login), the lock-out persisted
 * on the user, the second factor, then a new session. Unknown logins take the same time
 * and get the same answers as wrong passwords, lock-out included, so neither the timing
 * nor the error code tells whether a login exists.
 */

import { randomBytes } from 'node:crypto';
import { ApiError } from '../api/errors.js';
import type { StateDb } from '../storage/state/state-db.js';
import type { AuditLog } from './audit.js';
import type { Principal, Role } from './model.js';
import { hashPassword, verifyPassword } from './password.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import type { SecretBox } from './secret-box.js';
import { createSession, type NewSession } from './sessions.js';
import { acceptTotp } from './totp.js';
import { findUserById, findUserByLogin, type UserRow } from './users-repo.js';

export const LOGIN_WINDOW_MS = 5 * 60_000;
export const LOGIN_ATTEMPTS_PER_ADDRESS = 10;
export const LOGIN_ATTEMPTS_PER_LOGIN = 10;
export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60_000;

export interface LoginInput {
  login: string;
  password: string;
  totp?: string;
  ip: string;
  userAgent: string | null;
}

export interface LoginResult {
  user: UserRow;
  session: NewSession;
}

/** Who did it, for audit entries made before a principal exists. */
export function actorOf(u: UserRow): Principal {
  return {
    userId: u.id,
    login: u.login,
    name: u.name,
    role: u.role as Role,
    tenant: u.tenant,
    via: 'session',
    assigned: [],
  };
}

function retryAfter(ms: number): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) };
}

function invalid(): ApiError {
  return new ApiError(401, 'invalid-credentials', 'wrong login or password');
}

function locked(untilMs: number, now: number): ApiError {
  return new ApiError(
    423,
    'account-locked',
    'too many failed logins: try again later',
    undefined,
    retryAfter(untilMs - now),
  );
}

interface PhantomLock {
  failures: number;
  lockedUntil: number | null;
}

export class LoginService {
  private readonly byAddress = new SlidingWindowLimiter(LOGIN_ATTEMPTS_PER_ADDRESS, LOGIN_WINDOW_MS);
  private readonly byLogin = new SlidingWindowLimiter(LOGIN_ATTEMPTS_PER_LOGIN, LOGIN_WINDOW_MS);
  /** Lock-out state of logins that do not exist (mirrors the real one, in memory). */
  private readonly phantoms = new Map<string, PhantomLock>();
  /** When a refusal by rate limit was last audited, per address. */
  private readonly limitedAudited = new Map<string, number>();
  /** Verified against for unknown logins so they cost the same argon2 time. */
  private readonly dummyHash: Promise<string>;

  constructor(
    private readonly db: StateDb,
    private readonly audit: AuditLog,
    private readonly now: () => number,
    /** Opens the TOTP secrets, which are stored encrypted. */
    private readonly box: SecretBox,
  ) {
    this.dummyHash = hashPassword(randomBytes(16).toString('hex'));
    this.dummyHash.catch(() => undefined);
  }

  async login(input: LoginInput): Promise<LoginResult> {
    const now = this.now();
    const login = input.login.trim().toLowerCase();
    const addrWait = this.byAddress.take(input.ip, now);
    if (addrWait !== null) throw await this.limited(addrWait, input, login);
    const loginWait = this.byLogin.take(login, now);
    if (loginWait !== null) {
      this.byAddress.refund(input.ip);
      throw await this.limited(loginWait, input, login);
    }

    const user = await findUserByLogin(this.db, login);
    if (!user) return this.unknownLogin(input, login, now);

    if (user.locked_until !== null && user.locked_until > now) {
      await this.failed(input, login, user, 'locked');
      throw locked(user.locked_until, now);
    }
    const ok = await verifyPassword(user.password_hash, input.password);
    if (!ok || user.disabled === 1) {
      // a disabled account answers like a wrong password: its existence is not confirmed
      throw await this.countFailure(input, login, user, ok ? 'disabled' : 'password', invalid());
    }
    let totpStep: number | null = null;
    if (user.totp_enabled === 1 && user.totp_secret !== null) {
      if (input.totp === undefined) {
        this.refund(input, login); // the password was right: asking for the code is no attack
        throw new ApiError(401, 'totp-required', 'enter the code of your authenticator app');
      }
      totpStep = acceptTotp(this.box.open(user.totp_secret), input.totp, now, user.totp_last_step);
      if (totpStep === null || !(await this.claimTotpStep(user.id, totpStep))) {
        throw await this.countFailure(
          input,
          login,
          user,
          'totp',
          new ApiError(401, 'totp-invalid', 'the code is wrong or was already used'),
        );
      }
    }

    this.refund(input, login);
    await this.db
      .updateTable('users')
      .set({ failed_logins: 0, locked_until: null, last_login_at: now })
      .where('id', '=', user.id)
      .execute();
    const session = await createSession(this.db, user.id, now, { ip: input.ip, userAgent: input.userAgent });
    await this.audit.record(
      actorOf(user),
      { action: 'auth.login', tenant: user.tenant, target: user.id, detail: { totp: totpStep !== null } },
      input.ip,
    );
    const fresh = (await findUserById(this.db, user.id)) ?? user;
    return { user: fresh, session };
  }

  private refund(input: LoginInput, login: string): void {
    this.byAddress.refund(input.ip);
    this.byLogin.refund(login);
  }

  /** Records the accepted step unless a concurrent login used the same code first. */
  private async claimTotpStep(userId: string, step: number): Promise<boolean> {
    const r = await this.db
      .updateTable('users')
      .set({ totp_last_step: step })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** One more failure on the user; the fifth locks the account (answered as locked right away). */
  private async countFailure(
    input: LoginInput,
    login: string,
    user: UserRow,
    reason: string,
    err: ApiError,
  ): Promise<ApiError> {
    const now = this.now();
    // incremented in SQL so concurrent failures are all counted
    await this.db
      .updateTable('users')
      .set((eb) => ({ failed_logins: eb('failed_logins', '+', 1) }))
      .where('id', '=', user.id)
      .execute();
    const row = await findUserById(this.db, user.id);
    await this.failed(input, login, user, reason);
    if (row && row.failed_logins >= LOCKOUT_FAILURES) {
      const until = now + LOCKOUT_MS;
      await this.db
        .updateTable('users')
        .set({ failed_logins: 0, locked_until: until })
        .where('id', '=', user.id)
        .execute();
      await this.audit.record(
        null,
        { action: 'auth.account.locked', tenant: user.tenant, target: user.id, detail: { login } },
        input.ip,
      );
      return locked(until, now);
    }
    return err;
  }

  private async unknownLogin(input: LoginInput, login: string, now: number): Promise<never> {
    let ph = this.phantoms.get(login);
    if (ph?.lockedUntil != null && ph.lockedUntil > now) {
      await this.failed(input, login, null, 'locked');
      throw locked(ph.lockedUntil, now);
    }
    await verifyPassword(await this.dummyHash, input.password);
    await this.failed(input, login, null, 'unknown-login');
    ph = { failures: (ph?.lockedUntil != null ? 0 : (ph?.failures ?? 0)) + 1, lockedUntil: null };
    if (ph.failures >= LOCKOUT_FAILURES) ph = { failures: 0, lockedUntil: now + LOCKOUT_MS };
    this.phantoms.delete(login);
    this.phantoms.set(login, ph);
    // bounded: the oldest phantom entries go first
    while (this.phantoms.size > 50_000) {
      const oldest = this.phantoms.keys().next().value;
      if (oldest === undefined) break;
      this.phantoms.delete(oldest);
    }
    if (ph.lockedUntil !== null) throw locked(ph.lockedUntil, now);
    throw invalid();
  }

  private async limited(waitMs: number, input: LoginInput, login: string): Promise<ApiError> {
    // one audit entry per address and window, so a flood of refused attempts cannot flood the log
    const now = this.now();
    const last = this.limitedAudited.get(input.ip);
    if (last === undefined || now - last >= LOGIN_WINDOW_MS) {
      this.limitedAudited.set(input.ip, now);
      if (this.limitedAudited.size > 10_000) this.limitedAudited.clear();
      await this.failed(input, login, null, 'rate-limited');
    }
    return new ApiError(
      429,
      'rate-limited',
      'too many login attempts: wait a moment',
      undefined,
      retryAfter(waitMs),
    );
  }

  private async failed(
    input: LoginInput,
    login: string,
    user: UserRow | null,
    reason: string,
  ): Promise<void> {
    await this.audit.record(
      null,
      {
        action: 'auth.login.failed',
        tenant: user?.tenant ?? null,
        target: user?.id ?? null,
        // the login as typed (never the password); long junk is cut
        detail: { login: login.slice(0, 128), reason },
      },
      input.ip,
    );
  }
}
