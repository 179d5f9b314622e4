/** The audit log: every operator read or change of company data, and every account event. */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { StateDb } from '../storage/state/state-db.js';
import type { Principal } from './model.js';

export interface AuditEntry {
  /** dotted verb: company.dashboard.read, user.create, auth.login.failed, … */
  action: string;
  tenant?: string | null;
  target?: string | null;
  /** non-secret details, stored as JSON */
  detail?: Record<string, unknown>;
}

export interface AuditLog {
  record(actor: Principal | null, entry: AuditEntry, ip?: string | null): Promise<void>;
}

export function auditLog(db: StateDb, now: () => number = Date.now): AuditLog {
  return {
    async record(actor, entry, ip = null) {
      await db
        .insertInto('audit_log')
        .values({
          id: randomUUID(),
          at: now(),
          actor_id: actor?.userId ?? null,
          actor_login: actor?.login ?? null,
          actor_role: actor?.role ?? null,
          action: entry.action,
          tenant: entry.tenant ?? null,
          target: entry.target ?? null,
          ip,
          detail: JSON.stringify(entry.detail ?? {}),
        })
        .execute();
    },
  };
}

/**
 * Records a read of company data when the reader is provider staff (company users
 * reading their own company are not audited: it is their data).
 */
export async function auditCompanyRead(
  audit: AuditLog,
  req: FastifyRequest,
  tenant: string,
  action: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  const p = req.principal;
  if (!p || p.tenant !== null) return;
  await audit.record(p, { action, tenant, detail }, req.ip);
}

/**
 * Records an operator read that is not about one company (a list across companies):
 * `tenant` null then. Company users reading their own data are not audited.
 */
export async function auditOperatorRead(
  audit: AuditLog,
  req: FastifyRequest,
  tenant: string | null,
  action: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  const p = req.principal;
  if (!p || p.tenant !== null) return;
  await audit.record(p, { action, tenant, detail }, req.ip);
}

/** Records a change made by `req`'s principal (always audited, whoever makes it). */
export async function auditChange(audit: AuditLog, req: FastifyRequest, entry: AuditEntry): Promise<void> {
  await audit.record(req.principal, entry, req.ip);
}
