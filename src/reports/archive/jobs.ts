/**
 * The report queue of one process: requests become `queued` rows (so a restart loses
 * none), one report is made at a time — data gathered here, the PDF rendered in a worker
 * thread — and the file lands in DATA/reports/<company>/<id>.pdf (written to a temporary
 * name first, so a crash never leaves half a PDF behind a "ready" row). Several processes
 * on one PostgreSQL state database share the queue: a row is claimed before it is made.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeviceRegistry } from '../../devices/registry.js';
import type { EventStore } from '../../storage/events/event-store.js';
import type { StateDb } from '../../storage/state/state-db.js';
import { gatherCompanyReport } from '../company/index.js';
import type { CompanyReportRequest, ReportLang } from './model.js';
import { type RenderedPdf, type RenderJob, RenderPool } from './render-pool.js';
import {
  claimReport,
  failReport,
  finishReport,
  insertReport,
  nextQueued,
  type ReportRow,
  requeueRunning,
  setProgress,
} from './repo.js';
import { mailReportReady, type ReportMailOutbox } from './report-mail.js';

export interface ReportJobsOptions {
  db: StateDb;
  store: EventStore;
  registry: DeviceRegistry;
  /** DATA/reports */
  dir: string;
  now?: () => number;
  log?: (msg: string) => void;
  /** Worker threads rendering PDFs (default 1; 0 renders in-thread). */
  workers?: number;
  /** The mail outbox (startMail().outbox): a finished monthly report is mailed to the company. */
  outbox?: ReportMailOutbox;
}

export class ReportJobs {
  private readonly opts: ReportJobsOptions;
  private readonly now: () => number;
  private readonly pool: RenderPool;
  private interactive: RenderPool | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(opts: ReportJobsOptions) {
    this.opts = opts;
    this.now = opts.now ?? Date.now;
    this.pool = new RenderPool(opts.workers ?? 1);
  }

  get dir(): string {
    return this.opts.dir;
  }

  /** Reports a crashed process left half-made go back to the queue, which starts. */
  async recover(): Promise<void> {
    const n = await requeueRunning(this.opts.db);
    if (n > 0) this.opts.log?.(`reports: ${n} unfinished report(s) queued again`);
    this.kick();
  }

  /** Files a request; a scheduled one with a known dedup key returns the existing row. */
  async request(r: CompanyReportRequest): Promise<ReportRow> {
    const { row } = await insertReport(this.opts.db, r, this.now());
    this.kick();
    return row;
  }

  /**
   * Renders a PDF off the event loop for a request that waits for it (the programme
   * report): a worker of its own, so it never queues behind the archive's reports.
   */
  render(job: RenderJob): Promise<RenderedPdf> {
    this.interactive ??= new RenderPool(this.opts.workers ?? 1);
    return this.interactive.render(job);
  }

  /** Resolves once the queue is empty (tests, the demo, the CLI). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.settled();
    await this.pool.close();
    await this.interactive?.close();
  }

  private kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.closed) {
        this.again = false;
        this.kick();
      }
    });
  }

  private async drain(): Promise<void> {
    const { db } = this.opts;
    for (;;) {
      if (this.closed) return;
      this.again = false;
      const row = await nextQueued(db);
      if (!row) return;
      if (!(await claimReport(db, row.id))) continue;
      await this.make(row);
    }
  }

  private async make(row: ReportRow): Promise<void> {
    const { db } = this.opts;
    const started = this.now();
    try {
      if (row.tenant === null) throw new Error('programme reports are not made by the queue');
      const data = await gatherCompanyReport(this.opts, {
        tenant: row.tenant,
        from: Number(row.period_from),
        to: Number(row.period_to),
        lang: row.lang as ReportLang,
        kind: row.kind === 'monthly' ? 'monthly' : 'on-demand',
        now: this.now(),
      });
      await setProgress(db, row.id, 40);
      const { pdf, pages } = await this.pool.render({ kind: 'company', data, createdAt: this.now() });
      await setProgress(db, row.id, 90);
      const rel = join(row.tenant, `${row.id}.pdf`);
      const file = join(this.opts.dir, rel);
      await mkdir(join(this.opts.dir, row.tenant), { recursive: true });
      await writeFile(`${file}.part`, pdf);
      await rename(`${file}.part`, file);
      await finishReport(db, row.id, { file: rel, bytes: pdf.byteLength, pages }, this.now());
      this.opts.log?.(
        `reports: ${row.kind} report of ${row.tenant} ready (${pages} pages, ${this.now() - started} ms)`,
      );
      // on-demand reports are not mailed: whoever asked is watching the page
      if (row.kind === 'monthly') await this.mailReady({ ...row, tenant: row.tenant });
    } catch (err) {
      this.opts.log?.(`reports: report ${row.id} of ${row.tenant} failed: ${(err as Error).message}`);
      await failReport(db, row.id, (err as Error).message, this.now());
    }
  }

  /** Never throws: a mail that cannot be queued is logged, and the report stays ready. */
  private async mailReady(row: ReportRow & { tenant: string }): Promise<void> {
    const { outbox, db } = this.opts;
    if (!outbox) return;
    try {
      const queued = await mailReportReady(db, outbox, row);
      if (queued > 0) this.opts.log?.(`reports: ${queued} mail(s) about the report of ${row.tenant} queued`);
    } catch (err) {
      this.opts.log?.(`reports: could not mail the report of ${row.tenant}: ${(err as Error).message}`);
    }
  }
}
