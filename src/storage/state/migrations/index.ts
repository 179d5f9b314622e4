/** The literal, ordered list of state-database migrations (names never change once shipped). */
import type { Migration, MigrationProvider } from 'kysely';
import { m0001Devices } from './0001-devices.js';
import { m0002Accounts } from './0002-accounts.js';
import { m0003Desk } from './0003-desk.js';
import { m0004Mail } from './0004-mail.js';
import { m0005Reports } from './0005-reports.js';
import { m0006Schedule } from './0006-schedule.js';

const MIGRATIONS: Record<string, Migration> = {
  '0001-devices': m0001Devices,
  '0002-accounts': m0002Accounts,
  '0003-desk': m0003Desk,
  '0004-mail': m0004Mail,
  '0005-reports': m0005Reports,
  '0006-schedule': m0006Schedule,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return MIGRATIONS;
  },
};
