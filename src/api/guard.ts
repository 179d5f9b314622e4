/**
 * Authorization helpers every route uses after validation: who is calling (401), may
 * this role do it (403), and may it see this company (404, so another company's
 * existence is never confirmed).
 */
import type { FastifyRequest } from 'fastify';
import { ALL_COMPANY_READERS, isOperatorRole, type Principal, type Role } from '../accounts/model.js';
import { ApiError } from './errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the principal hook (session cookie or operator token); null when anonymous. */
    principal: Principal | null;
  }
}

export function principalOf(req: FastifyRequest): Principal {
  const p = req.principal;
  if (!p) throw new ApiError(401, 'unauthorized', 'log in first');
  return p;
}

/** The caller must hold one of `roles`. */
export function requireRole(req: FastifyRequest, roles: readonly Role[]): Principal {
  const p = principalOf(req);
  if (!roles.includes(p.role)) throw new ApiError(403, 'forbidden', 'your role may not do this');
  return p;
}

/** The caller must be provider staff (any operator role, or one of `roles` when given). */
export function requireOperator(req: FastifyRequest, roles?: readonly Role[]): Principal {
  const p = principalOf(req);
  if (!isOperatorRole(p.role) || (roles && !roles.includes(p.role)))
    throw new ApiError(403, 'forbidden', 'your role may not do this');
  return p;
}

export function canReadCompany(p: Principal, tenant: string): boolean {
  if (p.tenant !== null) return p.tenant === tenant;
  if (ALL_COMPANY_READERS.includes(p.role)) return true;
  return p.assigned.includes(tenant);
}

/**
 * The caller may read company `tenant`: its own users, staff who see every company,
 * or an engineer / expert assigned to it. Anything else is "not found".
 */
export function requireCompany(req: FastifyRequest, tenant: string): Principal {
  const p = principalOf(req);
  if (!canReadCompany(p, tenant)) throw new ApiError(404, 'not-found', 'no such company');
  return p;
}
