/**
 * Scheduled runs (issue 6): one row per job and period (the weekly mail of one week, the
 * monthly reports of one month). The primary key makes a run claimable by an insert, so
 * processes sharing a state database never run the same period twice; the row keeps
 * the attempts, the lease of the process running it and what came out.
 */
import type { Kysely, Migration } from 'kysely';

export const m0006Schedule: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('scheduled_runs')
      .addColumn('job', 'text', (c) => c.notNull())
      .addColumn('period_key', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      // the cron occurrence the run is for (catch-up runs start later than this)
      .addColumn('due_at', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint', (c) => c.notNull())
      // renewed while the run is alive; a stale one marks a crashed process
      .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      // a failed run may be tried again from then on; null = not again
      .addColumn('next_attempt_at', 'bigint')
      .addColumn('owner', 'text')
      .addColumn('error', 'text')
      .addColumn('detail', 'text')
      .addPrimaryKeyConstraint('scheduled_runs_pk', ['job', 'period_key'])
      .execute();
    await db.schema.createIndex('scheduled_runs_started').on('scheduled_runs').column('started_at').execute();
  },
};
