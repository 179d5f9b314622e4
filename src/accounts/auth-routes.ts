/**
 * /api/auth: login, logout, who am I, password change and the second factor (docs/api.md).
 * Login answers the same for an unknown login and a wrong password; the session cookie
 * is HttpOnly + SameSite=Lax, Secure over HTTPS.
 */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { principalOf } from '../api/guard.js';
import { validate } from '../api/validate.js';
import { auditChange } from './audit.js';
import { LoginService } from './login.js';
import {
  isOperatorRole,
  loginBody,
  type Principal,
  passwordBody,
  totpCodeBody,
  totpDisableBody,
} from './model.js';
import { hashPassword, verifyPassword } from './password.js';
import { presentTokenUser } from './present.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import { deriveKey, secretBox } from './secret-box.js';
import {
  endSession,
  endUserSessions,
  hashSessionId,
  SESSION_COOKIE,
  sessionCookieOptions,
} from './sessions.js';
import { getSettings } from './settings-repo.js';
import { acceptTotp, newTotpSecret, totpUrl } from './totp.js';
import { viewUser } from './user-views.js';
import { findUserById, type UserRow, updateUser } from './users-repo.js';

const JSON_TYPE = /^application\/json\s*(;|$)/i;

function secureCookie(req: FastifyRequest, deps: ApiDeps): boolean {
  return deps.secureCookies === true || req.protocol === 'https';
}

/** A logged-in user with a session (the operator token has no password or second factor). */
async function sessionUser(req: FastifyRequest, deps: ApiDeps): Promise<{ p: Principal; user: UserRow }> {
  const p = principalOf(req);
  if (p.via !== 'session') throw new ApiError(403, 'forbidden', 'only a logged-in user can do this');
  const user = await findUserById(deps.db, p.userId);
  if (!user) throw new ApiError(401, 'unauthorized', 'log in first');
  return { p, user };
}

