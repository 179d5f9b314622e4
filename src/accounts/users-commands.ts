/**
 * User administration rules. operator-admin manages everyone; a company-admin manages
 * the company users of its own company only (anyone else is "not found" to it). No
 * change may leave the service without an active operator-admin, or a company without
 * an active company-admin.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { ApiError } from '../api/errors.js';
import type { StateDb } from '../storage/state/state-db.js';
import { existingCompanies } from './companies-repo.js';
import {
  type assignmentsBody,
  isCompanyRole,
  isOperatorRole,
  type Principal,
  type Role,
  type userCreateBody,
  type userPatchBody,
} from './model.js';
import { generatePassword, hashPassword } from './password.js';
import { endUserSessions } from './sessions.js';
import {
  countActive,
  findUserById,
  findUserByLogin,
  insertUser,
  NEW_ACCOUNT_STATE,
  setAssignments,
  type UserRow,
  updateUser,
} from './users-repo.js';

const ASSIGNABLE: readonly Role[] = ['engineer', 'expert'];

function notFound(): ApiError {
  return new ApiError(404, 'not-found', 'no such user');
}

function badInput(field: string, message: string): ApiError {
  return new ApiError(400, 'invalid-input', `${field}: ${message}`, field);
}

/** May `actor` manage `target`? */
export function manages(actor: Principal, target: UserRow): boolean {
  if (actor.role === 'operator-admin' && actor.tenant === null) return true;
  return (
    actor.role === 'company-admin' &&
    actor.tenant !== null &&
    target.tenant === actor.tenant &&
    isCompanyRole(target.role as Role)
  );
}

/** The user `id` if `actor` manages it; otherwise "not found" (never "forbidden": no existence leak). */
export async function managedUser(db: StateDb, actor: Principal, id: string): Promise<UserRow> {
  const u = await findUserById(db, id);
  if (!u || !manages(actor, u)) throw notFound();
  return u;
}

/** The admin role of a user's scope: operator-admin for staff, company-admin in a company. */
function isScopeAdmin(u: UserRow): boolean {
  return (
    (u.role === 'operator-admin' && u.tenant === null) || (u.role === 'company-admin' && u.tenant !== null)
  );
}

async function keepLastAdmin(db: StateDb, u: UserRow, losesAdmin: boolean): Promise<void> {
  if (!losesAdmin || !isScopeAdmin(u) || u.disabled === 1) return;
  if ((await countActive(db, u.role, u.tenant)) <= 1)
    throw new ApiError(409, 'last-admin', `this is the last active ${u.role}: appoint another first`);
}

export async function createUser(
  db: StateDb,
  actor: Principal,
  input: z.output<typeof userCreateBody>,
  now: number,
): Promise<{ user: UserRow; temporaryPassword: string }> {
  let tenant: string | null;
  if (actor.role === 'company-admin') {
    if (actor.tenant === null) throw new ApiError(403, 'forbidden', 'your account belongs to no company');
    if (!isCompanyRole(input.role))
      throw new ApiError(403, 'forbidden', 'company admins create company users only');
    if (input.tenant !== undefined && input.tenant !== actor.tenant)
      throw new ApiError(404, 'not-found', 'no such company');
    tenant = actor.tenant;
  } else if (isCompanyRole(input.role)) {
    if (input.tenant === undefined) throw badInput('tenant', 'required for a company role');
    if (!(await existingCompanies(db, [input.tenant])).has(input.tenant))
      throw badInput('tenant', 'no such company');
    tenant = input.tenant;
  } else {
    if (input.tenant !== undefined) throw badInput('tenant', 'staff belong to no company');
    tenant = null;
  }
  if (await findUserByLogin(db, input.login)) throw new ApiError(409, 'login-taken', 'this login is taken');
  const temporaryPassword = generatePassword();
  const id = randomUUID();
  try {
    await insertUser(db, {
      id,
      login: input.login,
      name: input.name,
      email: input.email ?? null,
      role: input.role,
      tenant,
      password_hash: await hashPassword(temporaryPassword),
      must_change_password: 1,
      ...NEW_ACCOUNT_STATE,
      created_at: now,
      updated_at: now,
    });
  } catch (e) {
    // a concurrent create of the same login lost the race on the unique index
    if (await findUserByLogin(db, input.login)) throw new ApiError(409, 'login-taken', 'this login is taken');
    throw e;
  }
  const user = await findUserById(db, id);
  if (!user) throw new Error('user vanished after insert');
  return { user, temporaryPassword };
}

export async function patchUser(
  db: StateDb,
  actor: Principal,
  id: string,
  input: z.output<typeof userPatchBody>,
  now: number,
): Promise<{ user: UserRow; changed: string[] }> {
  const u = await managedUser(db, actor, id);
  if (input.role !== undefined && input.role !== u.role) {
    if (actor.role === 'company-admin' && !isCompanyRole(input.role))
      throw new ApiError(403, 'forbidden', 'company admins give company roles only');
    // a move between staff and company would need a tenant change: create a new account instead
    if (isOperatorRole(input.role) !== isOperatorRole(u.role as Role))
      throw badInput('role', 'cannot move between staff and company roles');
  }
  const losesAdmin = (input.role !== undefined && input.role !== u.role) || input.disabled === true;
  await keepLastAdmin(db, u, losesAdmin);
  const changed = Object.keys(input).filter((k) => input[k as keyof typeof input] !== undefined);
  if (changed.length > 0) {
    await updateUser(db, id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.disabled !== undefined ? { disabled: input.disabled ? 1 : 0 } : {}),
      updated_at: now,
    });
  }
  if (input.disabled === true) await endUserSessions(db, id);
  if (input.role !== undefined && !ASSIGNABLE.includes(input.role)) await setAssignments(db, id, []);
  const user = await findUserById(db, id);
  if (!user) throw notFound();
  return { user, changed };
}

/** A new one-time password; unlocks the account and ends its sessions. */
export async function resetPassword(
  db: StateDb,
  actor: Principal,
  id: string,
  now: number,
): Promise<{ user: UserRow; temporaryPassword: string }> {
  const u = await managedUser(db, actor, id);
  const temporaryPassword = generatePassword();
  await updateUser(db, id, {
    password_hash: await hashPassword(temporaryPassword),
    must_change_password: 1,
    failed_logins: 0,
    locked_until: null,
    updated_at: now,
  });
  await endUserSessions(db, id);
  return { user: u, temporaryPassword };
}

/** Companies an engineer / expert is assigned to (operator-admin only, checked by the route). */
export async function assignCompanies(
  db: StateDb,
  id: string,
  input: z.output<typeof assignmentsBody>,
  now: number,
): Promise<UserRow> {
  const u = await findUserById(db, id);
  if (!u) throw notFound();
  if (!ASSIGNABLE.includes(u.role as Role))
    throw badInput('tenants', 'only engineers and experts are assigned');
  const known = await existingCompanies(db, input.tenants);
  const missing = input.tenants.findIndex((t) => !known.has(t));
  if (missing >= 0) throw badInput(`tenants.${missing}`, 'no such company');
  await setAssignments(db, id, input.tenants);
  await updateUser(db, id, { updated_at: now });
  return u;
}
