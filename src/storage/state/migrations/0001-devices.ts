/**
 * Device registry, unassigned sources, per-device traffic buckets and alerts.
 * Written with the schema builder only (no dialect SQL) so it runs on SQLite and
 * PostgreSQL alike. Times are epoch milliseconds in bigint columns; booleans are
 * integers 0/1 because SQLite has no boolean type.
 */
import { type Kysely, type Migration, sql } from 'kysely';

export const m0001Devices: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('timezone', 'text', (c) => c.notNull())
      // JSON array of CIDR text; NULL = the default internal networks.
      .addColumn('internal_networks', 'text')
      .addColumn('token_hash', 'text', (c) => c.unique())
      .addColumn('tls_fingerprint', 'text', (c) => c.unique())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('silent_after_ms', 'bigint', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint')
      .execute();
    await db.schema.createIndex('devices_tenant').on('devices').columns(['tenant', 'id']).execute();

    // One row per address / CIDR / hostname; the primary key makes a source belong to one device.
    await db.schema
      .createTable('device_sources')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id').onDelete('cascade'))
      .addPrimaryKeyConstraint('device_sources_pk', ['kind', 'value'])
      .execute();
    await db.schema
      .createIndex('device_sources_device')
      .on('device_sources')
      .columns(['device_id'])
      .execute();

    await db.schema
      .createTable('unassigned_sources')
      .addColumn('address', 'text', (c) => c.primaryKey())
      .addColumn('hostname', 'text')
      .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      // JSON array of at most 5 recent lines.
      .addColumn('samples', 'text', (c) => c.notNull())
      .execute();

    // Five-minute buckets: fine enough for "records in the last hour", coarse enough to stay small.
    await db.schema
      .createTable('device_traffic')
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('bucket_at', 'bigint', (c) => c.notNull())
      .addColumn('records', 'bigint', (c) => c.notNull())
      .addColumn('errors', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('device_traffic_pk', ['device_id', 'bucket_at'])
      .execute();
    await db.schema
      .createIndex('device_traffic_tenant')
      .on('device_traffic')
      .columns(['tenant', 'bucket_at'])
      .execute();

    await db.schema
      .createTable('alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('raised_at', 'bigint', (c) => c.notNull())
      .addColumn('cleared_at', 'bigint')
      .addColumn('detail', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('alerts_tenant_status').on('alerts').columns(['tenant', 'status']).execute();
    // At most one open alert of a kind per device, even with two processes checking at once.
    await db.schema
      .createIndex('alerts_one_open')
      .on('alerts')
      .columns(['device_id', 'kind'])
      .unique()
      .where(sql.ref('status'), '=', 'open')
      .execute();

    // Bumped on every registry change so other processes (CLI while `start` runs) reload their cache.
    await db.schema
      .createTable('registry_version')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .execute();
    await db
      .insertInto('registry_version' as never)
      .values({ id: 1, version: 0 } as never)
      .execute();
  },
};
