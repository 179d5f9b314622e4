/**
 * Where detection signals land (issue 5): one desk alert per (company, rule, group)
 * episode. A signal bumps the open alert of its key; repeats of an alert closed a moment
 * ago are suppressed (counted, not reopened, nobody told); anything else is a new alert
 * and a notification. One transaction per delivered batch keeps a burst cheap.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable, Transaction } from 'kysely';
import type { AlertSignal, AlertSink } from '../detect/index.js';
import type { NormalizedEvent } from '../event/event.js';
import type { Notifier } from '../notify/model.js';
import type { DeskAlertsTable } from '../storage/state/desk-tables.js';
import type { StateDb, StateTables } from '../storage/state/state-db.js';
import { appendTimeline } from './timeline.js';

/** Open for de-duplication: an escalated alert keeps collecting its repeats. */
const LIVE = ['new', 'acknowledged', 'escalated'] as const;
/** Samples kept per alert: the first few and the latest few. */
const FIRST_SAMPLES = 5;
const LATEST_SAMPLES = 5;
/** A case hears about its alert firing again at most this often. */
export const REFIRE_NOTE_INTERVAL_MS = 3_600_000;
/** Keys looked up per query (well under SQLite's and PostgreSQL's parameter limits). */
const LOOKUP_CHUNK = 300;

type AlertRow = Pick<
  DeskAlertsTable,
  | 'id'
  | 'tenant'
  | 'rule_id'
  | 'group_key'
  | 'status'
  | 'first_seen_at'
  | 'last_seen_at'
  | 'count'
  | 'case_id'
  | 'notified_at'
>;

interface Touched {
  row: AlertRow;
  samples: NormalizedEvent[];
  /** the columns of an alert new in this batch (written in bulk at the end) */
  insert: Insertable<DeskAlertsTable> | null;
}

interface Sample {
  ts: number;
  event: string;
}

/** Rows per multi-row insert (far under both databases' bind-parameter limits). */
const INSERT_CHUNK = 200;

/** The first few and the latest few samples by event time (equal times keep arrival order). */
export function pickSamples(all: readonly Sample[]): Sample[] {
  const sorted = all.map((e, i) => ({ ...e, i })).sort((a, b) => a.ts - b.ts || a.i - b.i);
  const kept =
    sorted.length <= FIRST_SAMPLES + LATEST_SAMPLES
      ? sorted
      : [...sorted.slice(0, FIRST_SAMPLES), ...sorted.slice(sorted.length - LATEST_SAMPLES)];
  return kept.map(({ ts, event }) => ({ ts, event }));
}

const sampleOf = (e: NormalizedEvent): Sample => ({ ts: Date.parse(e.ts) || 0, event: JSON.stringify(e) });

export interface DeliverStats {
  created: number;
  bumped: number;
  suppressed: number;
  /** replays of what the alert already holds */
  ignored: number;
}

export type { AlertSignal, AlertSink };

const keyOf = (tenant: string, ruleId: string, groupKey: string) =>
  `${tenant}\u0000${ruleId}\u0000${groupKey}`;

export class DeskAlertSink implements AlertSink {
  private readonly db: StateDb;
  private readonly notifier: Notifier | undefined;
  private readonly now: () => number;
  /** Totals since start (for the metrics page and tests). */
  readonly stats: DeliverStats = { created: 0, bumped: 0, suppressed: 0, ignored: 0 };

  constructor(opts: { db: StateDb; notifier?: Notifier; now?: () => number }) {
    this.db = opts.db;
    this.notifier = opts.notifier;
    this.now = opts.now ?? Date.now;
  }

