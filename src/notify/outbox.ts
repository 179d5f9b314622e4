/**
 * The durable outbox (table mail_outbox) and the notifier that fills it. A desk request
 * only writes rows; the sender (mailer.ts) delivers them later, so an SMTP outage or a
 * restart loses nothing and never slows or fails the request.
 *
 * Rows are claimed with a conditional update (status, attempts unchanged since read):
 * several processes on one database send each mail once. A claim leases the row by
 * moving next_attempt_at ahead; a process that dies mid-send lets the lease run out and
 * another one retries.
 */
import { randomUUID } from 'node:crypto';
import { mailNotifyErrors, mailQueued } from '../core/metrics.js';
import type { MailOutboxTable } from '../storage/state/desk-tables.js';
import type { StateDb } from '../storage/state/state-db.js';
import { normalizePortalUrl } from './format.js';
import type { NotificationEvent, Notifier } from './model.js';
import { type MailPlan, planMails, type RuleExplain } from './policy.js';
import { type MailTemplates, mailTemplates, renderMail } from './templates.js';

/** After this many failed tries a mail is marked failed and left for an operator. */
export const MAX_ATTEMPTS = 10;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** Wait after the n-th failed try (n ≥ 1): 1, 2, 4, … minutes, at most an hour. */
export function backoffMs(failedAttempts: number): number {
  return Math.min(HOUR, MINUTE * 2 ** Math.max(0, failedAttempts - 1));
}

export type OutboxRow = MailOutboxTable;

export interface MailNotifierOptions {
  db: StateDb;
  /** the portal's base URL, e.g. https://portal.example.jp (links in the mails) */
  portalUrl: string;
  now?: () => number;
  log?: (msg: string) => void;
  /** called after rows were queued (the sender uses it to send at once instead of at its next poll) */
  onQueued?: () => void;
  /** templates other than the shipped content/mail/templates.json (tests) */
  templates?: MailTemplates;
  /** the rules' plain-language texts, for alert events that bring no `explain` */
  ruleExplain?: RuleExplain;
}

/** Turns desk events into outbox rows: one per recipient, each at most once. */
export class MailNotifier implements Notifier {
  private readonly db: StateDb;
  /** the portal's base URL, without a trailing slash: links in the mails start with it */
  readonly portalUrl: string;
  private readonly now: () => number;
  private readonly log: (msg: string) => void;
  private readonly onQueued: (() => void) | undefined;
  private readonly templates: MailTemplates | undefined;
  private readonly ruleExplain: RuleExplain | undefined;

  constructor(opts: MailNotifierOptions) {
    this.db = opts.db;
    this.portalUrl = normalizePortalUrl(opts.portalUrl);
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => undefined);
    this.onQueued = opts.onQueued;
    this.templates = opts.templates;
    this.ruleExplain = opts.ruleExplain;
  }

  async notify(event: NotificationEvent): Promise<void> {
    try {
      const queued = await this.queue(event);
      if (queued > 0) this.onQueued?.();
    } catch (err) {
      // the desk's action already happened; a lost mail is logged and counted, never thrown
      mailNotifyErrors.inc({ kind: event.kind });
      this.log(`mail: could not queue ${event.kind} for ${event.tenant}: ${(err as Error).message}`);
    }
  }

  /** Renders and inserts the rows of one event; resolves to the number of new rows. */
  async queue(event: NotificationEvent): Promise<number> {
    const templates = this.templates ?? mailTemplates();
    const plans = await planMails(
      { db: this.db, portalUrl: this.portalUrl, labels: templates.labels, ruleExplain: this.ruleExplain },
      event,
    );
    return this.insertPlans(plans, templates);
  }

  /**
   * Queues mails planned outside the desk's events (the scheduler's weekly summary) the
   * same way: rendered per recipient, once per dedup key; wakes the sender when any is new.
   */
  async queuePlans(plans: readonly MailPlan[]): Promise<number> {
    const queued = await this.insertPlans(plans, this.templates ?? mailTemplates());
    if (queued > 0) this.onQueued?.();
    return queued;
  }

  private async insertPlans(plans: readonly MailPlan[], templates: MailTemplates): Promise<number> {
    const now = this.now();
    let queued = 0;
    for (const plan of plans) {
      const byLocale = new Map<string, Record<string, string>>();
      for (const r of plan.recipients) {
        let vars = byLocale.get(r.locale);
        if (!vars) {
          vars = plan.vars(r.locale);
          byLocale.set(r.locale, vars);
        }
        const name = r.name?.trim() || templates.labels.defaultName[r.locale];
        const mail = renderMail(templates, plan.kind, plan.audience, r.locale, { ...vars, name });
        const res = await this.db
          .insertInto('mail_outbox')
          .values({
            id: randomUUID(),
            tenant: plan.tenant,
            kind: plan.kind,
            to_addr: r.address,
            locale: r.locale,
            subject: mail.subject,
            text_body: mail.text,
            html_body: mail.html,
            dedup_key: `${plan.key}:${r.address.toLowerCase()}`,
            status: 'pending',
            attempts: 0,
            next_attempt_at: now,
            last_error: null,
            created_at: now,
            sent_at: null,
          })
          .onConflict((oc) => oc.column('dedup_key').doNothing())
          .executeTakeFirst();
        if (Number(res.numInsertedOrUpdatedRows ?? 0n) > 0) {
          queued++;
          mailQueued.inc({ kind: plan.kind });
        }
      }
    }
    return queued;
  }
}

/** Rows due for a try, oldest first. */
export async function dueRows(db: StateDb, now: number, limit: number): Promise<OutboxRow[]> {
  return db
    .selectFrom('mail_outbox')
    .selectAll()
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Takes a row for one try: counts the attempt and leases the row until `leaseUntil`.
 * False when another process took it first (its attempts or next try moved on).
 */
export async function claimRow(db: StateDb, row: OutboxRow, leaseUntil: number): Promise<boolean> {
  const r = await db
    .updateTable('mail_outbox')
    .set({ attempts: row.attempts + 1, next_attempt_at: leaseUntil })
    .where('id', '=', row.id)
    .where('status', '=', 'pending')
    .where('attempts', '=', row.attempts)
    .where('next_attempt_at', '=', row.next_attempt_at)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks a claimed row sent (only while the claim is still ours). */
export async function markSent(db: StateDb, id: string, attempts: number, now: number): Promise<void> {
  await db
    .updateTable('mail_outbox')
    .set({ status: 'sent', sent_at: now, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('attempts', '=', attempts)
    .execute();
}

/** Records a failed try: retried after the back-off, or failed for good. */
export async function markFailed(
  db: StateDb,
  id: string,
  attempts: number,
  now: number,
  error: string,
  opts: { permanent?: boolean; maxAttempts?: number } = {},
): Promise<'retry' | 'failed'> {
  const giveUp = opts.permanent === true || attempts >= (opts.maxAttempts ?? MAX_ATTEMPTS);
  await db
    .updateTable('mail_outbox')
    .set({
      status: giveUp ? 'failed' : 'pending',
      next_attempt_at: giveUp ? now : now + backoffMs(attempts),
      last_error: error.slice(0, 500),
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .where('attempts', '=', attempts)
    .execute();
  return giveUp ? 'failed' : 'retry';
}
