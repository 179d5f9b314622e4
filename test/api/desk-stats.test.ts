/**
 * GET /api/desk/stats: one Japan calendar month of the desk in numbers, with a fixed
 * clock. Rows are written through the routes where the desk makes them (cases, notes,
 * statuses, alerts) and straight into the tables for dispatches and claims.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { STATE_BACKENDS } from '../helpers/accounts.js';
import { createCase } from '../helpers/desk.js';
import { type Desk, openDesk, raise, resetDesk } from '../helpers/desk-core.js';

const MIN = 60_000;
/** 2026-03-02 10:00 in Tokyo (a Monday). */
const MAR2 = Date.parse('2026-03-02T01:00:00Z');
/** 2026-03-01 00:30 in Tokyo, still 2026-02-28 in UTC: counts for March. */
const MAR1_EARLY = Date.parse('2026-02-28T15:30:00Z');
/** 2026-02-28 23:30 in Tokyo: February. */
const FEB_LATE = Date.parse('2026-02-28T14:30:00Z');

const EMPTY = {
  consultations: { total: 0, byCategory: {}, byChannel: {} },
  firstResponse: { count: 0, medianMinutes: null, p90Minutes: null },
  resolution: { count: 0, medianMinutes: null, p90Minutes: null },
  slaBreaches: { firstResponse: 0, update: 0, resolution: 0 },
  dispatches: { requested: 0, completed: 0, medianOnSiteMinutes: null, medianTravelMinutes: null },
  claims: { count: 0, claimedYen: 0, paidYen: 0 },
  alerts: { raised: 0, escalated: 0, closedBenign: 0 },
};

