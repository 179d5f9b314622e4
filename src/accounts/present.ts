/**
 * The fields of accounts and companies that leave the server. Listed one by one so a
 * new column (a hash, a TOTP secret) never goes out by accident.
 */
import type { AuditLogTable } from '../storage/state/state-db.js';
import type { CompanyRow } from './companies-repo.js';
import type { Principal, Role } from './model.js';
import type { UserRow } from './users-repo.js';

export interface UserView {
  id: string;
  login: string;
  name: string;
  email: string | null;
  role: Role;
  tenant: string | null;
  tenantName: string | null;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  disabled: boolean;
  locked: boolean;
  lastLoginAt: string | null;
  assigned: string[];
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export function presentUser(
  u: UserRow,
  ctx: { assigned: readonly string[]; tenantName: string | null; now: number },
): UserView {
  return {
    id: u.id,
    login: u.login,
    name: u.name,
    email: u.email,
    role: u.role as Role,
    tenant: u.tenant,
    tenantName: ctx.tenantName,
    mustChangePassword: u.must_change_password === 1,
    totpEnabled: u.totp_enabled === 1,
    disabled: u.disabled === 1,
    locked: u.locked_until !== null && u.locked_until > ctx.now,
    lastLoginAt: iso(u.last_login_at),
    assigned: [...ctx.assigned],
  };
}

/** The operator API token as a "user" (GET /api/auth/me from a script). */
export function presentTokenUser(p: Principal): UserView {
  return {
    id: p.userId,
    login: p.login,
    name: p.name,
    email: null,
    role: p.role,
    tenant: null,
    tenantName: null,
    mustChangePassword: false,
    totpEnabled: false,
    disabled: false,
    locked: false,
    lastLoginAt: null,
    assigned: [],
  };
}

export interface CompanyView {
  id: string;
  name: string;
  nameEn: string | null;
  prefecture: string | null;
  city: string | null;
  industry: string | null;
  employees: number | null;
  capitalYen: number | null;
  contact?: { name: string | null; phone: string | null; email: string | null };
}

/** `withContact`: contact details go to provider staff and the company's own admin only. */
export function presentCompany(c: CompanyRow, withContact: boolean): CompanyView {
  const out: CompanyView = {
    id: c.id,
    name: c.name,
    nameEn: c.name_en,
    prefecture: c.prefecture,
    city: c.city,
    industry: c.industry,
    employees: c.employees,
    capitalYen: c.capital_yen === null ? null : Number(c.capital_yen),
  };
  if (withContact) out.contact = { name: c.contact_name, phone: c.contact_phone, email: c.contact_email };
  return out;
}

export interface AuditEntryView {
  id: string;
  at: string;
  actor: { id: string; login: string | null; role: string | null } | null;
  action: string;
  tenant: string | null;
  target: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

export function presentAuditEntry(r: AuditLogTable): AuditEntryView {
  let detail: Record<string, unknown> = {};
  try {
    const d: unknown = JSON.parse(r.detail);
    if (d && typeof d === 'object' && !Array.isArray(d)) detail = d as Record<string, unknown>;
  } catch {
    // a hand-edited row must not break the whole listing
  }
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: r.actor_id === null ? null : { id: r.actor_id, login: r.actor_login, role: r.actor_role },
    action: r.action,
    tenant: r.tenant,
    target: r.target,
    ip: r.ip,
    detail,
  };
}
