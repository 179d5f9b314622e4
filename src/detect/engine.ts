/**
 * Matcher + correlator + alert sink, as the ingest writer and the health checker use
 * them. Hits come from the parse workers (see ChunkOptions.rules) once their events are
 * stored; events made in this thread (derived scans, synthetic health events) are
 * matched here. Delivery to the sink runs beside ingest: a slow or failing sink never
 * holds up or loses an event. Failed deliveries are retried with back-off, then given
 * up (counted in otasuke_alert_signals_dropped_total); the queue is bounded.
 */
import { resolve } from 'node:path';
import { alertSignals, alertSignalsDropped, alertSinkFailures, ruleHits } from '../core/metrics.js';
import type { NormalizedEvent } from '../event/event.js';
import { Correlator, type CorrelatorOptions } from './correlator.js';
import { defaultRulesDir, loadRulePack } from './loader.js';
import { RuleMatcher } from './matcher.js';
import type { AlertSignal, AlertSink, Rule, RuleHit } from './model.js';

export interface DetectionEngineOptions {
  sink: AlertSink;
  /** Rules folder (default content/rules). Parse workers load the same folder. */
  rulesDir?: string;
  correlator?: CorrelatorOptions;
  /** Wall clock (default Date.now). */
  now?: () => number;
  log?: (msg: string) => void;
  /** Signals waiting for the sink at most (default 10 000); beyond that the oldest are dropped. */
  maxQueuedSignals?: number;
  /** Delivery attempts per batch before it is dropped (default 5). */
  deliveryAttempts?: number;
  /** First retry delay, doubled per attempt up to 30 s (default 500 ms). */
  retryBaseMs?: number;
  /** Flush timer so continuations go out while ingest is quiet (default 10 000 ms; 0 = none). */
  flushEveryMs?: number;
}

export interface DetectionStats {
  hits: number;
  signals: number;
  delivered: number;
  sinkFailures: number;
  dropped: number;
}

const BATCH = 500;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class DetectionEngine {
  readonly rulesDir: string;
  readonly rules: readonly Rule[];
  readonly matcher: RuleMatcher;
  readonly correlator: Correlator;
  readonly stats: DetectionStats = { hits: 0, signals: 0, delivered: 0, sinkFailures: 0, dropped: 0 };
  private readonly sink: AlertSink;
  private readonly now: () => number;
  private readonly log: (msg: string) => void;
  private readonly maxQueued: number;
  private readonly attempts: number;
  private readonly retryBaseMs: number;
  private queue: AlertSignal[] = [];
  private delivering: Promise<void> | null = null;
  private readonly timer: ReturnType<typeof setInterval> | null;

  /** Loads the rule pack; throws RulePackError listing every problem (start-up fails, as with bad config). */
  constructor(opts: DetectionEngineOptions) {
    this.rulesDir = resolve(opts.rulesDir ?? defaultRulesDir());
    this.rules = loadRulePack(this.rulesDir);
    this.matcher = new RuleMatcher(this.rules);
    this.now = opts.now ?? Date.now;
    this.correlator = new Correlator(this.rules, { now: this.now, ...opts.correlator });
    this.sink = opts.sink;
    this.log = opts.log ?? ((m) => console.error(m));
    this.maxQueued = Math.max(1, opts.maxQueuedSignals ?? 10_000);
    this.attempts = Math.max(1, opts.deliveryAttempts ?? 5);
    this.retryBaseMs = Math.max(0, opts.retryBaseMs ?? 500);
    const every = opts.flushEveryMs ?? 10_000;
    this.timer = every > 0 ? setInterval(() => this.flush(), every) : null;
    this.timer?.unref();
  }

  /** Hits of events made in this thread (derived scan events, synthetic events), appended to `out`. */
  match(events: readonly NormalizedEvent[], out: RuleHit[] = []): RuleHit[] {
    for (const e of events) {
      const ms = Date.parse(e.ts);
      if (!Number.isNaN(ms)) this.matcher.match(e, ms, out);
    }
    return out;
  }

  /**
   * Hits whose events are stored: correlates them and queues the signals now due.
   * Never throws and never waits (a bug in detection must not stop ingest).
   */
  observe(hits: readonly RuleHit[]): void {
    try {
      if (hits.length > 0) {
        this.stats.hits += hits.length;
        const per = new Map<string, number>();
        for (const h of hits) per.set(h.rule, (per.get(h.rule) ?? 0) + 1);
        for (const [rule, n] of per) ruleHits.inc({ rule }, n);
        this.correlator.observe(hits);
      }
      this.flush();
    } catch (err) {
      this.log(`detection: ${(err as Error).stack ?? String(err)}`);
    }
  }

  /**
   * Events made outside ingest (the health checker's device-silent events): matched,
   * correlated and delivered. Resolves once the sink has the signals (or gave up).
   */
  async observeEvents(events: readonly NormalizedEvent[]): Promise<void> {
    this.observe(this.match(events));
    await this.settled();
  }

  /** Queues the signals due now; `force` includes every pending continuation. */
  flush(force = false): void {
    let signals: AlertSignal[];
    try {
      signals = this.correlator.flush(this.now(), force);
    } catch (err) {
      this.log(`detection: ${(err as Error).stack ?? String(err)}`);
      return;
    }
    if (signals.length === 0) return;
    this.stats.signals += signals.length;
    const per = new Map<string, number>();
    for (const s of signals) per.set(s.ruleId, (per.get(s.ruleId) ?? 0) + 1);
    for (const [rule, n] of per) alertSignals.inc({ rule }, n);
    for (const s of signals) this.queue.push(s);
    const excess = this.queue.length - this.maxQueued;
    if (excess > 0) {
      this.queue.splice(0, excess);
      this.stats.dropped += excess;
      alertSignalsDropped.inc({ reason: 'queue-full' }, excess);
      this.log(`detection: alert sink is behind, dropped the ${excess} oldest signal(s)`);
    }
    this.kick();
  }

  /** Resolves when every queued signal has been delivered or given up. */
  async settled(): Promise<void> {
    while (this.delivering !== null) await this.delivering;
  }

  /** Flushes everything pending and waits for delivery; stops the flush timer. */
  async close(): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.flush(true);
    await this.settled();
  }

  private kick(): void {
    if (this.delivering !== null || this.queue.length === 0) return;
    this.delivering = this.deliverLoop().finally(() => {
      this.delivering = null;
      this.kick();
    });
  }

  private async deliverLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH);
      for (let attempt = 1; ; attempt++) {
        try {
          await this.sink.deliver(batch);
          this.stats.delivered += batch.length;
          break;
        } catch (err) {
          this.stats.sinkFailures++;
          alertSinkFailures.inc();
          if (attempt >= this.attempts) {
            this.stats.dropped += batch.length;
            alertSignalsDropped.inc({ reason: 'retries-exhausted' }, batch.length);
            this.log(
              `detection: alert sink failed ${attempt} times, dropped ${batch.length} signal(s): ${(err as Error).message}`,
            );
            break;
          }
          this.log(`detection: alert sink failed (attempt ${attempt}), retrying: ${(err as Error).message}`);
          await sleep(Math.min(30_000, this.retryBaseMs * 2 ** (attempt - 1)));
        }
      }
    }
  }
}
