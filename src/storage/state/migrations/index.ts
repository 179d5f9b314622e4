/** The literal, ordered list of state-database migrations (names never change once shipped). */
import type { Migration, MigrationProvider } from 'kysely';
import { m0001Devices } from './0001-devices.js';
import { m0002Accounts } from './0002-accounts.js';

const MIGRATIONS: Record<string, Migration> = {
  '0001-devices': m0001Devices,
  '0002-accounts': m0002Accounts,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};
