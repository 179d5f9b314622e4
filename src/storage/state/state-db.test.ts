import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../devices/backends.test-helper.js';
import { openStateDb } from './state-db.js';

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
