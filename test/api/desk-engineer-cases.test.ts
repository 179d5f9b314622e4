/**
 * An engineer's case list: the companies assigned to them, plus the case of any visit
 * booked for them (which they may open and work on, see loadCaseFor), and nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase } from '../helpers/desk.js';
import { type Desk, openDesk } from '../helpers/desk-core.js';

describe('GET /api/desk/cases as an engineer', () => {
  let d: Desk;
  let visited: string;
  let other: string;
  let own: string;
  beforeAll(async () => {
    d = await openDesk();
    own = (await createCase(d.t.db, { tenant: 'beta', title: 'beta case' })).id;
    visited = (await createCase(d.t.db, { tenant: 'alpha', title: 'alpha visited case' })).id;
    other = (await createCase(d.t.db, { tenant: 'alpha', title: 'alpha other case' })).id;
    const now = Date.now();
    await d.t.db
      .insertInto('desk_dispatches')
      .values({
        id: 'visit-1',
        number: 'D-TEST-0001',
        case_id: visited,
        tenant: 'alpha',
        status: 'scheduled',
        reason: 'on-site check',
        site_address: null,
        site_contact: null,
        requested_by: null,
        requested_at: now,
        engineer_id: d.ids.engineer,
        scheduled_start: now + 3_600_000,
        scheduled_end: null,
        departed_at: null,
        arrived_at: null,
        left_at: null,
        returned_at: null,
        findings: null,
        actions_taken: null,
        advice: null,
        report_filed_at: null,
        report_filed_by: null,
        signed_off_at: null,
        signed_off_by: null,
        sign_off_name: null,
        sign_off_comment: null,
        cancel_reason: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  });
  afterAll(async () => {
    await d.close();
  });

  it('lists the assigned company and the case of their visit, not the rest of that company', async () => {
    const res = await d.call('GET', '/api/desk/cases?status=open', d.s.engineer);
    expect(res.statusCode).toBe(200);
    const ids = res.json().cases.map((c: { id: string }) => c.id);
    expect(ids.sort()).toEqual([own, visited].sort());
    expect(ids).not.toContain(other);
    expect(res.body).not.toContain('alpha other case');
  });

  it('an expert (no visits) sees only the assigned company', async () => {
    const res = await d.call('GET', '/api/desk/cases?status=open', d.s.expert);
    expect(res.json().cases.map((c: { id: string }) => c.id)).toEqual([own]);
  });
});
