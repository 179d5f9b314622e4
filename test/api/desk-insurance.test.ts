/**
 * Insurance routes (docs/api.md "Insurance"): policies per company, claims on cases with
 * cost items, documents and totals, the claim pack export; 401, 400 naming the field,
 * 403 per role, 404 for another company's objects, on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCompany,
  createUser,
  login,
  openTestApp,
  STATE_BACKENDS,
  type TestApp,
  type TestSession,
} from '../helpers/accounts.js';
import { createAttachment, createCase } from '../helpers/desk.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
const NOW = Date.UTC(2026, 1, 10, 6, 0, 0); // 2026-02-10 15:00 in Japan

const POLICY = {
  insurer: 'Example 損害保険',
  policyNumber: 'CY-2026-001',
  product: 'サイバー保険 初動対応プラン',
  limitTotalYen: 3_000_000,
  limitPerIncidentYen: 1_000_000,
  deductibleYen: 50_000,
  covered: ['dispatch', 'investigation', 'recovery'],
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
};

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`desk insurance on ${backend.name}`, () => {
    let t: TestApp;
    const s: Record<string, TestSession> = {};

    const call = (method: Method, url: string, who: TestSession | null, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: who ? (method === 'GET' ? who.headers : who.unsafe) : {},
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    beforeAll(async () => {
      t = await openTestApp({ backend: backend.name, now: NOW });
      await createCompany(t.db, { id: 'alpha', name: 'Alpha Seisakusho' });
      await createCompany(t.db, { id: 'beta', name: 'Beta Shoji' });
      const users: [string, Parameters<typeof createUser>[1]][] = [
        ['admin', { login: 'desk-lead', role: 'operator-admin' }],
        ['agent', { login: 'agent-1', role: 'agent' }],
        ['analyst', { login: 'soc-1', role: 'analyst' }],
        ['engAlpha', { login: 'eng-a', role: 'engineer', assigned: ['alpha'] }],
        ['engBeta', { login: 'eng-b', role: 'engineer', assigned: ['beta'] }],
        ['expertBeta', { login: 'expert-b', role: 'expert', assigned: ['beta'] }],
        ['alphaAdmin', { login: 'alpha-boss', role: 'company-admin', tenant: 'alpha' }],
        ['alphaViewer', { login: 'alpha-staff', role: 'company-viewer', tenant: 'alpha' }],
        ['betaAdmin', { login: 'beta-boss', role: 'company-admin', tenant: 'beta' }],
      ];
      for (const [key, u] of users) {
        const created = await createUser(t.db, u);
        s[key] = await login(t.app, created.login, created.password);
      }
    });
    afterAll(async () => {
      await t.close();
    });

    async function newPolicy(tenant = 'alpha', over: Record<string, unknown> = {}): Promise<{ id: string }> {
      const r = await call('POST', `/api/companies/${tenant}/policies`, s.agent, { ...POLICY, ...over });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().policy;
    }

    async function newClaim(
      policyId: string,
      tenant = 'alpha',
    ): Promise<{ kase: { id: string; number: string }; claim: { id: string; number: string } }> {
      const kase = await createCase(t.db, { tenant });
      const r = await call('POST', `/api/desk/cases/${kase.id}/claims`, s.agent, {
        policyId,
        incidentDate: '2026-02-01',
      });
      expect(r.statusCode, r.body).toBe(201);
      return { kase, claim: r.json().claim };
    }

    const item = (claimId: string, body: Record<string, unknown>) =>
      call('POST', `/api/desk/claims/${claimId}/items`, s.agent, {
        kind: 'investigation',
        description: 'フォレンジック調査',
        incurredOn: '2026-02-03',
        ...body,
      });

    const ROUTES: [Method, string][] = [
      ['GET', '/api/companies/alpha/policies'],
      ['POST', '/api/companies/alpha/policies'],
      ['PATCH', '/api/desk/policies/x'],
      ['POST', '/api/desk/cases/x/claims'],
      ['GET', '/api/desk/claims'],
      ['GET', '/api/desk/claims/x'],
      ['PATCH', '/api/desk/claims/x'],
      ['POST', '/api/desk/claims/x/items'],
      ['DELETE', '/api/desk/claims/x/items/y'],
      ['PUT', '/api/desk/claims/x/documents/invoices'],
      ['GET', '/api/desk/claims/x/export.csv'],
      ['GET', '/api/desk/claims/x/export.json'],
    ];

    it.each(ROUTES)('%s %s answers 401 when anonymous', async (method, url) => {
      const r = await call(method, url, null, method === 'GET' || method === 'DELETE' ? undefined : {});
      expect(r.statusCode).toBe(401);
    });

    it.each(ROUTES.filter(([m, u]) => !(m === 'GET' && u.includes('/policies'))))(
      '%s %s answers 403 to company users',
      async (method, url) => {
        for (const who of ['alphaAdmin', 'alphaViewer']) {
          const r = await call(method, url, s[who], method === 'GET' || method === 'DELETE' ? undefined : {});
          expect(r.statusCode, who).toBe(403);
        }
      },
    );

    describe('policies', () => {
      it('agent creates, the company reads, `active` follows the Japan date', async () => {
        const p = await newPolicy();
        expect(p).toMatchObject({
          ...POLICY,
          tenant: 'alpha',
          insurerContact: null,
          notes: null,
          active: true,
        });
        await newPolicy('alpha', {
          policyNumber: 'OLD-1',
          periodStart: '2025-01-01',
          periodEnd: '2025-12-31',
        });
        const r = await call('GET', '/api/companies/alpha/policies', s.alphaViewer);
        expect(r.statusCode).toBe(200);
        const list = r.json().policies as { policyNumber: string; active: boolean }[];
        expect(list.find((x) => x.policyNumber === 'OLD-1')?.active).toBe(false);
        expect(list.find((x) => x.policyNumber === 'CY-2026-001')?.active).toBe(true);
        const audit = await t.db
          .selectFrom('audit_log')
          .select('action')
          .where('action', '=', 'desk.policy.create')
          .execute();
        expect(audit.length).toBeGreaterThan(0);
      });

      it.each([
        [{ periodEnd: '2025-12-31' }, 'periodEnd'],
        [{ periodStart: '2026-02-30' }, 'periodStart'],
        [{ deductibleYen: -1 }, 'deductibleYen'],
        [{ limitTotalYen: 10.5 }, 'limitTotalYen'],
        [{ limitPerIncidentYen: 4_000_000 }, 'limitPerIncidentYen'],
        [{ covered: ['dispatch', 'ransom'] }, 'covered.1'],
        [{ insurer: '' }, 'insurer'],
        [{ color: 'red' }, 'color'],
      ])('400 names the field for %j', async (over, field) => {
        const r = await call('POST', '/api/companies/alpha/policies', s.agent, { ...POLICY, ...over });
        expect(r.statusCode).toBe(400);
        expect(r.json().error).toMatchObject({ code: 'invalid-input', field });
      });

      it('403 for analysts, engineers and company users; 404 for another company or none', async () => {
        for (const who of ['analyst', 'engAlpha', 'alphaAdmin'])
          expect((await call('POST', '/api/companies/alpha/policies', s[who], POLICY)).statusCode, who).toBe(
            403,
          );
        const r = await call('POST', '/api/companies/alpha/policies', s.betaAdmin, POLICY);
        expect(r.statusCode).toBe(404);
        expect(r.body).not.toContain('Alpha');
        expect((await call('GET', '/api/companies/alpha/policies', s.betaAdmin)).statusCode).toBe(404);
        expect((await call('GET', '/api/companies/alpha/policies', s.engBeta)).statusCode).toBe(404);
        expect((await call('POST', '/api/companies/nobody/policies', s.agent, POLICY)).statusCode).toBe(404);
      });

      it('PATCH checks the policy as it would be stored', async () => {
        const p = await newPolicy();
        const url = `/api/desk/policies/${p.id}`;
        const r = await call('PATCH', url, s.admin, {
          notes: '更新時に補償範囲を見直す',
          limitPerIncidentYen: null,
        });
        expect(r.statusCode).toBe(200);
        expect(r.json().policy).toMatchObject({
          notes: '更新時に補償範囲を見直す',
          limitPerIncidentYen: null,
        });
        expect((await call('PATCH', url, s.agent, { periodEnd: '2025-06-30' })).json().error.field).toBe(
          'periodEnd',
        );
        expect(
          (await call('PATCH', url, s.agent, { limitTotalYen: 10, limitPerIncidentYen: 20 })).json().error
            .field,
        ).toBe('limitPerIncidentYen');
        expect((await call('PATCH', url, s.analyst, { notes: 'x' })).statusCode).toBe(403);
        expect((await call('PATCH', url, s.alphaAdmin, { notes: 'x' })).statusCode).toBe(403);
        expect((await call('PATCH', '/api/desk/policies/nope', s.agent, { notes: 'x' })).statusCode).toBe(
          404,
        );
      });
    });

    describe('claims', () => {
      it('opens on a case with every document missing, and a line on the internal timeline', async () => {
        const p = await newPolicy();
        const { kase, claim } = await newClaim(p.id);
        expect(claim).toMatchObject({
          caseId: kase.id,
          caseNumber: kase.number,
          tenant: 'alpha',
          companyName: 'Alpha Seisakusho',
          status: 'draft',
          incidentDate: '2026-02-01',
          policy: { id: p.id, policyNumber: 'CY-2026-001' },
          items: [],
          totals: { claimedYen: 0, coveredYen: 0, uncoveredYen: 0, deductibleYen: 0, payableYen: 0 },
        });
        expect(claim.number).toMatch(/^I-2026-\d{4}$/);
        expect((claim as unknown as { documents: unknown[] }).documents).toEqual(
          [
            'incident-report',
            'timeline',
            'visit-report',
            'invoices',
            'police-report',
            'policy-certificate',
          ].map((docType) => ({ docType, status: 'missing', attachmentId: null, note: null })),
        );
        const tl = await t.db
          .selectFrom('desk_case_timeline')
          .select(['kind', 'visibility'])
          .where('case_id', '=', kase.id)
          .execute();
        expect(tl).toEqual([{ kind: 'claim', visibility: 'internal' }]);
      });

      it('409 policy-not-applicable for another company’s policy or a date outside the period', async () => {
        const betaPolicy = await newPolicy('beta');
        const alphaPolicy = await newPolicy();
        const kase = await createCase(t.db, { tenant: 'alpha' });
        const url = `/api/desk/cases/${kase.id}/claims`;
        for (const body of [
          { policyId: betaPolicy.id, incidentDate: '2026-02-01' },
          { policyId: alphaPolicy.id, incidentDate: '2025-12-31' },
          { policyId: 'no-such-policy', incidentDate: '2026-02-01' },
        ]) {
          const r = await call('POST', url, s.agent, body);
          expect(r.statusCode).toBe(409);
          expect(r.json().error.code).toBe('policy-not-applicable');
          expect(r.body).not.toContain('Beta');
        }
        expect(
          (await call('POST', url, s.agent, { policyId: alphaPolicy.id, incidentDate: '2026-2-1' })).json()
            .error.field,
        ).toBe('incidentDate');
        expect(
          (await call('POST', url, s.analyst, { policyId: alphaPolicy.id, incidentDate: '2026-02-01' }))
            .statusCode,
        ).toBe(403);
        expect(
          (
            await call('POST', '/api/desk/cases/nope/claims', s.agent, {
              policyId: alphaPolicy.id,
              incidentDate: '2026-02-01',
            })
          ).statusCode,
        ).toBe(404);
      });

      it('totals: deductible, per-incident limit, and the total limit across claims', async () => {
        const p = await newPolicy('alpha', { limitTotalYen: 1_200_000, limitPerIncidentYen: 1_000_000 });
        const { claim: first } = await newClaim(p.id);
        expect((await item(first.id, { amountYen: 400_000 })).statusCode).toBe(201);
        await item(first.id, {
          kind: 'legal',
          description: '弁護士相談',
          amountYen: 150_000,
          incurredOn: '2026-02-04',
        });
        let r = await call('GET', `/api/desk/claims/${first.id}`, s.analyst);
        expect(r.json().claim.totals).toEqual({
          claimedYen: 550_000,
          coveredYen: 400_000,
          uncoveredYen: 150_000,
          deductibleYen: 50_000,
          payableYen: 350_000,
        });
        expect(r.json().claim.items.map((i: { covered: boolean }) => i.covered)).toEqual([true, false]);
        // per incident: 1.3M covered − 50k deductible, capped at 1M
        await item(first.id, { kind: 'recovery', description: 'サーバ復旧', amountYen: 900_000 });
        r = await call('GET', `/api/desk/claims/${first.id}`, s.analyst);
        expect(r.json().claim.totals.payableYen).toBe(1_000_000);
        // the first claim approved at 1M leaves 200k of the 1.2M total for the second
        await call('PATCH', `/api/desk/claims/${first.id}`, s.agent, { status: 'submitted' });
        r = await call('PATCH', `/api/desk/claims/${first.id}`, s.agent, { status: 'approved' });
        expect(r.json().claim).toMatchObject({ status: 'approved', approvedYen: 1_000_000 });
        const { claim: second } = await newClaim(p.id);
        await item(second.id, { amountYen: 600_000 });
        r = await call('GET', `/api/desk/claims/${second.id}`, s.analyst);
        expect(r.json().claim.totals).toMatchObject({ coveredYen: 600_000, payableYen: 200_000 });
        // paid less than approved frees the rest of the limit
        await call('PATCH', `/api/desk/claims/${first.id}`, s.agent, { status: 'paid', paidYen: 900_000 });
        r = await call('GET', `/api/desk/claims/${second.id}`, s.analyst);
        expect(r.json().claim.totals.payableYen).toBe(300_000);
        // the first claim's own totals are not reduced by itself
        r = await call('GET', `/api/desk/claims/${first.id}`, s.analyst);
        expect(r.json().claim.totals.payableYen).toBe(1_000_000);
      });

      it('workflow: draft → submitted → approved → paid; paid needs paidYen; decisions freeze items', async () => {
        const p = await newPolicy();
        const { kase, claim } = await newClaim(p.id);
        const url = `/api/desk/claims/${claim.id}`;
        const itemR = await item(claim.id, { amountYen: 100_000 });
        expect((await call('PATCH', url, s.agent, { status: 'approved' })).json().error.code).toBe(
          'invalid-transition',
        );
        let r = await call('PATCH', url, s.agent, {
          status: 'submitted',
          notifiedInsurerAt: NOW - 86_400_000,
        });
        expect(r.json().claim).toMatchObject({
          status: 'submitted',
          submittedAt: new Date(NOW).toISOString(),
          notifiedInsurerAt: new Date(NOW - 86_400_000).toISOString(),
        });
        r = await call('PATCH', url, s.admin, { status: 'approved', approvedYen: 40_000 });
        expect(r.json().claim).toMatchObject({
          status: 'approved',
          approvedYen: 40_000,
          decidedAt: new Date(NOW).toISOString(),
        });
        expect((await item(claim.id, { amountYen: 1 })).json().error.code).toBe('claim-locked');
        expect((await call('DELETE', `${url}/items/${itemR.json().item.id}`, s.agent)).statusCode).toBe(409);
        expect((await call('PATCH', url, s.agent, { status: 'paid' })).json().error.field).toBe('paidYen');
        r = await call('PATCH', url, s.agent, { status: 'paid', paidYen: 40_000 });
        expect(r.json().claim).toMatchObject({ status: 'paid', paidYen: 40_000 });
        expect((await call('PATCH', url, s.agent, { status: 'draft' })).statusCode).toBe(409);
        expect((await call('PATCH', url, s.agent, { paidYen: -5 })).json().error.field).toBe('paidYen');
        expect((await call('PATCH', url, s.analyst, { notes: 'x' })).statusCode).toBe(403);
        const tl = await t.db
          .selectFrom('desk_case_timeline')
          .select(['kind', 'visibility', 'detail'])
          .where('case_id', '=', kase.id)
          .execute();
        expect(tl.every((e) => e.kind === 'claim' && e.visibility === 'internal')).toBe(true);
        const moves = tl.map((e) => JSON.parse(e.detail) as { action: string; status: string });
        expect(moves.map((m) => `${m.action}:${m.status ?? ''}`).sort()).toEqual(
          ['created:draft', 'item-added:', 'status:approved', 'status:paid', 'status:submitted'].sort(),
        );
        const audit = await t.db
          .selectFrom('audit_log')
          .select('action')
          .where('target', '=', claim.id)
          .execute();
        expect(audit.map((a) => a.action).sort()).toEqual(
          [
            'desk.claim.create',
            'desk.claim.item.add',
            'desk.claim.update',
            'desk.claim.update',
            'desk.claim.update',
          ].sort(),
        );
      });

      it('items: a dispatch item names a dispatch of the same case; removal', async () => {
        const p = await newPolicy();
        const { kase, claim } = await newClaim(p.id);
        const d = await call('POST', `/api/desk/cases/${kase.id}/dispatches`, s.agent, {
          reason: '現地調査',
        });
        const dispatch = d.json().dispatch;
        let r = await item(claim.id, {
          kind: 'dispatch',
          description: undefined,
          incurredOn: undefined,
          amountYen: 55_000,
          dispatchId: dispatch.id,
        });
        expect(r.statusCode, r.body).toBe(201);
        expect(r.json().item).toMatchObject({
          kind: 'dispatch',
          description: `駆け付け対応 ${dispatch.number}（2026-02-10）`,
          incurredOn: '2026-02-10',
          dispatchId: dispatch.id,
          covered: true,
          amountYen: 55_000,
        });
        const other = await createCase(t.db, { tenant: 'alpha' });
        const od = (
          await call('POST', `/api/desk/cases/${other.id}/dispatches`, s.agent, { reason: 'x' })
        ).json().dispatch;
        expect(
          (await item(claim.id, { kind: 'dispatch', amountYen: 1, dispatchId: od.id })).json().error.field,
        ).toBe('dispatchId');
        expect(
          (await item(claim.id, { kind: 'legal', amountYen: 1, dispatchId: dispatch.id })).json().error.field,
        ).toBe('dispatchId');
        expect((await item(claim.id, { description: undefined, amountYen: 1 })).json().error.field).toBe(
          'description',
        );
        expect((await item(claim.id, { kind: 'bribe', amountYen: 1 })).json().error.field).toBe('kind');
        expect((await item(claim.id, { amountYen: -1 })).json().error.field).toBe('amountYen');
        expect((await item(claim.id, { incurredOn: '2026-02-31', amountYen: 1 })).json().error.field).toBe(
          'incurredOn',
        );
        const del = await call('DELETE', `/api/desk/claims/${claim.id}/items/${r.json().item.id}`, s.agent);
        expect(del.statusCode).toBe(204);
        expect(
          (await call('DELETE', `/api/desk/claims/${claim.id}/items/${r.json().item.id}`, s.agent))
            .statusCode,
        ).toBe(404);
        r = await call('GET', `/api/desk/claims/${claim.id}`, s.agent);
        expect(r.json().claim.items).toEqual([]);
        expect((await call('DELETE', `/api/desk/claims/${claim.id}/items/x`, s.engAlpha)).statusCode).toBe(
          403,
        );
      });

      it('documents: an attachment must belong to the same case', async () => {
        const p = await newPolicy();
        const { kase, claim } = await newClaim(p.id);
        const own = await createAttachment(t.db, {
          tenant: 'alpha',
          caseId: kase.id,
          fileName: 'invoice-0210.pdf',
        });
        const otherCase = await createCase(t.db, { tenant: 'alpha' });
        const foreign = await createAttachment(t.db, { tenant: 'alpha', caseId: otherCase.id });
        const url = `/api/desk/claims/${claim.id}/documents`;
        expect(
          (
            await call('PUT', `${url}/invoices`, s.agent, { status: 'attached', attachmentId: foreign.id })
          ).json().error.field,
        ).toBe('attachmentId');
        expect((await call('PUT', `${url}/selfie`, s.agent, { status: 'attached' })).json().error.field).toBe(
          'docType',
        );
        expect((await call('PUT', `${url}/invoices`, s.agent, { status: 'lost' })).json().error.field).toBe(
          'status',
        );
        const r = await call('PUT', `${url}/invoices`, s.agent, {
          status: 'attached',
          attachmentId: own.id,
          note: '原本郵送済み',
        });
        expect(r.statusCode).toBe(200);
        expect(r.json().claim.documents.find((d: { docType: string }) => d.docType === 'invoices')).toEqual({
          docType: 'invoices',
          status: 'attached',
          attachmentId: own.id,
          note: '原本郵送済み',
        });
        await call('PUT', `${url}/police-report`, s.agent, { status: 'not-needed' });
        const csv = await call('GET', `/api/desk/claims/${claim.id}/export.csv`, s.agent);
        expect(csv.body).toContain('請求書・領収書,添付済み,invoice-0210.pdf,原本郵送済み');
        expect(csv.body).toContain('警察への届出,不要,,');
      });

      it('list and detail: staff of the company only; another company is 404 without a trace', async () => {
        const p = await newPolicy();
        const { claim } = await newClaim(p.id);
        let r = await call('GET', '/api/desk/claims?tenant=alpha&status=draft&limit=200', s.analyst);
        expect(r.statusCode).toBe(200);
        const list = r.json().claims as { id: string; tenant: string; insurer: string; claimedYen: number }[];
        expect(list.map((c) => c.id)).toContain(claim.id);
        expect(list.every((c) => c.tenant === 'alpha')).toBe(true);
        expect(list.find((c) => c.id === claim.id)).toMatchObject({
          insurer: 'Example 損害保険',
          claimedYen: 0,
        });
        r = await call('GET', '/api/desk/claims?limit=1', s.agent);
        expect(r.json().nextCursor).toEqual(expect.any(String));
        r = await call('GET', '/api/desk/claims?limit=200', s.engBeta);
        expect((r.json().claims as { tenant: string }[]).every((c) => c.tenant === 'beta')).toBe(true);
        expect((await call('GET', '/api/desk/claims?tenant=alpha', s.engBeta)).statusCode).toBe(404);
        for (const who of ['engBeta', 'expertBeta']) {
          const x = await call('GET', `/api/desk/claims/${claim.id}`, s[who]);
          expect(x.statusCode, who).toBe(404);
          expect(x.body).not.toContain('Alpha');
        }
        expect((await call('GET', `/api/desk/claims/${claim.id}`, s.engAlpha)).statusCode).toBe(200);
        expect((await call('GET', `/api/desk/claims/${claim.id}/export.csv`, s.engAlpha)).statusCode).toBe(
          403,
        );
        expect((await call('GET', '/api/desk/claims?status=lost', s.agent)).json().error.field).toBe(
          'status',
        );
      });

      it('exports the claim pack as CSV (BOM, no formula) and JSON', async () => {
        await t.db.updateTable('companies').set({ name: '=Alpha+1' }).where('id', '=', 'beta').execute();
        const p = await newPolicy('beta', { policyNumber: '@SUM(A1)' });
        const { kase, claim } = await newClaim(p.id, 'beta');
        await item(claim.id, { description: '=HYPERLINK("http://evil.example")', amountYen: 300_000 });
        await item(claim.id, {
          kind: 'notification',
          description: 'お詫び状送付',
          amountYen: 20_000,
          incurredOn: '2026-02-05',
        });
        const r = await call('GET', `/api/desk/claims/${claim.id}/export.csv`, s.agent);
        expect(r.statusCode).toBe(200);
        expect(r.headers['content-type']).toContain('text/csv');
        expect(r.headers['content-disposition']).toBe(`attachment; filename="claim-${claim.number}.csv"`);
        expect(r.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
        const lines = r.body.replace(/^\uFEFF/, '').split('\r\n');
        expect(lines).toContain("会社名,'=Alpha+1");
        expect(lines).toContain("証券番号,'@SUM(A1)");
        expect(lines).toContain('保険会社,Example 損害保険');
        expect(lines).toContain(`案件番号,${kase.number}`);
        expect(lines).toContain('事故発生日,2026-02-01');
        expect(lines).toContain('請求額合計（円）,320000');
        expect(lines).toContain('補償対象外額（円）,20000');
        expect(lines).toContain('免責金額（円）,50000');
        expect(lines).toContain('支払見込額（円）,250000');
        expect(lines).toContain(`2026-02-03,調査費用,"'=HYPERLINK(""http://evil.example"")",300000,対象,`);
        for (const line of lines) expect(line).not.toMatch(/(^|,)[=+@-]/);
        const json = await call('GET', `/api/desk/claims/${claim.id}/export.json`, s.admin);
        expect(json.statusCode).toBe(200);
        expect(json.json().claimPack).toMatchObject({
          summary: {
            companyName: '=Alpha+1',
            policyNumber: '@SUM(A1)',
            caseNumber: kase.number,
            payableYen: 250_000,
          },
          items: [{ kind: 'investigation' }, { kind: 'notification', covered: false }],
        });
        const en = await call('GET', `/api/desk/claims/${claim.id}/export.csv?lang=en`, s.agent);
        expect(en.body).toContain('Payable (JPY),250000');
        const audit = await t.db
          .selectFrom('audit_log')
          .select('action')
          .where('action', '=', 'desk.claim.export')
          .where('tenant', '=', 'beta')
          .execute();
        expect(audit.length).toBe(3);
        await t.db.updateTable('companies').set({ name: 'Beta Shoji' }).where('id', '=', 'beta').execute();
      });
    });
  });
}