export async function authRoutes(app: FastifyInstance, deps: ApiDeps): Promise<void> {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const box = secretBox(deps.secretKey ?? deriveKey(deps.adminToken));
  const logins = new LoginService(db, deps.audit, now, box);
  // guesses of the current password from a stolen session are limited like logins
  const passwordChecks = new SlidingWindowLimiter(10, 5 * 60_000);

  const checkPassword = async (req: FastifyRequest, user: UserRow, password: string): Promise<void> => {
    const wait = passwordChecks.take(user.id, now());
    if (wait !== null)
      throw new ApiError(429, 'rate-limited', 'too many attempts: wait a moment', undefined, {
        'retry-after': String(Math.ceil(wait / 1000)),
      });
    if (!(await verifyPassword(user.password_hash, password))) {
      await auditChange(deps.audit, req, { action: 'auth.password.failed', target: user.id });
      throw new ApiError(403, 'wrong-password', 'the password is wrong');
    }
    passwordChecks.refund(user.id);
  };

  app.post('/api/auth/login', async (req, reply: FastifyReply) => {
    // A cross-site HTML form can only send form or text bodies; JSON needs a script of this origin.
    const ct = req.headers['content-type'];
    if (typeof ct !== 'string' || !JSON_TYPE.test(ct))
      throw new ApiError(415, 'unsupported-media-type', 'send the login as application/json');
    const body = validate(loginBody, req.body, 'body');
    const { user, session } = await logins.login({
      login: body.login,
      password: body.password,
      totp: body.totp,
      ip: req.ip,
      userAgent: req.headers['user-agent'] ?? null,
    });
    // the browser's previous session (if any) ends: one cookie, one session
    const old = req.cookies?.[SESSION_COOKIE];
    if (typeof old === 'string' && old !== '') await endSession(db, hashSessionId(old));
    reply.setCookie(SESSION_COOKIE, session.value, sessionCookieOptions(secureCookie(req, deps)));
    return { user: await viewUser(db, user, now()), csrfToken: session.csrfToken };
  });

  app.post('/api/auth/logout', async (req, reply) => {
    const { p, user } = await sessionUser(req, deps);
    if (p.sessionId) await endSession(db, p.sessionId);
    await auditChange(deps.audit, req, { action: 'auth.logout', tenant: user.tenant, target: user.id });
    const { maxAge: _unused, ...opts } = sessionCookieOptions(secureCookie(req, deps));
    reply.clearCookie(SESSION_COOKIE, opts);
    return { ok: true };
  });

  app.get('/api/auth/me', async (req) => {
    const p = principalOf(req);
    if (p.via === 'token') return { user: presentTokenUser(p), csrfToken: null };
    const user = await findUserById(db, p.userId);
    if (!user) throw new ApiError(401, 'unauthorized', 'log in first');
    return { user: await viewUser(db, user, now()), csrfToken: p.csrfToken ?? null };
  });

  app.post('/api/auth/password', async (req) => {
    const { p, user } = await sessionUser(req, deps);
    const body = validate(passwordBody, req.body, 'body');
    await checkPassword(req, user, body.current);
    if (body.next.trim().toLowerCase() === user.login)
      throw new ApiError(400, 'invalid-input', 'next: must not be the login', 'next');
    if (body.next === body.current)
      throw new ApiError(400, 'invalid-input', 'next: must differ from the current password', 'next');
    await updateUser(db, user.id, {
      password_hash: await hashPassword(body.next),
      must_change_password: 0,
      updated_at: now(),
    });
    // whoever else holds a session of this user (a stolen cookie) is logged out
    await endUserSessions(db, user.id, p.sessionId);
    await auditChange(deps.audit, req, {
      action: 'auth.password.change',
      tenant: user.tenant,
      target: user.id,
    });
    return { ok: true };
  });

  app.post('/api/auth/totp/setup', async (req) => {
    const { user } = await sessionUser(req, deps);
    if (user.totp_enabled === 1)
      throw new ApiError(409, 'totp-already-enabled', 'the second factor is already on: disable it first');
    // kept pending (totp_enabled 0) until a code proves the app has it
    const secret = newTotpSecret();
    await updateUser(db, user.id, { totp_secret: box.seal(secret), totp_last_step: null, updated_at: now() });
    return { secret, otpauthUrl: totpUrl(secret, user.login) };
  });

  app.post('/api/auth/totp/enable', async (req) => {
    const { user } = await sessionUser(req, deps);
    const body = validate(totpCodeBody, req.body, 'body');
    if (user.totp_enabled === 1)
      throw new ApiError(409, 'totp-already-enabled', 'the second factor is already on');
    if (user.totp_secret === null)
      throw new ApiError(409, 'totp-not-set-up', 'call /api/auth/totp/setup first');
    const step = acceptTotp(box.open(user.totp_secret), body.code, now(), user.totp_last_step);
    if (step === null) throw new ApiError(400, 'invalid-input', 'code: does not match', 'code');
    await updateUser(db, user.id, { totp_enabled: 1, totp_last_step: step, updated_at: now() });
    await auditChange(deps.audit, req, { action: 'auth.totp.enable', tenant: user.tenant, target: user.id });
    return { ok: true };
  });

  app.post('/api/auth/totp/disable', async (req) => {
    const { user } = await sessionUser(req, deps);
    const body = validate(totpDisableBody, req.body, 'body');
    if (isOperatorRole(user.role as Principal['role']) && (await getSettings(db)).require_operator_totp)
      throw new ApiError(403, 'totp-required-by-policy', 'staff must keep the second factor');
    await checkPassword(req, user, body.password);
    await updateUser(db, user.id, {
      totp_enabled: 0,
      totp_secret: null,
      totp_last_step: null,
      updated_at: now(),
    });
    await auditChange(deps.audit, req, { action: 'auth.totp.disable', tenant: user.tenant, target: user.id });
    return { ok: true };
  });
}
