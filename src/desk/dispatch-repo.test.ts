/** The dispatch SQL on every state backend: scoping by company, the case's list, the presenters' joins. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCase } from '../../test/helpers/desk.js';
import { BACKENDS } from '../devices/backends.test-helper.js';
import type { StateDb } from '../storage/state/state-db.js';
import {
  getDispatch,
  insertDispatch,
  listCompanyDispatchesForCase,
  listDispatches,
  listDispatchesForCase,
} from './dispatch-repo.js';

const T0 = Date.UTC(2026, 1, 10, 0, 0, 0);
const M = 60_000;

async function addDispatch(
  db: StateDb,
  tenant: string,
  caseId: string,
  n: number,
  over: Partial<Parameters<typeof insertDispatch>[1]> = {},
): Promise<string> {
  const id = `d-${tenant}-${n}`;
  await insertDispatch(db, {
    id,
    number: `D-2026-${tenant}-${n}`,
    case_id: caseId,
    tenant,
    status: 'requested',
    reason: 'visit',
    site_address: null,
    site_contact: null,
    requested_by: 'u-agent',
    requested_at: T0 + n * M,
    engineer_id: null,
    scheduled_start: null,
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
    created_at: T0,
    updated_at: T0,
    ...over,
  });
  return id;
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== null)(`dispatch repo on ${backend.name}`, () => {
    let db: StateDb;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ db, dispose } = await backend.open());
      const at = T0;
      for (const [id, name] of [
        ['alpha', 'Alpha'],
        ['beta', 'Beta'],
      ])
        await db
          .insertInto('companies')
          .values({
            id,
            name,
            name_en: null,
            prefecture: null,
            city: null,
            industry: null,
            employees: null,
            capital_yen: null,
            contact_name: null,
            contact_phone: null,
            contact_email: null,
            created_at: at,
            updated_at: at,
          })
          .execute();
      await db
        .insertInto('users')
        .values({
          id: 'u-agent',
          login: 'agent',
          name: '受付 花子',
          email: null,
          role: 'agent',
          tenant: null,
          password_hash: 'x',
          must_change_password: 0,
          totp_secret: null,
          totp_enabled: 0,
          totp_last_step: null,
          failed_logins: 0,
          locked_until: null,
          disabled: 0,
          locale: null,
          last_login_at: null,
          created_at: at,
          updated_at: at,
        })
        .execute();
    });
    afterEach(async () => {
      await dispose();
    });

    it("lists a case's dispatches oldest first, and nothing under another company", async () => {
      const c = await createCase(db, { tenant: 'alpha' });
      await addDispatch(db, 'alpha', c.id, 2);
      await addDispatch(db, 'alpha', c.id, 1, {
        departed_at: T0,
        arrived_at: T0 + 30 * M,
        left_at: T0 + 90 * M,
        report_filed_at: T0 + 95 * M,
        report_filed_by: 'u-agent',
        findings: 'f',
        actions_taken: 'a',
        advice: 'v',
      });
      const list = await listDispatchesForCase(db, 'alpha', c.id);
      expect(list.map((d) => d.id)).toEqual(['d-alpha-1', 'd-alpha-2']);
      expect(list[0]).toMatchObject({
        caseNumber: c.number,
        companyName: 'Alpha',
        requestedBy: { id: 'u-agent', name: '受付 花子' },
        travelMinutes: 30,
        workMinutes: 60,
        report: { findings: 'f', filedBy: { id: 'u-agent', name: '受付 花子' } },
      });
      expect(await listDispatchesForCase(db, 'beta', c.id)).toEqual([]);
      const company = await listCompanyDispatchesForCase(db, 'alpha', c.id);
      expect(company[0]).not.toHaveProperty('requestedBy');
      expect(company[0].report?.filedBy).toEqual({ name: '受付 花子' });
      expect(await getDispatch(db, 'beta', 'd-alpha-1')).toBeUndefined();
      expect((await getDispatch(db, null, 'd-alpha-1'))?.tenant).toBe('alpha');
    });

    it('lists across companies within the scope, by time window and keyset', async () => {
      const a = await createCase(db, { tenant: 'alpha' });
      const b = await createCase(db, { tenant: 'beta' });
      await addDispatch(db, 'alpha', a.id, 1);
      await addDispatch(db, 'alpha', a.id, 2, { scheduled_start: T0 + 600 * M, engineer_id: 'e1' });
      await addDispatch(db, 'beta', b.id, 3);
      const all = await listDispatches(db, 'all', { limit: 10 });
      expect(all.map((d) => d.id)).toEqual(['d-beta-3', 'd-alpha-2', 'd-alpha-1']);
      expect((await listDispatches(db, ['alpha'], { limit: 10 })).map((d) => d.id)).toEqual([
        'd-alpha-2',
        'd-alpha-1',
      ]);
      expect(await listDispatches(db, [], { limit: 10 })).toEqual([]);
      expect((await listDispatches(db, 'all', { engineerId: 'e1', limit: 10 })).map((d) => d.id)).toEqual([
        'd-alpha-2',
      ]);
      // the window reads the scheduled start, else the request time
      const window = await listDispatches(db, 'all', { from: T0 + 2 * M, to: T0 + 60 * M, limit: 10 });
      expect(window.map((d) => d.id)).toEqual(['d-beta-3']);
      const after = await listDispatches(db, 'all', {
        after: { at: T0 + 2 * M, id: 'd-alpha-2' },
        limit: 10,
      });
      expect(after.map((d) => d.id)).toEqual(['d-alpha-1']);
      expect((await listDispatches(db, 'all', { status: ['scheduled'], limit: 10 })).length).toBe(0);
    });
  });
}
