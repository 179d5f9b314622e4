/**
 * Who receives a notification: a company's contacts (the contact address on the company
 * record and its company-admins) and provider staff by role. Only enabled users with an
 * address; each address once. Company lookups take the tenant first and read that
 * tenant only, so a mail about one company never goes to another company's people.
 */
import type { Role } from '../accounts/model.js';
import type { StateDb } from '../storage/state/state-db.js';
import type { Audience, MailLocale } from './templates.js';

export interface Recipient {
  address: string;
  locale: MailLocale;
  /** the display name for the greeting; null = the template's "ご担当者" */
  name: string | null;
  audience: Audience;
}

/** Staff groups: alerts go to the SOC, consultations to the contact centre. */
export const ALERT_STAFF_ROLES: readonly Role[] = ['analyst', 'operator-admin'];
export const CONSULTATION_STAFF_ROLES: readonly Role[] = ['agent', 'operator-admin'];
/** Field staff get a company's alert mails only when assigned to that company. */
export const ASSIGNED_ALERT_ROLES: readonly Role[] = ['engineer', 'expert'];

// Deliberately loose: the API validated addresses when they were saved; this only keeps
// out values that could never be a single mailbox (spaces, lists, header tricks).
const ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/;

export function usableAddress(a: string | null | undefined): string | null {
  const v = a?.trim();
  return v && v.length <= 254 && ADDRESS.test(v) ? v : null;
}

function localeOf(l: string | null): MailLocale {
  return l === 'en' ? 'en' : 'ja';
}

interface UserRow {
  email: string | null;
  name: string;
  locale: string | null;
}

function fromUsers(rows: readonly UserRow[], audience: Audience): Recipient[] {
  const out: Recipient[] = [];
  for (const r of rows) {
    const address = usableAddress(r.email);
    if (address) out.push({ address, locale: localeOf(r.locale), name: r.name, audience });
  }
  return out;
}

/** companies.contact_email (Japanese) and the enabled company-admins of that company. */
export async function companyContacts(db: StateDb, tenant: string): Promise<Recipient[]> {
  const company = await db
    .selectFrom('companies')
    .select(['contact_email', 'contact_name'])
    .where('id', '=', tenant)
    .executeTakeFirst();
  if (!company) return [];
  const out: Recipient[] = [];
  const contact = usableAddress(company.contact_email);
  if (contact) out.push({ address: contact, locale: 'ja', name: company.contact_name, audience: 'company' });
  const admins = await db
    .selectFrom('users')
    .select(['email', 'name', 'locale'])
    .where('tenant', '=', tenant)
    .where('role', '=', 'company-admin')
    .where('disabled', '=', 0)
    .where('email', 'is not', null)
    .orderBy('login')
    .execute();
  return dedupe([...out, ...fromUsers(admins, 'company')]);
}

/** Enabled provider staff (no tenant) with one of these roles. */
export async function staffByRole(db: StateDb, roles: readonly Role[]): Promise<Recipient[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select(['email', 'name', 'locale'])
    .where('tenant', 'is', null)
    .where('role', 'in', [...roles])
    .where('disabled', '=', 0)
    .where('email', 'is not', null)
    .orderBy('login')
    .execute();
  return fromUsers(rows, 'staff');
}

/** Enabled staff with one of these roles who are assigned to the company. */
export async function assignedStaff(
  db: StateDb,
  tenant: string,
  roles: readonly Role[],
): Promise<Recipient[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .innerJoin('user_companies', 'user_companies.user_id', 'users.id')
    .select(['users.email', 'users.name', 'users.locale'])
    .where('user_companies.tenant', '=', tenant)
    .where('users.role', 'in', [...roles])
    .where('users.disabled', '=', 0)
    .where('users.email', 'is not', null)
    .orderBy('users.login')
    .execute();
  return fromUsers(rows, 'staff');
}

/** Staff for a company's alerts: analysts, operator-admins, and its assigned engineers/experts. */
export async function alertStaff(db: StateDb, tenant: string): Promise<Recipient[]> {
  return dedupe([
    ...(await staffByRole(db, ALERT_STAFF_ROLES)),
    ...(await assignedStaff(db, tenant, ASSIGNED_ALERT_ROLES)),
  ]);
}

/** Staff for a company's consultations: agents and operator-admins. */
export async function consultationStaff(db: StateDb): Promise<Recipient[]> {
  return dedupe(await staffByRole(db, CONSULTATION_STAFF_ROLES));
}

/** One enabled staff user by id (the dispatch engineer, a case's assignee); null when unusable. */
export async function staffUser(db: StateDb, userId: string): Promise<Recipient | null> {
  const u = await db
    .selectFrom('users')
    .select(['email', 'name', 'locale', 'disabled', 'tenant'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!u) return null;
  // a company user can never be staff, whatever id the caller passed
  if (u.disabled !== 0 || u.tenant !== null) return null;
  const address = usableAddress(u.email);
  return address ? { address, locale: localeOf(u.locale), name: u.name, audience: 'staff' } : null;
}

/** A staff user's display name (shown to the company as "担当エンジニア"), with or without an address. */
export async function staffName(db: StateDb, userId: string): Promise<string | null> {
  const u = await db
    .selectFrom('users')
    .select(['name'])
    .where('id', '=', userId)
    .where('tenant', 'is', null)
    .executeTakeFirst();
  return u?.name ?? null;
}

/** Each address once (case-insensitively); the first occurrence wins, so list company contacts first. */
export function dedupe(list: readonly Recipient[]): Recipient[] {
  const seen = new Set<string>();
  const out: Recipient[] = [];
  for (const r of list) {
    const key = r.address.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}
