/**
 * The jobs the service schedules, as a literal list (registries are lists in code, not
 * discovered). `otasuke start` adds each to its scheduler; a new job is one more line.
 */
import type { MailNotifier } from '../notify/outbox.js';
import { weeklySummaryJob } from '../reports/weekly/job.js';
import type { EventStore } from '../storage/events/event-store.js';
import type { StateDb } from '../storage/state/state-db.js';
import type { ScheduledJob } from './model.js';

export interface ScheduledJobsDeps {
  db: StateDb;
  store: EventStore;
  /** startMail().outbox */
  outbox: Pick<MailNotifier, 'queuePlans' | 'portalUrl'>;
}

export function scheduledJobs(deps: ScheduledJobsDeps): ScheduledJob[] {
  return [
    // Mondays 08:00 JST: each company's week in one short mail
    weeklySummaryJob({ db: deps.db, store: deps.store, outbox: deps.outbox }),
  ];
}
