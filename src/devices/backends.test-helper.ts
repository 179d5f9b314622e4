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
import { openDeviceRegistry, openDeviceRegistryOn } from './index.js';
import type { DeviceRegistry, RegistryOptions } from './registry.js';

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
      const db = await openStateDbPostgres(PG_URL!, { schema }).catch(async (e: unknown) => {
        // nobody gets a dispose() for a failed open: drop the schema and the client here
        await admin.query(`drop schema ${schema} cascade`).finally(() => admin.end());
        throw e;
      });
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

/**
 * The state backend of app tests that do not name one: OTASUKE_TEST_STATE_BACKEND
 * ('sqlite', the default, or 'postgres'), so one suite runs on either (npm run test:api:pg).
 * Throws rather than quietly testing SQLite when PostgreSQL is asked for without a URL.
 */
export function testStateBackend(): Backend['name'] {
  const v = process.env.OTASUKE_TEST_STATE_BACKEND || 'sqlite';
  if (v !== 'sqlite' && v !== 'postgres')
    throw new Error(`OTASUKE_TEST_STATE_BACKEND must be 'sqlite' or 'postgres', not '${v}'`);
  if (v === 'postgres' && !PG_URL)
    throw new Error(
      'OTASUKE_TEST_STATE_BACKEND=postgres needs OTASUKE_TEST_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test)',
    );
  return v;
}

/**
 * A device registry over a fresh state database for app tests: SQLite at `dir`/state.sqlite,
 * or its own PostgreSQL schema (dropped by close()).
 */
export async function openTestRegistry(
  dir: string,
  opts: RegistryOptions & { backend?: Backend['name'] } = {},
): Promise<{ registry: DeviceRegistry; close(): Promise<void> }> {
  const { backend = testStateBackend(), ...registryOpts } = opts;
  if (backend === 'postgres') {
    const pgBackend = BACKENDS.find((b) => b.name === 'postgres');
    if (!pgBackend || pgBackend.skip) throw new Error(`PostgreSQL state asked for: ${pgBackend?.skip}`);
    const opened = await pgBackend.open();
    const registry = await openDeviceRegistryOn(opened.db, registryOpts).catch(async (e: unknown) => {
      await opened.dispose();
      throw e;
    });
    return {
      registry,
      async close() {
        await registry.close();
        await opened.dispose();
      },
    };
  }
  const registry = await openDeviceRegistry(join(dir, 'state.sqlite'), registryOpts);
  return { registry, close: () => registry.close() };
}
