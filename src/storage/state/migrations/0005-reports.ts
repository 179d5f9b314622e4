/**
 * The report archive (issue 6): one row per generated PDF (monthly, on demand, programme),
 * the file itself under DATA/reports. Scheduled monthly reports carry a dedup key so a
 * retried or doubled run files one report per company, month and language.
 */
import type { Kysely, Migration } from 'kysely';

export const m0005Reports: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // null for programme-wide reports
      .addColumn('tenant', 'text')
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('period_from', 'bigint', (c) => c.notNull())
      .addColumn('period_to', 'bigint', (c) => c.notNull())
      .addColumn('lang', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('progress', 'integer', (c) => c.notNull())
      .addColumn('file', 'text')
      .addColumn('bytes', 'bigint')
      .addColumn('pages', 'integer')
      .addColumn('error', 'text')
      .addColumn('dedup_key', 'text', (c) => c.unique())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .execute();
    await db.schema.createIndex('reports_tenant').on('reports').columns(['tenant', 'period_from']).execute();
    await db.schema.createIndex('reports_status').on('reports').columns(['status', 'created_at']).execute();
  },
};
