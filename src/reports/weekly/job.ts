/**
 * The Monday summary as a scheduled job: for each company that had a UTM during the
 * week, the week's figures go to its people through the mail outbox (so an SMTP outage
 * only delays them). A repeated run of the same week queues nothing twice: each mail's
 * outbox key is the company, the week and the address.
 */
import type { MailNotifier } from '../../notify/outbox.js';
import type { Period } from '../../portal/period.js';
import type { JobContext, RunDetail, ScheduledJob } from '../../schedule/model.js';
import type { EventStore } from '../../storage/events/event-store.js';
import type { StateDb } from '../../storage/state/state-db.js';
import { gatherWeeklyFigures } from './figures.js';
import { weeklyMailPlan } from './mail.js';
import { parseWeekKey, summaryWeek, weekKey } from './period.js';
import { weeklyRecipients } from './recipients.js';

export const WEEKLY_SUMMARY_JOB = 'weekly-summary';
/** Mondays at 08:00 Japan time: in the inbox when the week starts. */
export const WEEKLY_SUMMARY_CRON = '0 8 * * 1';

export interface WeeklySummaryOptions {
  db: StateDb;
  store: EventStore;
  /** the mail outbox (startMail().outbox): queues the mails, knows the portal's address */
  outbox: Pick<MailNotifier, 'queuePlans' | 'portalUrl'>;
  /** default Mondays 08:00 */
  cron?: string;
}

export function weeklySummaryJob(opts: WeeklySummaryOptions): ScheduledJob {
  return {
    name: WEEKLY_SUMMARY_JOB,
    cron: opts.cron ?? WEEKLY_SUMMARY_CRON,
    periodKey: (dueAt) => weekKey(summaryWeek(dueAt)),
    run: (key, ctx) => sendWeeklySummaries(opts, parseWeekKey(key), ctx),
  };
}

interface CompanyRow {
  id: string;
  name: string;
  name_en: string | null;
}

/** Companies with an enabled UTM registered before the week ended (none yet: nothing to tell). */
async function watchedCompanies(db: StateDb, week: Period): Promise<CompanyRow[]> {
  return db
    .selectFrom('companies')
    .select(['id', 'name', 'name_en'])
    .where('id', 'in', (eb) =>
      eb.selectFrom('devices').select('tenant').where('enabled', '=', 1).where('created_at', '<', week.to),
    )
    .orderBy('id')
    .execute();
}

/**
 * Queues the week's summary of every watched company. One company's failure does not
 * stop the others; the run then fails naming them, and its retry queues only what is
 * still missing.
 */
export async function sendWeeklySummaries(
  opts: WeeklySummaryOptions,
  week: Period,
  ctx?: Pick<JobContext, 'signal' | 'log'>,
): Promise<RunDetail> {
  const companies = await watchedCompanies(opts.db, week);
  let mailed = 0;
  let queued = 0;
  let noRecipients = 0;
  const failed: string[] = [];
  for (const c of companies) {
    if (ctx?.signal.aborted)
      throw new Error(
        `stopped after ${mailed + noRecipients + failed.length} of ${companies.length} companies`,
      );
    try {
      const recipients = await weeklyRecipients(opts.db, c.id);
      if (recipients.length === 0) {
        noRecipients++;
        continue;
      }
      const figures = await gatherWeeklyFigures(opts.store, opts.db, c.id, week);
      queued += await opts.outbox.queuePlans([
        weeklyMailPlan({
          tenant: c.id,
          company: { ja: c.name, en: c.name_en?.trim() || c.name },
          figures,
          recipients,
          portalUrl: opts.outbox.portalUrl,
        }),
      ]);
      mailed++;
    } catch (e) {
      const msg = (e as Error).message;
      failed.push(`${c.id}: ${msg}`);
      ctx?.log(`company ${c.id}: ${msg}`);
    }
  }
  if (failed.length > 0)
    throw new Error(
      `${failed.length} of ${companies.length} companies could not be summarised: ${failed.slice(0, 5).join('; ')}`,
    );
  return { companies: companies.length, mailed, mailsQueued: queued, noRecipients };
}
