/** GET /api/audit and /api/settings: operator-admin only, validation, paging, filters. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCompany,
  openTestApp,
  STATE_BACKENDS,
  type TestApp,
  type TestSession,
  tokenHeaders,
  userSession,
} from '../helpers/accounts.js';

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`/api/audit and /api/settings on ${backend.name}`, () => {
    let t: TestApp;
    let op: TestSession;
    let analyst: TestSession;
    let companyAdmin: TestSession;

    beforeEach(async () => {
      t = await openTestApp({ backend: backend.name });
      await createCompany(t.db, { id: 'alpha', name: 'Alpha' });
      op = (await userSession(t, { login: 'root', role: 'operator-admin' })).session;
      analyst = (await userSession(t, { login: 'soc', role: 'analyst' })).session;
      companyAdmin = (await userSession(t, { login: 'boss', role: 'company-admin', tenant: 'alpha' }))
        .session;
    });
    afterEach(async () => {
      await t.close();
    });

    it('401 anonymous, 403 for anyone but operator-admin', async () => {
      for (const [method, url] of [
        ['GET', '/api/audit'],
        ['GET', '/api/settings'],
        ['PUT', '/api/settings'],
      ] as const) {
        const payload = method === 'PUT' ? { require_operator_totp: true } : undefined;
        expect((await t.app.inject({ method, url, payload })).statusCode).toBe(401);
        for (const s of [analyst, companyAdmin]) {
          const r = await t.app.inject({
            method,
            url,
            headers: method === 'GET' ? s.headers : s.unsafe,
            payload,
          });
          expect(r.statusCode, `${method} ${url}`).toBe(403);
        }
      }
    });

    it('GET /api/audit names the wrong query field', async () => {
      for (const [q, field] of [
        ['from=yesterday', 'from'],
        ['to=never', 'to'],
        ['limit=0', 'limit'],
        ['limit=501', 'limit'],
        ['cursor=zzz', 'cursor'],
        ['tenant=a%20b', 'tenant'],
        ['action=DROP%20TABLE', 'action'],
        ['who=me', 'who'],
      ]) {
        const r = await t.app.inject({ url: `/api/audit?${q}`, headers: op.headers });
        expect(r.statusCode, q).toBe(400);
        expect(r.json().error.field, q).toBe(field);
      }
    });

    it('lists entries newest first, pages with a cursor and filters', async () => {
      for (let i = 0; i < 5; i++) {
        t.clock.now += 1000;
        await t.app.inject({ url: '/api/companies/alpha', headers: analyst.headers });
      }
      const first = await t.app.inject({
        url: '/api/audit?action=company.read&limit=3',
        headers: op.headers,
      });
      expect(first.statusCode, first.body).toBe(200);
      const page1 = first.json();
      expect(page1.entries).toHaveLength(3);
      expect(page1.entries[0]).toMatchObject({
        action: 'company.read',
        tenant: 'alpha',
        actor: { login: 'soc', role: 'analyst' },
        ip: '127.0.0.1',
        detail: {},
      });
      const ats = page1.entries.map((e: { at: string }) => Date.parse(e.at));
      expect(ats).toEqual([...ats].sort((a, b) => b - a));
      const second = await t.app.inject({
        url: `/api/audit?action=company.read&limit=3&cursor=${page1.nextCursor}`,
        headers: op.headers,
      });
      const page2 = second.json();
      expect(page2.entries).toHaveLength(2);
      expect(page2.nextCursor).toBeNull();
      const ids = [...page1.entries, ...page2.entries].map((e: { id: string }) => e.id);
      expect(new Set(ids).size).toBe(5);

      const byActor = await t.app.inject({ url: '/api/audit?actor=soc&tenant=alpha', headers: op.headers });
      expect(byActor.json().entries).toHaveLength(5);
      const logins = await t.app.inject({ url: '/api/audit?action=auth.login', headers: op.headers });
      expect(logins.json().entries).toHaveLength(3);
      const from = new Date(t.clock.now - 1500).toISOString();
      const recent = await t.app.inject({
        url: `/api/audit?action=company.read&from=${from}`,
        headers: op.headers,
      });
      expect(recent.json().entries).toHaveLength(2);
    });

    it('settings: read, change (audited), names the wrong field', async () => {
      expect((await t.app.inject({ url: '/api/settings', headers: op.headers })).json()).toEqual({
        require_operator_totp: false,
        'notify.alert_min_level': 'high',
      });
      for (const [payload, field] of [
        [{}, 'require_operator_totp'],
        [{ require_operator_totp: 'yes' }, 'require_operator_totp'],
        [{ require_operator_totp: true, other: 1 }, 'other'],
        [{ require_operator_totp: true, 'notify.alert_min_level': 'urgent' }, 'notify.alert_min_level'],
      ] as const) {
        const r = await t.app.inject({ method: 'PUT', url: '/api/settings', headers: op.unsafe, payload });
        expect(r.statusCode).toBe(400);
        expect(r.json().error.field).toBe(field);
      }
      const put = await t.app.inject({
        method: 'PUT',
        url: '/api/settings',
        headers: tokenHeaders,
        payload: { require_operator_totp: true },
      });
      expect(put.json()).toEqual({ require_operator_totp: true, 'notify.alert_min_level': 'high' });
      const audit = await t.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'settings.update')
        .execute();
      expect(JSON.parse(audit[0].detail)).toEqual({
        before: { require_operator_totp: false, 'notify.alert_min_level': 'high' },
        after: { require_operator_totp: true },
      });
      // the alert threshold may be sent alone with the switch and is kept when left out
      const level = await t.app.inject({
        method: 'PUT',
        url: '/api/settings',
        headers: tokenHeaders,
        payload: { require_operator_totp: true, 'notify.alert_min_level': 'medium' },
      });
      expect(level.json()).toEqual({ require_operator_totp: true, 'notify.alert_min_level': 'medium' });
      const kept = await t.app.inject({
        method: 'PUT',
        url: '/api/settings',
        headers: tokenHeaders,
        payload: { require_operator_totp: false },
      });
      expect(kept.json()).toEqual({ require_operator_totp: false, 'notify.alert_min_level': 'medium' });
    });
  });
}
