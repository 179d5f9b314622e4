/**
 * Works out who is calling before any route runs: the operator API token
 * (`Authorization: Bearer …`, acts as operator-admin) or the session cookie. Then the
 * gates every session request passes: CSRF for unsafe methods, a password that must be
 * changed, and the operators' TOTP policy.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ApiDeps } from '../api/deps.js';
import { ApiError } from '../api/errors.js';
import { isOperatorRole, type Principal, type Role } from './model.js';
import { loadSession, SESSION_COOKIE } from './sessions.js';
import { getSettings } from './settings-repo.js';
import { assignmentsOf } from './users-repo.js';

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

export const TOKEN_PRINCIPAL: Principal = {
  userId: 'api-token',
  login: 'api-token',
  name: 'operator API token',
  role: 'operator-admin',
  tenant: null,
  via: 'token',
  assigned: [],
};

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Login sets up a session: it has no CSRF token to send yet (it refuses non-JSON bodies instead). */
const CSRF_EXEMPT = new Set(['POST /api/auth/login']);

/** What a session that must change its password may still do. */
const PASSWORD_GATE_OPEN = new Set([
  'GET /api/auth/me',
  'HEAD /api/auth/me',
  'POST /api/auth/password',
  'POST /api/auth/logout',
  'POST /api/auth/login',
]);

/** What an operator without a second factor may do while the TOTP policy is on. */
const TOTP_GATE_OPEN = new Set([
  ...PASSWORD_GATE_OPEN,
  'POST /api/auth/totp/setup',
  'POST /api/auth/totp/enable',
]);

/** Engineers and experts read assigned companies only, so their assignments ride on the principal. */
const ASSIGNED_ROLES: readonly Role[] = ['engineer', 'expert'];

function routeKey(req: FastifyRequest): string {
  // the matched route pattern, so "/api/auth/me/" or encoded variants cannot slip through a gate
  return `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`;
}

/** The SPA's files and the status page stay reachable; the API and metrics are gated. */
function isGated(req: FastifyRequest): boolean {
  const path = req.routeOptions.url ?? req.url.split('?')[0];
  return path.startsWith('/api/') || path === '/api' || path === '/metrics';
}

function sameToken(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

export function installPrincipal(app: FastifyInstance, deps: ApiDeps): void {
  // Comparing digests keeps the comparison constant-time whatever the presented length.
  const expected = digest(deps.adminToken);
  const now = deps.now ?? Date.now;
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req) => {
    req.principal = null;
    const h = req.headers.authorization;
    if (typeof h === 'string' && /^Bearer /i.test(h)) {
      // Other bearer tokens (device ingest tokens) are checked by their own routes. A
      // request that brings a bearer token is a script's: any cookie is ignored. (Basic
      // credentials of a proxy in front of the portal fall through to the cookie.)
      const m = /^Bearer ([\x21-\x7e]{1,512})$/i.exec(h);
      if (m && timingSafeEqual(digest(m[1]), expected)) req.principal = TOKEN_PRINCIPAL;
      return;
    }
    const value = req.cookies?.[SESSION_COOKIE];
    if (typeof value !== 'string' || value === '') return;
    const live = await loadSession(deps.db, value, now());
    if (!live) return;
    const { session, user } = live;
    const role = user.role as Role;
    const assigned = ASSIGNED_ROLES.includes(role)
      ? ((await assignmentsOf(deps.db, [user.id])).get(user.id) ?? [])
      : [];
    req.principal = {
      userId: user.id,
      login: user.login,
      name: user.name,
      role,
      tenant: user.tenant,
      via: 'session',
      assigned,
      csrfToken: session.csrf_token,
      mustChangePassword: user.must_change_password === 1,
      totpEnabled: user.totp_enabled === 1,
      sessionId: session.id_hash,
    };
    await gateSession(req, req.principal, deps);
  });
}

async function gateSession(req: FastifyRequest, p: Principal, deps: ApiDeps): Promise<void> {
  const key = routeKey(req);
  if (UNSAFE.has(req.method) && !CSRF_EXEMPT.has(key)) {
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !p.csrfToken || !sameToken(sent, p.csrfToken))
      throw new ApiError(403, 'csrf-failed', 'missing or wrong x-csrf-token header');
  }
  if (!isGated(req)) return;
  if (p.mustChangePassword && !PASSWORD_GATE_OPEN.has(key))
    throw new ApiError(403, 'password-change-required', 'change your password first');
  if (isOperatorRole(p.role) && !p.totpEnabled && !TOTP_GATE_OPEN.has(key)) {
    // read only for staff without a second factor, so most requests cost no query
    if ((await getSettings(deps.db)).require_operator_totp)
      throw new ApiError(403, 'totp-setup-required', 'set up an authenticator app first');
  }
}
