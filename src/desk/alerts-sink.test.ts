/** DeskAlertSink on real SQLite (and PostgreSQL when set): dedup, suppression, escalated repeats, replays, samples. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeEvent } from '../../test/helpers/events.js';
import { BACKENDS } from '../devices/backends.test-helper.js';
import type { NotificationEvent } from '../notify/model.js';
import type { StateDb } from '../storage/state/state-db.js';
import { type AlertSignal, DeskAlertSink, REFIRE_NOTE_INTERVAL_MS } from './alerts-sink.js';

const T0 = Date.parse('2026-03-02T01:00:00Z');
const MIN = 60_000;

function signal(over: Partial<AlertSignal> = {}): AlertSignal {
  return {
    ruleId: 'botnet-cnc',
    title: 'A PC is talking to a botnet server',
    titleJa: '社内のパソコンが指令サーバーと通信しています',
    level: 'high',
    tags: ['attack.command_and_control'],
    tenant: 'acme',
    device: 'fw1',
    groupKey: 'src_ip=192.168.1.23',
    groupFields: { src_ip: '192.168.1.23' },
    firstSeenMs: T0,
    lastSeenMs: T0 + MIN,
    count: 2,
    sampleEvents: [makeEvent({ ts: new Date(T0).toISOString() })],
    suppressMs: 3_600_000,
    ...over,
  };
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== null)(`DeskAlertSink on ${backend.name}`, () => {
    let db: StateDb;
    let dispose: () => Promise<void>;
    let sent: NotificationEvent[];
    let clock: { now: number };
    let sink: DeskAlertSink;

    beforeEach(async () => {
      ({ db, dispose } = await backend.open());
      sent = [];
      clock = { now: T0 + 2 * MIN };
      sink = new DeskAlertSink({
        db,
        notifier: { notify: async (e) => void sent.push(e) },
        now: () => clock.now,
      });
    });
    afterEach(async () => {
      await dispose();
    });

    const alerts = () => db.selectFrom('desk_alerts').selectAll().orderBy('created_at').execute();

    it('creates one alert per key and tells the notifier once', async () => {
      await sink.deliver([
        signal(),
        signal({ groupKey: 'src_ip=192.168.1.24', groupFields: { src_ip: '192.168.1.24' } }),
      ]);
      const rows = await alerts();
      expect(rows).toHaveLength(2);
      expect(rows[0]).toMatchObject({
        status: 'new',
        count: 2,
        first_seen_at: T0,
        last_seen_at: T0 + MIN,
        level: 'high',
      });
      expect(JSON.parse(rows[0].group_fields)).toEqual({ src_ip: '192.168.1.23' });
      expect(sent.map((e) => e.kind)).toEqual(['alert-new', 'alert-new']);
      expect(sent[0]).toMatchObject({ tenant: 'acme', ruleId: 'botnet-cnc', count: 2, firstSeenMs: T0 });
    });

    it('bumps the open alert of the same key instead of creating another', async () => {
      await sink.deliver([signal()]);
      await sink.deliver([signal({ firstSeenMs: T0 + 10 * MIN, lastSeenMs: T0 + 12 * MIN, count: 3 })]);
      // the same key twice in one batch adds up too
      await sink.deliver([
        signal({ firstSeenMs: T0 + 20 * MIN, lastSeenMs: T0 + 20 * MIN, count: 1 }),
        signal({ firstSeenMs: T0 + 21 * MIN, lastSeenMs: T0 + 21 * MIN, count: 1 }),
      ]);
      const rows = await alerts();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ count: 7, first_seen_at: T0, last_seen_at: T0 + 21 * MIN });
      expect(sent).toHaveLength(1);
      expect(sink.stats).toMatchObject({ created: 1, bumped: 3 });
    });

    it('a new alert bumped again within its own batch keeps the sum', async () => {
      await sink.deliver([
        signal(),
        signal({ firstSeenMs: T0 + 5 * MIN, lastSeenMs: T0 + 6 * MIN, count: 4 }),
      ]);
      const rows = await alerts();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ count: 6, last_seen_at: T0 + 6 * MIN });
    });

    it('ignores a replay of a window the alert already covers', async () => {
      await sink.deliver([signal()]);
      await sink.deliver([signal()]);
      await sink.deliver([signal({ firstSeenMs: T0 + 30_000, lastSeenMs: T0 + 40_000, count: 1 })]);
      const rows = await alerts();
      expect(rows[0].count).toBe(2);
      expect(sink.stats.ignored).toBe(2);
    });

    it('suppresses repeats of a just-closed alert, and opens a new one after a quiet window', async () => {
      await sink.deliver([signal()]);
      const [a] = await alerts();
      await db
        .updateTable('desk_alerts')
        .set({ status: 'closed', close_reason: 'benign', closed_at: clock.now })
        .execute();
      sent = [];
      // 30 min after the last event: within the 1 h window → counted, not reopened
      await sink.deliver([signal({ firstSeenMs: T0 + 31 * MIN, lastSeenMs: T0 + 31 * MIN, count: 1 })]);
      let rows = await alerts();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ id: a.id, status: 'closed', count: 3, last_seen_at: T0 + 31 * MIN });
      expect(sent).toEqual([]);
      expect(sink.stats.suppressed).toBe(1);
      // the suppressed repeat moved last_seen, so 50 min later is still within the window
      await sink.deliver([signal({ firstSeenMs: T0 + 81 * MIN, lastSeenMs: T0 + 81 * MIN, count: 1 })]);
      expect(await alerts()).toHaveLength(1);
      // 2 h of quiet: a new episode
      await sink.deliver([signal({ firstSeenMs: T0 + 210 * MIN, lastSeenMs: T0 + 211 * MIN, count: 1 })]);
      rows = await alerts();
      expect(rows).toHaveLength(2);
      expect(rows[1]).toMatchObject({ status: 'new', count: 1 });
      expect(sent.map((e) => e.kind)).toEqual(['alert-new']);
    });

    it('keeps the first five and the latest five sample events', async () => {
      const ev = (m: number) => makeEvent({ ts: new Date(T0 + m * MIN).toISOString(), rule: `m${m}` });
      await sink.deliver([
        signal({ sampleEvents: [0, 1, 2, 3, 4].map(ev), count: 5, lastSeenMs: T0 + 4 * MIN }),
      ]);
      for (let i = 1; i <= 3; i++) {
        const ms = [0, 1, 2, 3, 4].map((k) => 5 * i + k);
        await sink.deliver([
          signal({
            sampleEvents: ms.map(ev),
            count: 5,
            firstSeenMs: T0 + ms[0] * MIN,
            lastSeenMs: T0 + ms[4] * MIN,
          }),
        ]);
      }
      const kept = await db.selectFrom('desk_alert_events').select(['seq', 'event']).orderBy('seq').execute();
      expect(kept.map((k) => (JSON.parse(k.event) as { rule: string }).rule)).toEqual([
        'm0',
        'm1',
        'm2',
        'm3',
        'm4',
        'm15',
        'm16',
        'm17',
        'm18',
        'm19',
      ]);
    });

    it('an escalated alert keeps counting and tells its case at most once an hour', async () => {
      await sink.deliver([signal()]);
      const [a] = await alerts();
      const caseId = 'case-1';
      await db
        .insertInto('desk_cases')
        .values({
          id: caseId,
          number: 'C-2026-0001',
          tenant: 'acme',
          title: 't',
          description: '',
          category: 'alert',
          channel: 'alert',
          priority: 'high',
          status: 'in-progress',
          template: null,
          occurred_at: null,
          affected_host: null,
          urgency: null,
          reporter_user_id: null,
          reporter_name: null,
          reporter_contact: null,
          assignee_id: null,
          created_by: null,
          created_at: clock.now,
          updated_at: clock.now,
          first_response_at: null,
          last_update_at: null,
          resolved_at: null,
          closed_at: null,
          resolution: null,
          waiting: '[]',
          reopened: 0,
          checklist: '{}',
        })
        .execute();
      await db
        .updateTable('desk_alerts')
        .set({ status: 'escalated', case_id: caseId, notified_at: clock.now })
        .where('id', '=', a.id)
        .execute();
      await db
        .insertInto('desk_case_timeline')
        .values({
          id: 'e0',
          case_id: caseId,
          tenant: 'acme',
          at: clock.now,
          actor_id: null,
          actor_name: null,
          actor_role: null,
          kind: 'alert',
          visibility: 'internal',
          body: null,
          detail: JSON.stringify({ alertId: a.id, count: 2 }),
        })
        .execute();
      const refires = () =>
        db
          .selectFrom('desk_case_timeline')
          .selectAll()
          .where('case_id', '=', caseId)
          .where('id', '!=', 'e0')
          .execute();

      clock.now += 10 * MIN;
      await sink.deliver([signal({ firstSeenMs: T0 + 10 * MIN, lastSeenMs: T0 + 11 * MIN, count: 4 })]);
      expect((await alerts())[0]).toMatchObject({ status: 'escalated', count: 6 });
      expect(await refires()).toEqual([]);

      clock.now += REFIRE_NOTE_INTERVAL_MS;
      await sink.deliver([signal({ firstSeenMs: T0 + 70 * MIN, lastSeenMs: T0 + 71 * MIN, count: 1 })]);
      let notes = await refires();
      expect(notes).toHaveLength(1);
      expect(notes[0]).toMatchObject({ kind: 'alert', visibility: 'internal' });
      expect(notes[0].body).toContain('5 more events');

      clock.now += 5 * MIN;
      await sink.deliver([signal({ firstSeenMs: T0 + 80 * MIN, lastSeenMs: T0 + 80 * MIN, count: 1 })]);
      notes = await refires();
      expect(notes).toHaveLength(1);
      expect((await alerts())[0].count).toBe(8);
      expect(sent).toHaveLength(1);
    });

    it('keeps companies and rules apart', async () => {
      await sink.deliver([signal(), signal({ tenant: 'other' }), signal({ ruleId: 'ransomware-cnc' })]);
      expect(await alerts()).toHaveLength(3);
    });

    it('takes a burst of hundreds of signals in one delivery', async () => {
      const burst = Array.from({ length: 600 }, (_, i) =>
        signal({
          groupKey: `src_ip=10.0.${(i % 300) >> 8}.${i % 300}`,
          groupFields: { src_ip: `10.0.0.${i % 300}` },
        }),
      );
      const started = performance.now();
      await sink.deliver(burst);
      const ms = performance.now() - started;
      expect(await alerts()).toHaveLength(300);
      // generous: a slow CI box; the point is no per-signal transaction
      expect(ms).toBeLessThan(5000);
    });
  });
}
