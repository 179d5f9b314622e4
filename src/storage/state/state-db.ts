/**
 * The state database: devices, alerts and (later) cases, users, programmes. SQLite
 * (one file in the data folder, WAL) in the embedded mode, PostgreSQL in scale-out;
 * the same Kysely queries run on both.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DeskTables } from './desk-tables.js';
import { migrationProvider } from './migrations/index.js';
import type { ReportTables } from './report-tables.js';
import type { ScheduleTables } from './schedule-tables.js';

export interface DevicesTable {
  id: string;
  tenant: string;
  format: string;
  timezone: string;
  internal_networks: string | null;
  token_hash: string | null;
  tls_fingerprint: string | null;
  enabled: number;
  silent_after_ms: number;
  created_at: number;
  updated_at: number;
  last_seen_at: number | null;
}

export interface DeviceSourcesTable {
  kind: 'address' | 'cidr' | 'hostname';
  value: string;
  tenant: string;
  device_id: string;
}

export interface UnassignedSourcesTable {
  address: string;
  hostname: string | null;
  first_seen_at: number;
  last_seen_at: number;
  count: number;
  samples: string;
}

export interface DeviceTrafficTable {
  device_id: string;
  tenant: string;
  bucket_at: number;
  records: number;
  errors: number;
}

export interface AlertsTable {
  id: string;
  tenant: string;
  device_id: string;
  kind: string;
  status: 'open' | 'cleared';
  raised_at: number;
  cleared_at: number | null;
  detail: string;
}

export interface RegistryVersionTable {
  id: number;
  version: number;
}

export interface CompaniesTable {
  id: string;
  name: string;
  name_en: string | null;
  prefecture: string | null;
  city: string | null;
  industry: string | null;
  employees: number | null;
  capital_yen: number | null;
  contact_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  created_at: number;
  updated_at: number;
}

export interface UsersTable {
  id: string;
  login: string;
  name: string;
  email: string | null;
  role: string;
  tenant: string | null;
  password_hash: string;
  must_change_password: number;
  totp_secret: string | null;
  totp_enabled: number;
  totp_last_step: number | null;
  failed_logins: number;
  locked_until: number | null;
  disabled: number;
  locale: string | null;
  last_login_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string | null;
  user_agent: string | null;
}

export interface UserCompaniesTable {
  user_id: string;
  tenant: string;
}

export interface AuditLogTable {
  id: string;
  at: number;
  actor_id: string | null;
  actor_login: string | null;
  actor_role: string | null;
  action: string;
  tenant: string | null;
  target: string | null;
  ip: string | null;
  detail: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface StateTables extends DeskTables, ReportTables, ScheduleTables {
  devices: DevicesTable;
  device_sources: DeviceSourcesTable;
  unassigned_sources: UnassignedSourcesTable;
  device_traffic: DeviceTrafficTable;
  alerts: AlertsTable;
  registry_version: RegistryVersionTable;
  companies: CompaniesTable;
  users: UsersTable;
  sessions: SessionsTable;
  user_companies: UserCompaniesTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
}

export type StateDb = Kysely<StateTables>;

/** Thrown when the schema cannot be brought up to date (the cause is kept for the log). */
export class StateMigrationError extends Error {
  readonly code = 'state-migration-failed';
  constructor(cause: unknown) {
    super('the state database could not be migrated', { cause });
    this.name = 'StateMigrationError';
  }
}

/**
 * Applies every pending migration. `schema` names the PostgreSQL schema the database
 * lives in: Kysely looks for its bookkeeping tables across all schemas unless told, so a
 * second schema on the same server (parallel test runs, two deployments) would otherwise
 * make it skip creating them in this one.
 */
export async function migrateState(db: Kysely<unknown>, schema?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const { error } = await new Migrator({
      db,
      provider: migrationProvider,
      ...(schema ? { migrationTableSchema: schema } : {}),
    }).migrateToLatest();
    if (!error) return;
    if (attempt >= MIGRATE_ATTEMPTS || !catalogRace(error, schema)) throw new StateMigrationError(error);
    // let the other session's DDL finish
    await new Promise((r) => setTimeout(r, 50 * attempt));
  }
}

const MIGRATE_ATTEMPTS = 5;

/** Catalog errors another session's DDL can cause: schema, table or column vanished meanwhile. */
const CATALOG_RACE_CODES = new Set(['3F000', '42P01', '42703']);

/**
 * Kysely finds its bookkeeping tables by listing the tables of every schema (with
 * has_schema_privilege and pg_get_serial_sequence per column): a schema dropped or a
 * table altered by someone else during that query (another deployment, parallel test
 * runs) fails it — invalid_schema_name, undefined_table, undefined_column — although this
 * schema is fine. That listing runs before any change, so trying again is safe; an
 * error naming this schema is its own and is not retried.
 */
function catalogRace(error: unknown, schema: string | undefined): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (typeof e?.code !== 'string' || !CATALOG_RACE_CODES.has(e.code) || typeof e.message !== 'string')
    return false;
  return schema === undefined || !e.message.includes(`"${schema}"`);
}

/** Opens (creating when absent) DATA/state.sqlite and migrates it. */
export async function openStateDb(path: string): Promise<StateDb> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  // WAL lets the CLI write while `start` reads; busy_timeout waits instead of failing on a lock.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  return migrated(new Kysely<StateTables>({ dialect: new SqliteDialect({ database: sqlite }) }));
}

// pg returns int8 and numeric as strings (they may exceed 2^53); our values are epoch ms
// and counters, far below that, so numbers keep the row types identical to SQLite's.
const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === PG_INT8 || oid === PG_NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as pg.CustomTypesConfig;

/** Opens the PostgreSQL state database (scale-out mode) and migrates it. */
export async function openStateDbPostgres(url: string, opts: { schema?: string } = {}): Promise<StateDb> {
  // The schema name goes into a connection option, so only plain identifiers are allowed.
  if (opts.schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) {
    throw new Error('state schema must be a lower-case SQL identifier');
  }
  const pool = new pg.Pool({
    connectionString: url,
    types: pgTypes,
    max: 10,
    // A test schema (or a deployment's own) without touching the connection URL.
    ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
  });
  return migrated(new Kysely<StateTables>({ dialect: new PostgresDialect({ pool }) }), opts.schema);
}

/** Migrates a database just opened; a failure closes it again, so no pool or file stays open. */
async function migrated(db: StateDb, schema?: string): Promise<StateDb> {
  try {
    await migrateState(db as unknown as Kysely<unknown>, schema);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return db;
}
