/**
 * Accounts for API tests: a real app on temp SQLite (or PostgreSQL, see STATE_BACKENDS and
 * OTASUKE_TEST_STATE_BACKEND) + DuckDB (`openTestApp`), companies
 * and users written straight into the state database (`createCompany`, `createUser`),
 * and a real login through POST /api/auth/login (`login` → cookie + CSRF headers).
 *
 *   const t = await openTestApp();
 *   await createCompany(t.db, { id: 'acme', name: 'Acme' });
 *   const u = await createUser(t.db, { login: 'boss', role: 'company-admin', tenant: 'acme' });
 *   const s = await login(t.app, u.login, u.password);
 *   await t.app.inject({ url: '/api/users', headers: s.headers });                 // GET
 *   await t.app.inject({ method: 'POST', url: '/api/users', headers: s.unsafe, payload: {…} });
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { auditLog } from '../../src/accounts/audit.js';
import type { Role } from '../../src/accounts/model.js';
import { hashPassword } from '../../src/accounts/password.js';
import { SESSION_COOKIE } from '../../src/accounts/sessions.js';
import { buildApp } from '../../src/api/app.js';
import type { ApiDeps } from '../../src/api/deps.js';
import {
  BACKENDS,
  type Backend,
  openTestRegistry,
  testStateBackend,
} from '../../src/devices/backends.test-helper.js';
import type { DeviceRegistry } from '../../src/devices/registry.js';
import type { NormalizedEvent } from '../../src/event/event.js';
import { ReportJobs } from '../../src/reports/archive/jobs.js';
import { DuckDbEventStore } from '../../src/storage/events/duckdb/duckdb-store.js';
import type { StateDb } from '../../src/storage/state/state-db.js';

/** The state backends to run API tests on: SQLite always, PostgreSQL when OTASUKE_TEST_PG_URL is set. */
export const STATE_BACKENDS: readonly Backend[] = BACKENDS;

export const TEST_ADMIN_TOKEN = `ota_${'t'.repeat(43)}`;
/** Headers of the operator API token (acts as operator-admin, no CSRF). */
export const tokenHeaders = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
/** Every test user's password unless given (long enough for the policy). */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: FastifyInstance;
  db: StateDb;
  registry: DeviceRegistry;
  store: DuckDbEventStore;
  dir: string;
  /** The report queue (with `reports: true`). */
  reports?: ReportJobs;
  /** The injected clock (epoch ms): move it to age sessions and lock-outs. */
  clock: { now: number };
  close(): Promise<void>;
}

