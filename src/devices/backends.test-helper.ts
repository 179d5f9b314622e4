/**
 * State database backends for the registry tests: SQLite in a temp folder always,
 * PostgreSQL when OTASUKE_TEST_PG_URL is set (each run in its own schema, dropped after).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStateDb, openStateDbPostgres, type StateDb } from '../storage/state/state-db.js';

export const PG_URL = process.env.OTASUKE_TEST_PG_URL;

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Reason shown when the backend is skipped. */
  skip: string | null;
  open(): Promise<{ db: StateDb; dispose(): Promise<void> }>;
}

export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    skip: null,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'otasuke-state-'));
      const db = await openStateDb(join(dir, 'state.sqlite'));
      return {
        db,
        async dispose() {
          await db.destroy();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres',
    skip: PG_URL ? null : 'OTASUKE_TEST_PG_URL is not set',
    async open() {
      const schema = 't_' + randomBytes(6).toString('hex');
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      const db = await openStateDbPostgres(PG_URL!, { schema });
      return {
        db,
        async dispose() {
          await db.destroy();
          await admin.query(`drop schema ${schema} cascade`);
          await admin.end();
        },
      };
    },
  },
];