  async deliver(signals: readonly AlertSignal[]): Promise<void> {
    if (signals.length === 0) return;
    const now = this.now();
    const created: { row: AlertRow; signal: AlertSignal }[] = [];
    await this.db.transaction().execute(async (trx) => {
      const known = await this.lookup(trx, signals);
      const touched = new Map<string, Touched>();
      for (const s of signals) {
        const key = keyOf(s.tenant, s.ruleId, s.groupKey);
        const rows = known.get(key) ?? [];
        const live = rows.find((r) => (LIVE as readonly string[]).includes(r.status));
        if (live) {
          // a replay of a window the alert already covers adds nothing
          if (s.lastSeenMs <= live.last_seen_at && s.firstSeenMs >= live.first_seen_at) {
            this.stats.ignored++;
            continue;
          }
          this.bump(touched, live, s);
          this.stats.bumped++;
          continue;
        }
        const closed = rows
          .filter((r) => r.status === 'closed')
          .sort((a, b) => b.last_seen_at - a.last_seen_at)[0];
        if (closed && s.firstSeenMs - closed.last_seen_at <= s.suppressMs) {
          if (s.lastSeenMs <= closed.last_seen_at) {
            this.stats.ignored++;
            continue;
          }
          this.bump(touched, closed, s);
          this.stats.suppressed++;
          continue;
        }
        const { row, insert } = this.fresh(s, now);
        rows.unshift(row);
        known.set(key, rows);
        touched.set(row.id, { row, samples: s.sampleEvents.slice(0, FIRST_SAMPLES), insert });
        created.push({ row, signal: s });
        this.stats.created++;
      }
      const all = [...touched.values()];
      await this.insertNew(
        trx,
        all.filter((t) => t.insert !== null),
      );
      for (const t of all) if (t.insert === null) await this.write(trx, t, now);
    });
    for (const { row, signal } of created) {
      try {
        await this.notifier?.notify({
          kind: 'alert-new',
          tenant: row.tenant,
          alertId: row.id,
          ruleId: row.rule_id,
          level: signal.level,
          title: signal.title,
          titleJa: signal.titleJa,
          count: row.count,
          firstSeenMs: row.first_seen_at,
        });
      } catch {
        // the notifier promises not to throw; a broken one must not lose the alerts either
      }
    }
  }

  /** Live and closed alerts of the signals' keys, by key, newest first. */
  private async lookup(trx: Transaction<StateTables>, signals: readonly AlertSignal[]) {
    const out = new Map<string, AlertRow[]>();
    const groupKeys = [...new Set(signals.map((s) => s.groupKey))];
    const tenants = [...new Set(signals.map((s) => s.tenant))];
    const rules = [...new Set(signals.map((s) => s.ruleId))];
    // closed alerts older than the longest suppression window cannot matter
    const since = Math.min(...signals.map((s) => s.firstSeenMs - s.suppressMs));
    for (let i = 0; i < groupKeys.length; i += LOOKUP_CHUNK) {
      const rows = await trx
        .selectFrom('desk_alerts')
        .select([
          'id',
          'tenant',
          'rule_id',
          'group_key',
          'status',
          'first_seen_at',
          'last_seen_at',
          'count',
          'case_id',
          'notified_at',
        ])
        .where('tenant', 'in', tenants)
        .where('rule_id', 'in', rules)
        .where('group_key', 'in', groupKeys.slice(i, i + LOOKUP_CHUNK))
        .where((eb) => eb.or([eb('status', 'in', [...LIVE]), eb('last_seen_at', '>=', since)]))
        .orderBy('last_seen_at', 'desc')
        .execute();
      for (const r of rows) {
        const k = keyOf(r.tenant, r.rule_id, r.group_key);
        const list = out.get(k) ?? [];
        list.push(r);
        out.set(k, list);
      }
    }
    return out;
  }

  private bump(touched: Map<string, Touched>, row: AlertRow, s: AlertSignal) {
    const t = touched.get(row.id) ?? { row, samples: [], insert: null };
    row.count += s.count;
    row.last_seen_at = Math.max(row.last_seen_at, s.lastSeenMs);
    row.first_seen_at = Math.min(row.first_seen_at, s.firstSeenMs);
    t.samples.push(...s.sampleEvents);
    touched.set(row.id, t);
  }

  private fresh(s: AlertSignal, now: number): { row: AlertRow; insert: Insertable<DeskAlertsTable> } {
    const row: AlertRow = {
      id: randomUUID(),
      tenant: s.tenant,
      rule_id: s.ruleId,
      group_key: s.groupKey,
      status: 'new',
      first_seen_at: s.firstSeenMs,
      last_seen_at: s.lastSeenMs,
      count: s.count,
      case_id: null,
      notified_at: now,
    };
    const insert: Insertable<DeskAlertsTable> = {
      ...row,
      title: s.title,
      title_ja: s.titleJa,
      level: s.level,
      tags: JSON.stringify(s.tags),
      group_fields: JSON.stringify(s.groupFields),
      device_id: s.device,
      suppress_ms: s.suppressMs,
      created_at: now,
      updated_at: now,
    };
    return { row, insert };
  }

