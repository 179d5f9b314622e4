/** The literal, ordered list of state-database migrations (names never change once shipped). */
import type { Migration, MigrationProvider } from 'kysely';
import { m0001Devices } from './0001-devices.js';
import { m0002Accounts } from './0002-accounts.js';
import { m0003Desk } from './0003-desk.js';
import { m0004Mail } from './0004-mail.js';

const MIGRATIONS: Record<string, Migration> = {
  '0001-devices': m0001Devices,
  '0002-accounts': m0002Accounts,
  '0003-desk': m0003Desk,
  '0004-mail': m0004Mail,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};
