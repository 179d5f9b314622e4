/**
 * On-site dispatch routes (docs/api.md "Dispatches (駆け付け)"): 401, 400 naming the field,
 * 403 per role (company users, experts, an engineer not on the visit), 404 for another
 * company's dispatch, and the visit's life from request to the company's sign-off, on
 * SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationEvent } from '../../src/notify/model.js';
import {
  createCompany,
  createUser,
  login,
  openTestApp,
  STATE_BACKENDS,
  type TestApp,
  type TestSession,
  tokenHeaders,
} from '../helpers/accounts.js';
import { createCase } from '../helpers/desk.js';

type Method = 'GET' | 'POST' | 'PATCH';
const NOW = Date.UTC(2026, 1, 10, 6, 0, 0); // 15:00 in Japan
const MIN = 60_000;

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`desk dispatches on ${backend.name}`, () => {
    let t: TestApp;
    const events: NotificationEvent[] = [];
    const s: Record<string, TestSession> = {};
    const ids: Record<string, string> = {};

    const call = (method: Method, url: string, who: TestSession | null, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: who ? (method === 'GET' ? who.headers : who.unsafe) : {},
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    beforeAll(async () => {
      t = await openTestApp({
        backend: backend.name,
        now: NOW,
        deps: { notifier: { notify: async (e) => void events.push(e) } },
      });
      await createCompany(t.db, { id: 'alpha', name: 'Alpha Seisakusho' });
      await createCompany(t.db, { id: 'beta', name: 'Beta Shoji' });
      const users: [string, Parameters<typeof createUser>[1]][] = [
        ['admin', { login: 'desk-lead', role: 'operator-admin' }],
        ['agent', { login: 'agent-1', role: 'agent', name: '受付 花子' }],
        ['analyst', { login: 'soc-1', role: 'analyst' }],
        ['eng', { login: 'eng-1', role: 'engineer', name: '技術 太郎' }],
        ['engAlpha', { login: 'eng-2', role: 'engineer', assigned: ['alpha'] }],
        ['engBeta', { login: 'eng-3', role: 'engineer', assigned: ['beta'] }],
        ['expert', { login: 'expert-1', role: 'expert', assigned: ['alpha'] }],
        ['alphaAdmin', { login: 'alpha-boss', role: 'company-admin', tenant: 'alpha' }],
        ['alphaViewer', { login: 'alpha-staff', role: 'company-viewer', tenant: 'alpha' }],
        ['betaAdmin', { login: 'beta-boss', role: 'company-admin', tenant: 'beta' }],
      ];
      for (const [key, u] of users) {
        const created = await createUser(t.db, u);
        ids[key] = created.id;
        s[key] = await login(t.app, created.login, created.password);
      }
    });
    afterAll(async () => {
      await t.close();
    });

    async function newDispatch(tenant = 'alpha', body: Record<string, unknown> = {}) {
      const c = await createCase(t.db, { tenant });
      const r = await call('POST', `/api/desk/cases/${c.id}/dispatches`, s.agent, {
        reason: 'ランサムウェア感染の疑い、現地で隔離',
        siteAddress: '東京都千代田区1-1',
        ...body,
      });
      expect(r.statusCode, r.body).toBe(201);
      return { kase: c, dispatch: r.json().dispatch as Record<string, unknown> & { id: string } };
    }

    const ROUTES: [Method, string][] = [
      ['POST', '/api/desk/cases/x/dispatches'],
      ['GET', '/api/desk/dispatches'],
      ['GET', '/api/desk/dispatches/x'],
      ['PATCH', '/api/desk/dispatches/x'],
      ['POST', '/api/desk/dispatches/x/status'],
      ['POST', '/api/desk/dispatches/x/report'],
      ['POST', '/api/desk/dispatches/x/sign-off'],
      ['POST', '/api/companies/alpha/dispatches/x/sign-off'],
    ];

    it.each(ROUTES)('%s %s answers 401 when anonymous', async (method, url) => {
      const r = await call(method, url, null, method === 'GET' ? undefined : {});
      expect(r.statusCode).toBe(401);
    });

    describe('request a visit', () => {
      it('a request without engineer and start is `requested`, internal on the timeline', async () => {
        const { kase, dispatch } = await newDispatch();
        expect(dispatch).toMatchObject({
          status: 'requested',
          caseId: kase.id,
          caseNumber: kase.number,
          tenant: 'alpha',
          companyName: 'Alpha Seisakusho',
          engineer: null,
          requestedBy: { id: ids.agent, name: '受付 花子' },
          requestedAt: new Date(NOW).toISOString(),
          travelMinutes: null,
          workMinutes: null,
          report: null,
          signOff: null,
        });
        expect(dispatch.number).toMatch(/^D-2026-\d{4}$/);
        const tl = await t.db
          .selectFrom('desk_case_timeline')
          .selectAll()
          .where('case_id', '=', kase.id)
          .execute();
        expect(tl.map((e) => [e.kind, e.visibility])).toEqual([['dispatch', 'internal']]);
        const audit = await t.db
          .selectFrom('audit_log')
          .select(['action', 'tenant'])
          .where('target', '=', dispatch.id)
          .execute();
        expect(audit).toEqual([{ action: 'desk.dispatch.create', tenant: 'alpha' }]);
      });

      it('with an engineer and a start it is `scheduled`: engineer assigned to the company, notifier told', async () => {
        const before = events.length;
        const start = NOW + 24 * 60 * MIN;
        const { kase, dispatch } = await newDispatch('alpha', {
          engineerId: ids.eng,
          scheduledStart: start,
          scheduledEnd: start + 120 * MIN,
        });
        expect(dispatch).toMatchObject({
          status: 'scheduled',
          engineer: { id: ids.eng, name: '技術 太郎' },
          scheduledStart: new Date(start).toISOString(),
        });
        const assigned = await t.db
          .selectFrom('user_companies')
          .select('tenant')
          .where('user_id', '=', ids.eng)
          .execute();
        expect(assigned.map((a) => a.tenant)).toContain('alpha');
        expect(events.slice(before)).toEqual([
          {
            kind: 'dispatch-scheduled',
            tenant: 'alpha',
            caseId: kase.id,
            caseNumber: kase.number,
            dispatchId: dispatch.id,
            number: dispatch.number,
            engineerId: ids.eng,
            scheduledStart: start,
            scheduledEnd: start + 120 * MIN,
            siteAddress: '東京都千代田区1-1',
          },
        ]);
        const tl = await t.db
          .selectFrom('desk_case_timeline')
          .select(['kind', 'visibility', 'detail'])
          .where('case_id', '=', kase.id)
          .execute();
        expect(tl).toHaveLength(1);
        expect(tl[0]).toMatchObject({ kind: 'dispatch', visibility: 'company' });
        expect(JSON.parse(tl[0].detail)).toMatchObject({ action: 'scheduled', number: dispatch.number });
      });

      it.each([
        [{}, 'reason'],
        [{ reason: '   ' }, 'reason'],
        [{ reason: 'x', engineerId: 'nobody' }, 'engineerId'],
        [{ reason: 'x', scheduledStart: NOW, scheduledEnd: NOW - MIN }, 'scheduledEnd'],
        [{ reason: 'x', scheduledStart: 1700 }, 'scheduledStart'],
        [{ reason: 'x', extra: 1 }, 'extra'],
      ])('400 names the field for %j', async (body, field) => {
        const c = await createCase(t.db, { tenant: 'alpha' });
        const r = await call('POST', `/api/desk/cases/${c.id}/dispatches`, s.agent, body);
        expect(r.statusCode).toBe(400);
        expect(r.json().error).toMatchObject({ code: 'invalid-input', field });
      });

      it('400 when the engineer is not an engineer (an analyst)', async () => {
        const c = await createCase(t.db, { tenant: 'alpha' });
        const r = await call('POST', `/api/desk/cases/${c.id}/dispatches`, s.agent, {
          reason: 'x',
          engineerId: ids.analyst,
        });
        expect(r.json().error.field).toBe('engineerId');
      });

      it('403 for company users, engineers and experts; 404 for an unknown case; 409 on a closed case', async () => {
        const c = await createCase(t.db, { tenant: 'alpha' });
        for (const who of ['alphaAdmin', 'alphaViewer', 'eng', 'engAlpha', 'expert']) {
          const r = await call('POST', `/api/desk/cases/${c.id}/dispatches`, s[who], { reason: 'x' });
          expect(r.statusCode, who).toBe(403);
        }
        const missing = await call('POST', '/api/desk/cases/no-such-case/dispatches', s.agent, {
          reason: 'x',
        });
        expect(missing.statusCode).toBe(404);
        const closed = await createCase(t.db, { tenant: 'alpha', status: 'closed' });
        const r = await call('POST', `/api/desk/cases/${closed.id}/dispatches`, s.analyst, { reason: 'x' });
        expect(r.statusCode).toBe(409);
        expect(r.json().error.code).toBe('invalid-transition');
      });
    });

    describe('read', () => {
      it('engineers list only the visits assigned to them', async () => {
        const { dispatch: mine } = await newDispatch('alpha', {
          engineerId: ids.eng,
          scheduledStart: NOW + MIN,
        });
        await newDispatch('alpha');
        const r = await call('GET', '/api/desk/dispatches?limit=200', s.eng);
        expect(r.statusCode).toBe(200);
        const list = r.json().dispatches as { id: string; engineer: { id: string } }[];
        expect(list.map((d) => d.id)).toContain(mine.id);
        expect(list.every((d) => d.engineer.id === ids.eng)).toBe(true);
        const me = await call('GET', '/api/desk/dispatches?engineer=me&limit=200', s.eng);
        expect(me.json().dispatches).toEqual(list);
        const other = await call('GET', `/api/desk/dispatches?engineer=${ids.engAlpha}`, s.eng);
        expect(other.statusCode).toBe(403);
        const beta = await call('GET', '/api/desk/dispatches?engineer=me', s.engBeta);
        expect(beta.json().dispatches).toEqual([]);
      });

      it('the desk filters by company, status and engineer, and pages with a cursor', async () => {
        await newDispatch('beta');
        await newDispatch('beta');
        const all = await call('GET', '/api/desk/dispatches?tenant=beta&status=requested', s.analyst);
        expect(all.statusCode).toBe(200);
        const rows = all.json().dispatches as { id: string; tenant: string; status: string }[];
        expect(rows.length).toBeGreaterThanOrEqual(2);
        expect(rows.every((d) => d.tenant === 'beta' && d.status === 'requested')).toBe(true);
        const first = await call('GET', '/api/desk/dispatches?tenant=beta&limit=1', s.analyst);
        const cursor = first.json().nextCursor as string;
        expect(cursor).toEqual(expect.any(String));
        const second = await call(
          'GET',
          `/api/desk/dispatches?tenant=beta&limit=1&cursor=${cursor}`,
          s.analyst,
        );
        expect(second.json().dispatches[0].id).not.toBe(first.json().dispatches[0].id);
        expect((await call('GET', '/api/desk/dispatches?cursor=zzz', s.analyst)).json().error.field).toBe(
          'cursor',
        );
        expect((await call('GET', '/api/desk/dispatches?status=flying', s.analyst)).json().error.field).toBe(
          'status',
        );
        const mine = await call('GET', `/api/desk/dispatches?engineer=${ids.eng}&limit=200`, s.agent);
        expect(
          (mine.json().dispatches as { engineer: { id: string } }[]).every((d) => d.engineer.id === ids.eng),
        ).toBe(true);
      });

      it('an expert sees assigned companies only; company users may not list', async () => {
        const r = await call('GET', '/api/desk/dispatches?limit=200', s.expert);
        expect((r.json().dispatches as { tenant: string }[]).every((d) => d.tenant === 'alpha')).toBe(true);
        expect((await call('GET', '/api/desk/dispatches?tenant=beta', s.expert)).statusCode).toBe(404);
        expect((await call('GET', '/api/desk/dispatches', s.alphaAdmin)).statusCode).toBe(403);
      });

      it('detail with the case summary; another company or an unassigned engineer gets 404', async () => {
        const { kase, dispatch } = await newDispatch('alpha', {
          engineerId: ids.eng,
          scheduledStart: NOW + MIN,
        });
        const r = await call('GET', `/api/desk/dispatches/${dispatch.id}`, s.eng);
        expect(r.statusCode).toBe(200);
        expect(r.json().dispatch.id).toBe(dispatch.id);
        expect(r.json().case).toMatchObject({
          id: kase.id,
          number: kase.number,
          tenant: 'alpha',
          status: 'in-progress',
        });
        expect((await call('GET', `/api/desk/dispatches/${dispatch.id}`, s.expert)).statusCode).toBe(200);
        const nope = await call('GET', `/api/desk/dispatches/${dispatch.id}`, s.engBeta);
        expect(nope.statusCode).toBe(404);
        expect(nope.body).not.toContain('Alpha');
        expect((await call('GET', `/api/desk/dispatches/${dispatch.id}`, s.alphaAdmin)).statusCode).toBe(403);
        const audit = await t.db
          .selectFrom('audit_log')
          .select('action')
          .where('actor_id', '=', ids.eng)
          .where('action', '=', 'desk.dispatch.read')
          .execute();
        expect(audit.length).toBeGreaterThan(0);
      });
    });

    describe('re-plan', () => {
      it('assigning an engineer and a start moves requested → scheduled and tells the notifier', async () => {
        const { dispatch } = await newDispatch();
        const before = events.length;
        const start = NOW + 3 * 3_600_000;
        const r = await call('PATCH', `/api/desk/dispatches/${dispatch.id}`, s.agent, {
          engineerId: ids.engBeta,
          scheduledStart: start,
        });
        expect(r.statusCode, r.body).toBe(200);
        expect(r.json().dispatch).toMatchObject({ status: 'scheduled', engineer: { id: ids.engBeta } });
        expect(events.slice(before).map((e) => e.kind)).toEqual(['dispatch-scheduled']);
        // engineer of beta now also covers alpha
        const a = await t.db
          .selectFrom('user_companies')
          .select('tenant')
          .where('user_id', '=', ids.engBeta)
          .execute();
        expect(a.map((x) => x.tenant).sort()).toEqual(['alpha', 'beta']);
        await t.db
          .deleteFrom('user_companies')
          .where('user_id', '=', ids.engBeta)
          .where('tenant', '=', 'alpha')
          .execute();
        // unassigning goes back to requested
        const back = await call('PATCH', `/api/desk/dispatches/${dispatch.id}`, s.agent, {
          engineerId: null,
        });
        expect(back.json().dispatch).toMatchObject({ status: 'requested', engineer: null });
      });

      it('400 names the field, 403 for engineers and company users, 409 once under way', async () => {
        const { dispatch } = await newDispatch('alpha', { engineerId: ids.eng, scheduledStart: NOW + MIN });
        const url = `/api/desk/dispatches/${dispatch.id}`;
        expect((await call('PATCH', url, s.agent, { scheduledEnd: NOW })).json().error.field).toBe(
          'scheduledEnd',
        );
        expect((await call('PATCH', url, s.agent, { engineerId: ids.expert })).json().error.field).toBe(
          'engineerId',
        );
        expect((await call('PATCH', url, s.agent, { reason: '' })).json().error.field).toBe('reason');
        for (const who of ['eng', 'expert', 'alphaAdmin'])
          expect((await call('PATCH', url, s[who], {})).statusCode).toBe(403);
        expect((await call('PATCH', '/api/desk/dispatches/nope', s.agent, {})).statusCode).toBe(404);
        await call('POST', `${url}/status`, s.eng, { status: 'en-route', at: NOW - 60 * MIN });
        const late = await call('PATCH', url, s.agent, { scheduledStart: NOW + 5 * MIN });
        expect(late.statusCode).toBe(409);
        const contact = await call('PATCH', url, s.agent, { siteContact: '受付 鈴木' });
        expect(contact.json().dispatch.siteContact).toBe('受付 鈴木');
      });
    });

    describe('the visit', () => {
      it('en route → on site → report → company sign-off, with travel and work minutes', async () => {
        const { kase, dispatch } = await newDispatch('alpha', {
          engineerId: ids.eng,
          scheduledStart: NOW + MIN,
        });
        const url = `/api/desk/dispatches/${dispatch.id}`;
        const departed = NOW - 180 * MIN;
        const arrived = departed + 45 * MIN;
        const left = arrived + 90 * MIN;
        const returned = left + 40 * MIN;

        // not yet on site: no report, no sign-off
        expect(
          (await call('POST', `${url}/report`, s.eng, { findings: 'a', actionsTaken: 'b', advice: 'c' }))
            .statusCode,
        ).toBe(409);
        expect((await call('POST', `${url}/status`, s.eng, { status: 'on-site' })).statusCode).toBe(409);

        let r = await call('POST', `${url}/status`, s.eng, { status: 'en-route', at: departed });
        expect(r.statusCode, r.body).toBe(200);
        expect(r.json().dispatch).toMatchObject({
          status: 'en-route',
          departedAt: new Date(departed).toISOString(),
        });
        expect(
          (await call('POST', `${url}/status`, s.eng, { status: 'on-site', at: departed - MIN })).json().error
            .field,
        ).toBe('at');
        r = await call('POST', `${url}/status`, s.eng, { status: 'on-site', at: arrived });
        expect(r.json().dispatch).toMatchObject({ status: 'on-site', travelMinutes: 45, workMinutes: null });

        // report: required texts, times in order
        expect(
          (
            await call('POST', `${url}/report`, s.eng, { findings: '', actionsTaken: 'b', advice: 'c' })
          ).json().error.field,
        ).toBe('findings');
        expect(
          (
            await call('POST', `${url}/report`, s.eng, {
              findings: 'a',
              actionsTaken: 'b',
              advice: 'c',
              leftAt: arrived - MIN,
            })
          ).json().error.field,
        ).toBe('leftAt');
        // only the assigned engineer or operator-admin files it
        for (const who of ['engAlpha', 'agent', 'analyst']) {
          const x = await call('POST', `${url}/report`, s[who], {
            findings: 'a',
            actionsTaken: 'b',
            advice: 'c',
          });
          expect(x.statusCode, who).toBe(403);
        }
        const before = events.length;
        r = await call('POST', `${url}/report`, s.eng, {
          findings: '業務PC 1台でランサムウェアの痕跡を確認',
          actionsTaken: 'LANから隔離し、バックアップの無事を確認',
          advice: 'VPN機器のファームウェア更新',
          leftAt: left,
          returnedAt: returned,
        });
        expect(r.statusCode, r.body).toBe(200);
        expect(r.json().dispatch).toMatchObject({
          status: 'reported',
          arrivedAt: new Date(arrived).toISOString(),
          leftAt: new Date(left).toISOString(),
          returnedAt: new Date(returned).toISOString(),
          travelMinutes: 85,
          workMinutes: 90,
          report: {
            findings: '業務PC 1台でランサムウェアの痕跡を確認',
            filedAt: new Date(NOW).toISOString(),
            filedBy: { id: ids.eng, name: '技術 太郎' },
          },
        });
        expect(events.slice(before)).toEqual([
          {
            kind: 'dispatch-reported',
            tenant: 'alpha',
            caseId: kase.id,
            caseNumber: kase.number,
            dispatchId: dispatch.id,
            number: dispatch.number,
          },
        ]);
        // cancelling is too late now
        expect(
          (await call('POST', `${url}/status`, s.agent, { status: 'cancelled', reason: 'x' })).statusCode,
        ).toBe(409);

        // the company signs off in the portal
        const signUrl = `/api/companies/alpha/dispatches/${dispatch.id}/sign-off`;
        expect((await call('POST', signUrl, s.alphaViewer, { name: '田中' })).statusCode).toBe(403);
        expect((await call('POST', signUrl, s.admin, { name: '田中' })).statusCode).toBe(403);
        expect((await call('POST', signUrl, s.alphaAdmin, { name: '' })).json().error.field).toBe('name');
        const other = await call(
          'POST',
          `/api/companies/beta/dispatches/${dispatch.id}/sign-off`,
          s.betaAdmin,
          {
            name: 'x',
          },
        );
        expect(other.statusCode).toBe(404);
        expect(other.body).not.toContain('alpha');
        expect((await call('POST', signUrl, s.betaAdmin, { name: 'x' })).statusCode).toBe(404);
        r = await call('POST', signUrl, s.alphaAdmin, {
          name: '田中 一郎',
          comment: '迅速な対応に感謝します',
        });
        expect(r.statusCode, r.body).toBe(200);
        const signed = r.json().dispatch;
        expect(signed).toMatchObject({
          status: 'signed-off',
          signOff: { name: '田中 一郎', comment: '迅速な対応に感謝します', at: new Date(NOW).toISOString() },
          engineer: { name: '技術 太郎' },
          report: { filedBy: { name: '技術 太郎' } },
        });
        expect(signed).not.toHaveProperty('requestedBy');
        expect(signed.engineer).not.toHaveProperty('id');
        expect((await call('POST', signUrl, s.alphaAdmin, { name: '田中' })).statusCode).toBe(409);

        // the company's side of the timeline: plan, en route, on site, report, sign-off
        const tl = await t.db
          .selectFrom('desk_case_timeline')
          .select(['kind', 'visibility', 'body', 'detail'])
          .where('case_id', '=', kase.id)
          .orderBy('at')
          .execute();
        expect(tl.every((e) => e.kind === 'dispatch' && e.visibility === 'company')).toBe(true);
        expect(tl.map((e) => JSON.parse(e.detail).action)).toEqual([
          'scheduled',
          'en-route',
          'on-site',
          'reported',
          'signed-off',
        ]);
        expect(tl[3].body).toBe('業務PC 1台でランサムウェアの痕跡を確認');
      });

      it('the engineer can take the signature on site; nobody else on the desk route', async () => {
        const { dispatch } = await newDispatch('alpha', { engineerId: ids.eng, scheduledStart: NOW + MIN });
        const url = `/api/desk/dispatches/${dispatch.id}`;
        await call('POST', `${url}/status`, s.agent, { status: 'en-route', at: NOW - 30 * MIN });
        await call('POST', `${url}/status`, s.agent, { status: 'on-site', at: NOW - 10 * MIN });
        // operator-admin may file the report for the engineer; left defaults to now
        const rep = await call('POST', `${url}/report`, s.admin, {
          findings: 'a',
          actionsTaken: 'b',
          advice: 'c',
        });
        expect(rep.json().dispatch).toMatchObject({
          workMinutes: 10,
          travelMinutes: 20,
          leftAt: new Date(NOW).toISOString(),
        });
        for (const who of ['agent', 'admin', 'engAlpha'])
          expect((await call('POST', `${url}/sign-off`, s[who], { name: 'x' })).statusCode, who).toBe(403);
        const r = await call('POST', `${url}/sign-off`, s.eng, { name: '佐藤 次郎' });
        expect(r.statusCode).toBe(200);
        expect(r.json().dispatch).toMatchObject({
          status: 'signed-off',
          signOff: { name: '佐藤 次郎', comment: null },
        });
      });

      it('status moves: who may, the order, a cancellation needs a reason', async () => {
        const { dispatch } = await newDispatch('alpha', { engineerId: ids.eng, scheduledStart: NOW + MIN });
        const url = `/api/desk/dispatches/${dispatch.id}/status`;
        // an engineer of the company not on this visit: 403; an engineer of another company: 404
        expect((await call('POST', url, s.engAlpha, { status: 'en-route' })).statusCode).toBe(403);
        expect((await call('POST', url, s.engBeta, { status: 'en-route' })).statusCode).toBe(404);
        expect((await call('POST', url, s.expert, { status: 'en-route' })).statusCode).toBe(403);
        expect((await call('POST', url, s.alphaAdmin, { status: 'en-route' })).statusCode).toBe(403);
        expect((await call('POST', url, s.eng, { status: 'reported' })).json().error.field).toBe('status');
        expect((await call('POST', url, s.eng, { status: 'cancelled' })).json().error.field).toBe('reason');
        expect(
          (await call('POST', url, s.eng, { status: 'en-route', at: NOW + 3_600_000 })).json().error.field,
        ).toBe('at');
        const r = await call('POST', url, s.agent, { status: 'cancelled', reason: 'お客様の都合で中止' });
        expect(r.json().dispatch).toMatchObject({ status: 'cancelled', cancelReason: 'お客様の都合で中止' });
        expect((await call('POST', url, s.eng, { status: 'en-route' })).statusCode).toBe(409);
      });

      it('nobody can leave for a visit without an engineer', async () => {
        const { dispatch } = await newDispatch();
        const r = await call('POST', `/api/desk/dispatches/${dispatch.id}/status`, s.agent, {
          status: 'en-route',
        });
        expect(r.statusCode).toBe(409);
        expect(r.json().error.code).toBe('invalid-transition');
      });

      it('the operator token acts as operator-admin', async () => {
        const { dispatch } = await newDispatch('beta');
        const r = await t.app.inject({ url: `/api/desk/dispatches/${dispatch.id}`, headers: tokenHeaders });
        expect(r.statusCode).toBe(200);
      });
    });
  });
}