export async function openTestApp(
  opts: {
    events?: readonly NormalizedEvent[];
    deps?: Partial<ApiDeps>;
    now?: number;
    /**
     * the state database: SQLite in the temp folder, or a fresh PostgreSQL schema; by
     * default the one OTASUKE_TEST_STATE_BACKEND names (SQLite when unset)
     */
    backend?: Backend['name'];
    /** a real report queue (rendering in-thread) under the temp folder's reports/ */
    reports?: boolean;
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'otasuke-acct-'));
  const state = await openTestRegistry(dir, {
    backend: opts.backend ?? testStateBackend(),
    flushIntervalMs: 0,
    refreshIntervalMs: 0,
  });
  const registry = state.registry;
  const store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb') });
  if (opts.events && opts.events.length > 0) await store.append(opts.events);
  const clock = { now: opts.now ?? Date.now() };
  const now = () => clock.now;
  const reports = opts.reports
    ? new ReportJobs({ db: registry.db, store, registry, dir: join(dir, 'reports'), now, workers: 0 })
    : undefined;
  const app = await buildApp({
    registry,
    db: registry.db,
    audit: auditLog(registry.db, now),
    store,
    adminToken: TEST_ADMIN_TOKEN,
    attachmentsDir: join(dir, 'attachments'),
    now,
    reports,
    ...opts.deps,
  });
  return {
    app,
    reports,
    db: registry.db,
    registry,
    store,
    dir,
    clock,
    async close() {
      await app.close();
      await reports?.close();
      await state.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function createCompany(
  db: StateDb,
  c: { id: string; name: string; contactName?: string; contactEmail?: string },
): Promise<void> {
  const now = Date.now();
  await db
    .insertInto('companies')
    .values({
      id: c.id,
      name: c.name,
      name_en: null,
      prefecture: 'Tokyo',
      city: null,
      industry: 'manufacturing',
      employees: 20,
      capital_yen: 10_000_000,
      contact_name: c.contactName ?? null,
      contact_phone: null,
      contact_email: c.contactEmail ?? null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}

export interface TestUser {
  id: string;
  login: string;
  password: string;
  /** base32 TOTP secret when created with `totp: true` */
  totpSecret: string | null;
}

export async function createUser(
  db: StateDb,
  u: {
    login: string;
    role: Role;
    tenant?: string | null;
    password?: string;
    name?: string;
    mustChangePassword?: boolean;
    disabled?: boolean;
    assigned?: readonly string[];
    totp?: boolean;
  },
): Promise<TestUser> {
  const id = randomUUID();
  const password = u.password ?? TEST_PASSWORD;
  const totpSecret = u.totp ? new Secret({ size: 20 }).base32 : null;
  const now = Date.now();
  await db
    .insertInto('users')
    .values({
      id,
      login: u.login.toLowerCase(),
      name: u.name ?? u.login,
      email: null,
      role: u.role,
      tenant: u.tenant ?? null,
      password_hash: await hashPassword(password),
      must_change_password: u.mustChangePassword ? 1 : 0,
      totp_secret: totpSecret,
      totp_enabled: totpSecret ? 1 : 0,
      totp_last_step: null,
      failed_logins: 0,
      locked_until: null,
      disabled: u.disabled ? 1 : 0,
      locale: null,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (const tenant of u.assigned ?? [])
    await db.insertInto('user_companies').values({ user_id: id, tenant }).execute();
  return { id, login: u.login.toLowerCase(), password, totpSecret };
}

/** The current code of a TOTP secret (at `now`, default the real clock). */
export function totpCode(secretBase32: string, now = Date.now()): string {
  return TOTP.generate({ secret: Secret.fromBase32(secretBase32), timestamp: now });
}

export interface TestSession {
  cookie: string;
  csrfToken: string;
  /** for safe requests: the cookie */
  headers: { cookie: string };
  /** for unsafe requests: the cookie and the CSRF token */
  unsafe: { cookie: string; 'x-csrf-token': string };
  user: Record<string, unknown>;
}

/** Logs in through the real route; fails the test with the answer when it is not 200. */
export async function login(
  app: FastifyInstance,
  loginName: string,
  password: string = TEST_PASSWORD,
  extra: { totp?: string; remoteAddress?: string } = {},
): Promise<TestSession> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { login: loginName, password, ...(extra.totp ? { totp: extra.totp } : {}) },
    ...(extra.remoteAddress ? { remoteAddress: extra.remoteAddress } : {}),
  });
  if (r.statusCode !== 200) throw new Error(`login of ${loginName} failed: ${r.statusCode} ${r.body}`);
  const c = r.cookies.find((k) => k.name === SESSION_COOKIE);
  if (!c) throw new Error('login set no session cookie');
  const body = r.json() as { user: Record<string, unknown>; csrfToken: string };
  const cookie = `${SESSION_COOKIE}=${c.value}`;
  return {
    cookie,
    csrfToken: body.csrfToken,
    headers: { cookie },
    unsafe: { cookie, 'x-csrf-token': body.csrfToken },
    user: body.user,
  };
}

/** createUser + login in one step. */
export async function userSession(
  t: TestApp,
  u: Parameters<typeof createUser>[1],
): Promise<{ user: TestUser; session: TestSession }> {
  const user = await createUser(t.db, u);
  return { user, session: await login(t.app, user.login, user.password) };
}