async function dispatch(
  d: Desk,
  caseId: string,
  tenant: string,
  t: {
    requested: number;
    departed?: number;
    arrived?: number;
    left?: number;
    returned?: number;
    filed?: number;
  },
) {
  await d.t.db
    .insertInto('desk_dispatches')
    .values({
      id: `d-${t.requested}`,
      number: `D-${t.requested}`,
      case_id: caseId,
      tenant,
      status: t.filed ? 'reported' : 'requested',
      reason: 'on site',
      site_address: null,
      site_contact: null,
      requested_by: null,
      requested_at: t.requested,
      engineer_id: null,
      scheduled_start: null,
      scheduled_end: null,
      departed_at: t.departed ?? null,
      arrived_at: t.arrived ?? null,
      left_at: t.left ?? null,
      returned_at: t.returned ?? null,
      findings: null,
      actions_taken: null,
      advice: null,
      report_filed_at: t.filed ?? null,
      report_filed_by: null,
      signed_off_at: null,
      signed_off_by: null,
      sign_off_name: null,
      sign_off_comment: null,
      cancel_reason: null,
      created_at: t.requested,
      updated_at: t.requested,
    })
    .execute();
}

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`desk stats on ${backend.name}`, () => {
    let d: Desk;
    beforeAll(async () => {
      d = await openDesk(backend.name, { now: MAR2 });
    });
    beforeEach(async () => {
      await resetDesk(d);
      d.t.clock.now = MAR2;
    });
    afterAll(async () => {
      await d.close();
    });

    it('401 anonymous, 403 company users, 400 naming month', async () => {
      expect((await d.call('GET', '/api/desk/stats', null)).statusCode).toBe(401);
      expect((await d.call('GET', '/api/desk/stats', d.s.alphaAdmin)).statusCode).toBe(403);
      for (const m of ['2026-13', '2026-3', 'march', '2026-03-01']) {
        const r = await d.call('GET', `/api/desk/stats?month=${m}`, d.s.agent);
        expect(r.statusCode).toBe(400);
        expect(r.json().error).toMatchObject({ code: 'invalid-input', field: 'month' });
      }
      expect((await d.call('GET', '/api/desk/stats?year=2026', d.s.agent)).json().error.field).toBe('year');
    });

    it('an empty month, defaulting to the current Japan month', async () => {
      d.t.clock.now = MAR1_EARLY;
      const r = await d.call('GET', '/api/desk/stats', d.s.analyst);
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({ month: '2026-03', ...EMPTY });
    });

    it('counts the month’s consultations, times, breaches, dispatches, claims and alerts', async () => {
      // three cases in March (one just after midnight Tokyo time), one in February
      d.t.clock.now = MAR1_EARLY;
      const early = (
        await d.call('POST', '/api/companies/alpha/consultations', d.s.alphaAdmin, {
          whatHappened: 'x',
          urgency: 'today',
          category: 'virus',
        })
      ).json().case;
      d.t.clock.now = MAR2;
      const phone = (
        await d.call('POST', '/api/desk/cases', d.s.agent, {
          tenant: 'alpha',
          title: 'phone',
          description: '',
          category: 'suspicious-mail',
          channel: 'phone',
          priority: 'normal',
        })
      ).json().case;
      const mail = (
        await d.call('POST', '/api/desk/cases', d.s.agent, {
          tenant: 'beta',
          title: 'mail',
          description: '',
          category: 'virus',
          channel: 'mail',
          priority: 'critical',
        })
      ).json().case;
      await createCase(d.t.db, { tenant: 'alpha', createdAt: FEB_LATE, category: 'other', channel: 'visit' });

      // first responses: phone after 10 min, mail after 40 min (late: critical is 30 min)
      d.t.clock.now = MAR2 + 10 * MIN;
      await d.call('POST', `/api/desk/cases/${phone.id}/notes`, d.s.agent, {
        body: 'a',
        visibility: 'company',
      });
      d.t.clock.now = MAR2 + 40 * MIN;
      await d.call('POST', `/api/desk/cases/${mail.id}/notes`, d.s.agent, {
        body: 'a',
        visibility: 'company',
      });
      // resolutions: phone after 60 min, mail after 120 min
      d.t.clock.now = MAR2 + 60 * MIN;
      await d.call('POST', `/api/desk/cases/${phone.id}/status`, d.s.agent, {
        status: 'resolved',
        resolution: 'ok',
      });
      d.t.clock.now = MAR2 + 120 * MIN;
      await d.call('POST', `/api/desk/cases/${mail.id}/status`, d.s.agent, {
        status: 'resolved',
        resolution: 'ok',
      });

      // dispatches: one completed (travel 30 + 20, on site 90), one only requested, one in February
      await dispatch(d, mail.id, 'beta', {
        requested: MAR2 + 45 * MIN,
        departed: MAR2 + 50 * MIN,
        arrived: MAR2 + 80 * MIN,
        left: MAR2 + 170 * MIN,
        returned: MAR2 + 190 * MIN,
        filed: MAR2 + 200 * MIN,
      });
      await dispatch(d, phone.id, 'alpha', { requested: MAR2 + 50 * MIN });
      await dispatch(d, early.id, 'alpha', { requested: FEB_LATE });

      // a claim with two items, 100 000 yen paid
      await d.t.db
        .insertInto('desk_claims')
        .values({
          id: 'cl1',
          number: 'I-2026-0001',
          case_id: mail.id,
          tenant: 'beta',
          policy_id: 'p1',
          status: 'paid',
          incident_date: '2026-03-02',
          notified_insurer_at: null,
          submitted_at: null,
          decided_at: null,
          approved_yen: 100_000,
          paid_yen: 100_000,
          notes: null,
          created_by: null,
          created_at: MAR2 + 130 * MIN,
          updated_at: MAR2 + 130 * MIN,
        })
        .execute();
      for (const [id, amount] of [
        ['i1', 80_000],
        ['i2', 45_000],
      ] as const)
        await d.t.db
          .insertInto('desk_claim_items')
          .values({
            id,
            claim_id: 'cl1',
            tenant: 'beta',
            kind: 'dispatch',
            description: 'x',
            amount_yen: amount,
            incurred_on: '2026-03-02',
            dispatch_id: null,
            created_at: MAR2,
          })
          .execute();

      // alerts: three raised in March, one escalated, one closed as a false positive
      const ids = await raise(d.t.db, [{ tenant: 'alpha' }, { tenant: 'alpha' }, { tenant: 'beta' }], MAR2);
      await raise(d.t.db, [{ tenant: 'beta', groupKey: 'feb' }], FEB_LATE);
      await d.call('POST', `/api/desk/alerts/${ids[0]}/escalate`, d.s.agent, {});
      await d.call('POST', `/api/desk/alerts/${ids[1]}/close`, d.s.agent, { reason: 'false-positive' });

      // the escalation opened a fourth March case (channel alert), not yet answered
      d.t.clock.now = MAR2 + 300 * MIN;
      const r = await d.call('GET', '/api/desk/stats?month=2026-03', d.s.agent);
      expect(r.statusCode).toBe(200);
      expect(r.json()).toEqual({
        month: '2026-03',
        consultations: {
          total: 4,
          byCategory: { virus: 2, 'suspicious-mail': 1, alert: 1 },
          byChannel: { web: 1, phone: 1, mail: 1, alert: 1 },
        },
        firstResponse: { count: 2, medianMinutes: 10, p90Minutes: 40 },
        resolution: { count: 2, medianMinutes: 60, p90Minutes: 120 },
        // mail answered late; the alert case (high, 60 business min) and the early web
        // case (high) were never answered
        slaBreaches: { firstResponse: 3, update: 0, resolution: 0 },
        dispatches: { requested: 2, completed: 1, medianOnSiteMinutes: 90, medianTravelMinutes: 50 },
        claims: { count: 1, claimedYen: 125_000, paidYen: 100_000 },
        alerts: { raised: 3, escalated: 1, closedBenign: 1 },
      });
      const feb = (await d.call('GET', '/api/desk/stats?month=2026-02', d.s.agent)).json();
      expect(feb.consultations).toEqual({ total: 1, byCategory: { other: 1 }, byChannel: { visit: 1 } });
      expect(feb.dispatches.requested).toBe(1);
      expect(feb.alerts.raised).toBe(1);
      const audit = await d.t.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'desk.stats.read')
        .execute();
      expect(audit).toHaveLength(2);
    });

    it('an engineer counts only the assigned companies', async () => {
      await createCase(d.t.db, { tenant: 'alpha', createdAt: MAR2 });
      await createCase(d.t.db, { tenant: 'beta', createdAt: MAR2 });
      const r = (await d.call('GET', '/api/desk/stats?month=2026-03', d.s.engineer)).json();
      expect(r.consultations.total).toBe(1);
      const all = (await d.call('GET', '/api/desk/stats?month=2026-03', d.s.admin)).json();
      expect(all.consultations.total).toBe(2);
    });
  });
}
