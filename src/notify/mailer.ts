/**
 * Sends the outbox over SMTP with nodemailer: polls for due rows every few seconds (and
 * at once when the notifier queued something), claims each row before sending so that
 * processes sharing a database send it once, and retries failures with back-off.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { mailFailed, mailSent } from '../core/metrics.js';
import type { StateDb } from '../storage/state/state-db.js';
import { claimRow, dueRows, MAX_ATTEMPTS, markFailed, markSent, type OutboxRow } from './outbox.js';

export interface MailSenderOptions {
  db: StateDb;
  /** an SMTP URL (smtp://user:pass@host:587, smtps://…) or nodemailer SMTP options */
  transport: string | SMTPTransport.Options;
  /** the From header, e.g. `Otasuke <no-reply@example.jp>` */
  from: string;
  now?: () => number;
  log?: (msg: string) => void;
  /** how often to look for due rows; default 5 s */
  pollIntervalMs?: number;
  /** tries before a mail is marked failed; default 10 */
  maxAttempts?: number;
  /** how long a claimed row is ours before another process may retry it; default 5 min */
  leaseMs?: number;
}

// Bounded so a hung server cannot hold a claimed row past its lease.
const TIMEOUTS: SMTPTransport.Options = {
  connectionTimeout: 30_000,
  greetingTimeout: 30_000,
  socketTimeout: 60_000,
};
const BATCH = 20;

/** The domain part of the From address, for Message-IDs. */
function fromDomain(from: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return m ? m[1].toLowerCase() : 'otasuke.invalid';
}

/** A 5xx answer to the recipient: the address will not start working by itself. */
function isPermanent(err: unknown): boolean {
  const e = err as { code?: string; responseCode?: number };
  return e.code === 'EENVELOPE' && typeof e.responseCode === 'number' && e.responseCode >= 500;
}

export class MailSender {
  private readonly db: StateDb;
  private readonly transporter: Transporter<SMTPTransport.SentMessageInfo>;
  private readonly from: string;
  private readonly domain: string;
  private readonly now: () => number;
  private readonly log: (msg: string) => void;
  private readonly pollIntervalMs: number;
  private readonly maxAttempts: number;
  private readonly leaseMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private started = false;
  private stopped = false;

  constructor(opts: MailSenderOptions) {
    this.db = opts.db;
    // the URL goes in as `url` so the time-outs apply to it too (a second argument would be message defaults)
    this.transporter = nodemailer.createTransport(
      typeof opts.transport === 'string'
        ? { ...TIMEOUTS, url: opts.transport }
        : { ...TIMEOUTS, ...opts.transport },
    );
    this.from = opts.from;
    this.domain = fromDomain(opts.from);
    this.now = opts.now ?? Date.now;
    this.log = opts.log ?? (() => undefined);
    this.pollIntervalMs = opts.pollIntervalMs ?? 5_000;
    this.maxAttempts = opts.maxAttempts ?? MAX_ATTEMPTS;
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
  }

  /** Starts polling (the first look is immediate). */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.kick();
  }

  /** Looks for due rows now (after the current pass when one is running). */
  kick(): void {
    if (this.stopped) return;
    void this.runOnce().catch((err: Error) => this.log(`mail: sending pass failed: ${err.message}`));
  }

  /**
   * One pass: sends every row due now. Concurrent calls share the running pass (and make
   * it look again once it is done), so a kick during a pass is never lost.
   */
  runOnce(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.drain();
        } while (this.again && !this.stopped);
      } finally {
        this.running = null;
        this.schedule();
      }
    })();
    return this.running;
  }

  /** Stops polling; resolves when the mail being sent (if any) is done. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    this.transporter.close();
  }

  private schedule(): void {
    if (!this.started || this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, this.pollIntervalMs);
    // polling alone never keeps the process alive
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const rows = await dueRows(this.db, this.now(), BATCH);
      if (rows.length === 0) return;
      let claimed = 0;
      for (const row of rows) {
        if (this.stopped) return;
        if (!(await claimRow(this.db, row, this.now() + this.leaseMs))) continue;
        claimed++;
        await this.send(row, row.attempts + 1);
      }
      // every row was taken by another process: look again rather than spin on them
      if (claimed === 0 && rows.length < BATCH) return;
    }
  }

  private async send(row: OutboxRow, attempts: number): Promise<void> {
    try {
      await this.transporter.sendMail({
        from: this.from,
        to: row.to_addr,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
        // the same id on a retry lets the receiving side recognise a duplicate
        messageId: `<${row.id}@${this.domain}>`,
        headers: {
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
        },
      });
      await markSent(this.db, row.id, attempts, this.now());
      mailSent.inc({ kind: row.kind });
    } catch (err) {
      mailFailed.inc({ kind: row.kind });
      const message = (err as Error).message || String(err);
      const outcome = await markFailed(this.db, row.id, attempts, this.now(), message, {
        permanent: isPermanent(err),
        maxAttempts: this.maxAttempts,
      });
      this.log(
        outcome === 'failed'
          ? `mail: ${row.kind} ${row.id} failed for good after ${attempts} tries: ${message}`
          : `mail: ${row.kind} ${row.id} try ${attempts} failed, will retry: ${message}`,
      );
    }
  }
}
