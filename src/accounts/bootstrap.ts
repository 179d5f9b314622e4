/**
 * First start: with no provider staff account yet, create the operator-admin `admin` so
 * somebody can log in. (Company users do not count: the demo seeds its company logins
 * before the HTTP side starts, and the provider still needs a way in.) Its password comes from OTASUKE_ADMIN_PASSWORD or is generated, printed once
 * and must be changed at the first login.
 */
import { randomUUID } from 'node:crypto';
import type { StateDb } from '../storage/state/state-db.js';
import { PASSWORD_MAX, PASSWORD_MIN } from './model.js';
import { generatePassword, hashPassword } from './password.js';
import { countOperatorAdmins, findUserByLogin, insertUser, NEW_ACCOUNT_STATE } from './users-repo.js';

export const BOOTSTRAP_LOGIN = 'admin';

export interface BootstrapAdmin {
  login: string;
  password: string;
  /** true: a one-time password that must be changed at the first login */
  generated: boolean;
}

export async function ensureBootstrapAdmin(
  db: StateDb,
  opts: { password?: string; now?: () => number } = {},
): Promise<BootstrapAdmin | null> {
  if ((await countOperatorAdmins(db)) > 0) return null;
  const given = opts.password !== undefined && opts.password !== '' ? opts.password : undefined;
  if (given !== undefined && (given.length < PASSWORD_MIN || given.length > PASSWORD_MAX))
    throw new Error(`OTASUKE_ADMIN_PASSWORD must be ${PASSWORD_MIN}–${PASSWORD_MAX} characters`);
  const password = given ?? generatePassword();
  const now = (opts.now ?? Date.now)();
  try {
    await insertUser(db, {
      id: randomUUID(),
      login: BOOTSTRAP_LOGIN,
      name: 'Administrator',
      email: null,
      role: 'operator-admin',
      tenant: null,
      password_hash: await hashPassword(password),
      must_change_password: given === undefined ? 1 : 0,
      ...NEW_ACCOUNT_STATE,
      created_at: now,
      updated_at: now,
    });
  } catch (e) {
    // another process starting on the same database created it first, or a company
    // user already holds the login `admin` (unique login)
    if ((await countOperatorAdmins(db)) > 0 || (await findUserByLogin(db, BOOTSTRAP_LOGIN))) return null;
    throw e;
  }
  return { login: BOOTSTRAP_LOGIN, password, generated: given === undefined };
}

/** The line `start` prints before "ready" on the first start. */
export function bootstrapAdminLine(b: BootstrapAdmin): string {
  return b.generated
    ? `operator login: ${b.login} / ${b.password} (one-time: you must change it at first login)`
    : `operator login: ${b.login} (password from OTASUKE_ADMIN_PASSWORD)`;
}