  /** The batch's new alerts and their samples, a few multi-row inserts instead of one per alert. */
  private async insertNew(trx: Transaction<StateTables>, news: readonly Touched[]) {
    const alerts = news.map((t) => ({
      ...(t.insert as Insertable<DeskAlertsTable>),
      // later signals of the same batch may have grown it
      count: t.row.count,
      first_seen_at: t.row.first_seen_at,
      last_seen_at: t.row.last_seen_at,
    }));
    for (let i = 0; i < alerts.length; i += INSERT_CHUNK)
      await trx
        .insertInto('desk_alerts')
        .values(alerts.slice(i, i + INSERT_CHUNK))
        .execute();
    const samples = news.flatMap((t) =>
      pickSamples(t.samples.map(sampleOf)).map((k, seq) => ({
        alert_id: t.row.id,
        tenant: t.row.tenant,
        seq,
        ts: k.ts,
        event: k.event,
      })),
    );
    for (let i = 0; i < samples.length; i += INSERT_CHUNK)
      await trx
        .insertInto('desk_alert_events')
        .values(samples.slice(i, i + INSERT_CHUNK))
        .execute();
  }

  /** An existing alert grown by this batch: its counters, the case's note, its samples. */
  private async write(trx: Transaction<StateTables>, t: Touched, now: number) {
    const { row } = t;
    const refire =
      row.status === 'escalated' &&
      row.case_id !== null &&
      (row.notified_at === null || now - row.notified_at >= REFIRE_NOTE_INTERVAL_MS);
    await trx
      .updateTable('desk_alerts')
      .set({
        count: row.count,
        first_seen_at: row.first_seen_at,
        last_seen_at: row.last_seen_at,
        updated_at: now,
        ...(refire ? { notified_at: now } : {}),
      })
      .where('id', '=', row.id)
      .execute();
    if (refire) await this.noteRefire(trx, row, now);
    if (t.samples.length > 0) await this.keepSamples(trx, row, t.samples);
  }

  /** "The alert fired again: N more events" on the case, N counted since its last such entry. */
  private async noteRefire(trx: Transaction<StateTables>, row: AlertRow, now: number) {
    const caseId = row.case_id as string;
    const previous = await trx
      .selectFrom('desk_case_timeline')
      .select('detail')
      .where('tenant', '=', row.tenant)
      .where('case_id', '=', caseId)
      .where('kind', '=', 'alert')
      .orderBy('at', 'desc')
      .limit(50)
      .execute();
    let before: number | null = null;
    for (const p of previous) {
      const d = JSON.parse(p.detail) as { alertId?: string; count?: number };
      if (d.alertId === row.id && typeof d.count === 'number') {
        before = d.count;
        break;
      }
    }
    const more = before === null ? row.count : Math.max(0, row.count - before);
    if (more === 0) return;
    await appendTimeline(
      trx,
      row.tenant,
      caseId,
      null,
      {
        kind: 'alert',
        visibility: 'internal',
        body: `the alert fired again: ${more} more events`,
        detail: { alertId: row.id, ruleId: row.rule_id, count: row.count, more, refire: true },
      },
      now,
    );
  }

  /** Keeps the first few samples and the latest few (by event time) of an existing alert. */
  private async keepSamples(trx: Transaction<StateTables>, row: AlertRow, fresh: NormalizedEvent[]) {
    const existing = await trx
      .selectFrom('desk_alert_events')
      .select(['ts', 'event'])
      .where('alert_id', '=', row.id)
      .orderBy('seq')
      .execute();
    const kept = pickSamples([...existing, ...fresh.map(sampleOf)]);
    const unchanged = kept.length === existing.length && kept.every((k, i) => k.event === existing[i].event);
    if (unchanged) return;
    await trx.deleteFrom('desk_alert_events').where('alert_id', '=', row.id).execute();
    await trx
      .insertInto('desk_alert_events')
      .values(kept.map((k, seq) => ({ alert_id: row.id, tenant: row.tenant, seq, ts: k.ts, event: k.event })))
      .execute();
  }
}
