/**
 * Companies, user accounts, sessions, the audit log, staff-to-company assignments and
 * settings. Schema builder only, so SQLite and PostgreSQL share it. Times are epoch ms.
 */
import type { Kysely, Migration } from 'kysely';

export const m0002Accounts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // A company (tenant) of the programme; devices.tenant refers to companies.id by value.
    await db.schema
      .createTable('companies')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text')
      .addColumn('prefecture', 'text')
      .addColumn('city', 'text')
      // industry id of SPEC §7 (manufacturing, wholesale, services, retail, …)
      .addColumn('industry', 'text')
      .addColumn('employees', 'integer')
      .addColumn('capital_yen', 'bigint')
      .addColumn('contact_name', 'text')
      .addColumn('contact_phone', 'text')
      .addColumn('contact_email', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // login name, stored lower-case
      .addColumn('login', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('role', 'text', (c) => c.notNull())
      // NULL for provider staff; the company id for company-admin / company-viewer
      .addColumn('tenant', 'text')
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('must_change_password', 'integer', (c) => c.notNull())
      .addColumn('totp_secret', 'text')
      .addColumn('totp_enabled', 'integer', (c) => c.notNull())
      // the last accepted TOTP time step: a code is never accepted twice
      .addColumn('totp_last_step', 'bigint')
      .addColumn('failed_logins', 'integer', (c) => c.notNull())
      .addColumn('locked_until', 'bigint')
      .addColumn('disabled', 'integer', (c) => c.notNull())
      .addColumn('locale', 'text')
      .addColumn('last_login_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('users_tenant').on('users').columns(['tenant']).execute();

    // Sessions are looked up by the SHA-256 of the cookie value; the value itself is never stored.
    await db.schema
      .createTable('sessions')
      .addColumn('id_hash', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('csrf_token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id']).execute();

    // engineer / expert see only companies assigned to them
    await db.schema
      .createTable('user_companies')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('user_companies_pk', ['user_id', 'tenant'])
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor_login', 'text')
      .addColumn('actor_role', 'text')
      // e.g. company.dashboard.read, user.create, device.update, auth.login.failed
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('tenant', 'text')
      .addColumn('target', 'text')
      .addColumn('ip', 'text')
      // JSON object with the non-secret details
      .addColumn('detail', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at']).execute();
    await db.schema.createIndex('audit_log_tenant_at').on('audit_log').columns(['tenant', 'at']).execute();

    await db.schema
      .createTable('settings')
      .addColumn('key', 'text', (c) => c.primaryKey())
      // JSON value
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
