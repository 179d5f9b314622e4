/** The claim SQL on every state backend: a case's claims with totals, and the total limit across claims. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCase, createPolicy } from '../../test/helpers/desk.js';
import { BACKENDS } from '../devices/backends.test-helper.js';
import type { StateDb } from '../storage/state/state-db.js';
import {
  claimDetail,
  getClaim,
  insertClaim,
  insertItem,
  listClaims,
  listClaimsForCase,
} from './claims-repo.js';

const T0 = Date.UTC(2026, 1, 10, 0, 0, 0);

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== null)(`claims repo on ${backend.name}`, () => {
    let db: StateDb;
    let dispose: () => Promise<void>;
    beforeEach(async () => {
      ({ db, dispose } = await backend.open());
    });
    afterEach(async () => {
      await dispose();
    });

    async function claim(
      tenant: string,
      caseId: string,
      policyId: string,
      n: number,
      status: string,
      approved: number | null,
      items: number[],
    ): Promise<string> {
      const id = `cl-${tenant}-${n}`;
      await insertClaim(db, {
        id,
        number: `I-2026-${tenant}-${n}`,
        case_id: caseId,
        tenant,
        policy_id: policyId,
        status,
        incident_date: '2026-02-01',
        notified_insurer_at: null,
        submitted_at: null,
        decided_at: null,
        approved_yen: approved,
        paid_yen: null,
        notes: null,
        created_by: null,
        created_at: T0 + n,
        updated_at: T0 + n,
      });
      for (const [i, amount] of items.entries())
        await insertItem(db, {
          id: `${id}-i${i}`,
          claim_id: id,
          tenant,
          kind: 'investigation',
          description: 'x',
          amount_yen: amount,
          incurred_on: '2026-02-02',
          dispatch_id: null,
          created_at: T0,
        });
      return id;
    }

    it("a case's claims carry their totals; the total limit counts the other approved claims", async () => {
      const c = await createCase(db, { tenant: 'alpha' });
      const p = await createPolicy(db, {
        tenant: 'alpha',
        limitTotalYen: 500_000,
        deductibleYen: 10_000,
        covered: ['investigation'],
      });
      await claim('alpha', c.id, p.id, 1, 'approved', 400_000, [410_000]);
      await claim('alpha', c.id, p.id, 2, 'draft', null, [200_000, 50_000]);
      const list = await listClaimsForCase(db, 'alpha', c.id);
      expect(list.map((x) => [x.id, x.claimedYen, x.payableYen])).toEqual([
        ['cl-alpha-1', 410_000, 400_000],
        ['cl-alpha-2', 250_000, 100_000],
      ]);
      expect(await listClaimsForCase(db, 'beta', c.id)).toEqual([]);
      const row = await getClaim(db, 'alpha', 'cl-alpha-2');
      if (!row) throw new Error('claim missing');
      const view = await claimDetail(db, row, T0);
      expect(view?.totals).toEqual({
        claimedYen: 250_000,
        coveredYen: 250_000,
        uncoveredYen: 0,
        deductibleYen: 10_000,
        payableYen: 100_000,
      });
      expect(view?.documents.every((d) => d.status === 'missing')).toBe(true);
      expect(await getClaim(db, 'beta', 'cl-alpha-2')).toBeUndefined();
    });

    it('lists within the scope, newest first, with a keyset', async () => {
      const a = await createCase(db, { tenant: 'alpha' });
      const b = await createCase(db, { tenant: 'beta' });
      const pa = await createPolicy(db, { tenant: 'alpha' });
      const pb = await createPolicy(db, { tenant: 'beta' });
      await claim('alpha', a.id, pa.id, 1, 'draft', null, []);
      await claim('beta', b.id, pb.id, 2, 'submitted', null, []);
      expect((await listClaims(db, 'all', { limit: 10 })).map((c) => c.id)).toEqual([
        'cl-beta-2',
        'cl-alpha-1',
      ]);
      expect((await listClaims(db, ['alpha'], { limit: 10 })).map((c) => c.id)).toEqual(['cl-alpha-1']);
      expect(await listClaims(db, [], { limit: 10 })).toEqual([]);
      expect((await listClaims(db, 'all', { status: 'submitted', limit: 10 })).map((c) => c.id)).toEqual([
        'cl-beta-2',
      ]);
      expect(
        (await listClaims(db, 'all', { after: { at: T0 + 2, id: 'cl-beta-2' }, limit: 10 })).map((c) => c.id),
      ).toEqual(['cl-alpha-1']);
    });
  });
}
