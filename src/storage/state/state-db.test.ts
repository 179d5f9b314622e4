import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type DatabaseIntrospector, Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../devices/backends.test-helper.js';
import { migrateState, openStateDb, StateMigrationError } from './state-db.js';

describe('openStateDb (sqlite)', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates the file in WAL mode with every table, and reopening does not migrate twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otasuke-state-'));
    dirs.push(dir);
    const path = join(dir, 'sub', 'state.sqlite');
    const db = await openStateDb(path);
    await db.destroy();
    const again = await openStateDb(path);
    await again.destroy();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = (
      raw.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]
    )
      .map((r) => r.name)
      .filter((n) => !n.startsWith('kysely_'))
      .sort();
    expect(tables).toEqual([
      'alerts',
      'audit_log',
      'companies',
      'desk_alert_events',
      'desk_alerts',
      'desk_attachments',
      'desk_case_links',
      'desk_case_timeline',
      'desk_cases',
      'desk_claim_documents',
      'desk_claim_items',
      'desk_claims',
      'desk_counters',
      'desk_dispatches',
      'desk_policies',
      'device_sources',
      'device_traffic',
      'devices',
      'mail_outbox',
      'registry_version',
      'reports',
      'scheduled_runs',
      'sessions',
      'settings',
      'unassigned_sources',
      'user_companies',
      'users',
    ]);
    const migrations = raw.prepare('select name from kysely_migration order by name').all();
    expect(migrations).toEqual([
      { name: '0001-devices' },
      { name: '0002-accounts' },
      { name: '0003-desk' },
      { name: '0004-mail' },
      { name: '0005-reports' },
      { name: '0006-schedule' },
    ]);
    raw.close();
  });
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== null)(
    `state schema on ${backend.name}${backend.skip ? ` (skipped: ${backend.skip})` : ''}`,
    () => {
      it('allows one open alert per device and kind, any number of cleared ones', async () => {
        const { db, dispose } = await backend.open();
        try {
          const alert = (id: string, status: 'open' | 'cleared') => ({
            id,
            tenant: 't',
            device_id: 'd',
            kind: 'device-silent',
            status,
            raised_at: 1,
            cleared_at: null,
            detail: '{}',
          });
          await db
            .insertInto('alerts')
            .values([alert('a1', 'cleared'), alert('a2', 'cleared'), alert('a3', 'open')])
            .execute();
          await expect(db.insertInto('alerts').values(alert('a4', 'open')).execute()).rejects.toThrow();
          // Epoch milliseconds survive as numbers on both dialects.
          const row = await db
            .selectFrom('alerts')
            .select('raised_at')
            .where('id', '=', 'a3')
            .executeTakeFirstOrThrow();
          expect(row.raised_at).toBe(1);
        } finally {
          await dispose();
        }
      });
    },
  );
}

/** In-memory SQLite whose first `failures` introspection calls fail as PostgreSQL's do (invalid_schema_name). */
class FailingIntrospection extends SqliteDialect {
  calls = 0;
  constructor(
    private readonly failures: number,
    private readonly message: string,
    private readonly code = '3F000',
  ) {
    super({ database: new Database(':memory:') });
  }
  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    const real = super.createIntrospector(db);
    const gate = async <T>(next: () => Promise<T>): Promise<T> => {
      this.calls++;
      if (this.calls <= this.failures) throw Object.assign(new Error(this.message), { code: this.code });
      return next();
    };
    return {
      getSchemas: () => gate(() => real.getSchemas()),
      getTables: (o) => gate(() => real.getTables(o)),
      getMetadata: (o) => gate(() => real.getMetadata(o)),
    };
  }
}

describe('migrateState when another schema is dropped meanwhile', () => {
  it('tries again and migrates', async () => {
    const dialect = new FailingIntrospection(2, 'schema "t_gone" does not exist');
    const db = new Kysely<unknown>({ dialect });
    try {
      await migrateState(db);
      const tables = await db.introspection.getTables();
      expect(tables.map((t) => t.name)).toContain('companies');
    } finally {
      await db.destroy();
    }
  });

  it('tries again when a table of another schema changes under the listing', async () => {
    const dialect = new FailingIntrospection(
      1,
      'column "csrf_token" of relation "sessions" does not exist',
      '42703',
    );
    const db = new Kysely<unknown>({ dialect });
    try {
      await migrateState(db);
      expect(dialect.calls).toBeGreaterThan(1);
    } finally {
      await db.destroy();
    }
  });

  it('gives up at once when the missing schema is its own, and after a few tries otherwise', async () => {
    const own = new FailingIntrospection(100, 'schema "mine" does not exist');
    const ownDb = new Kysely<unknown>({ dialect: own });
    await expect(migrateState(ownDb, 'mine')).rejects.toBeInstanceOf(StateMigrationError);
    expect(own.calls).toBe(1);
    await ownDb.destroy();

    const other = new FailingIntrospection(100, 'schema "t_gone" does not exist');
    const otherDb = new Kysely<unknown>({ dialect: other });
    await expect(migrateState(otherDb)).rejects.toBeInstanceOf(StateMigrationError);
    expect(other.calls).toBe(5);
    await otherDb.destroy();
  });
});
