/** /api/companies: 401, 400 per rule, 403 per role, other company 404 without leaks, contact visibility, audit. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCompany,
  login,
  openTestApp,
  STATE_BACKENDS,
  type TestApp,
  type TestSession,
  userSession,
} from '../helpers/accounts.js';

type Method = 'GET' | 'POST' | 'PATCH';

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`/api/companies on ${backend.name}`, () => {
    let t: TestApp;
    let op: TestSession;
    let analyst: TestSession;
    let alphaAdmin: TestSession;
    let alphaViewer: TestSession;

    const call = (method: Method, url: string, s: TestSession | null, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: s ? (method === 'GET' ? s.headers : s.unsafe) : {},
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    beforeEach(async () => {
      t = await openTestApp({ backend: backend.name });
      await createCompany(t.db, { id: 'alpha', name: 'Alpha Seisakusho', contactName: 'Alpha Contact' });
      await createCompany(t.db, {
        id: 'beta',
        name: 'Beta Shoji',
        contactName: 'Beta Contact',
        contactEmail: 'b@beta.example',
      });
      op = (await userSession(t, { login: 'root', role: 'operator-admin' })).session;
      analyst = (await userSession(t, { login: 'soc', role: 'analyst' })).session;
      alphaAdmin = (await userSession(t, { login: 'a-admin', role: 'company-admin', tenant: 'alpha' }))
        .session;
      alphaViewer = (await userSession(t, { login: 'a-view', role: 'company-viewer', tenant: 'alpha' }))
        .session;
    });
    afterEach(async () => {
      await t.close();
    });

    it.each<[Method, string]>([
      ['GET', '/api/companies'],
      ['GET', '/api/companies/alpha'],
      ['POST', '/api/companies'],
      ['PATCH', '/api/companies/alpha'],
    ])('%s %s answers 401 when anonymous', async (method, url) => {
      const r = await call(method, url, null, method === 'GET' ? undefined : {});
      expect(r.statusCode).toBe(401);
    });

    it('creating and editing need operator-admin', async () => {
      for (const s of [analyst, alphaAdmin, alphaViewer]) {
        expect((await call('POST', '/api/companies', s, { id: 'gamma', name: 'G' })).statusCode).toBe(403);
        expect((await call('PATCH', '/api/companies/alpha', s, { name: 'G' })).statusCode).toBe(403);
      }
    });

    it('names the wrong field', async () => {
      for (const [payload, field] of [
        [{ name: 'X' }, 'id'],
        [{ id: 'a b', name: 'X' }, 'id'],
        [{ id: 'gamma' }, 'name'],
        [{ id: 'gamma', name: 'X', employees: -1 }, 'employees'],
        [{ id: 'gamma', name: 'X', employees: 1.5 }, 'employees'],
        [{ id: 'gamma', name: 'X', capitalYen: 'lots' }, 'capitalYen'],
        [{ id: 'gamma', name: 'X', industry: 'Heavy Industry' }, 'industry'],
        [{ id: 'gamma', name: 'X', contact: { email: 'nope' } }, 'contact.email'],
        [{ id: 'gamma', name: 'X', contact: { fax: '1' } }, 'contact.fax'],
        [{ id: 'gamma', name: 'X', owner: 'me' }, 'owner'],
      ] as const) {
        const r = await call('POST', '/api/companies', op, payload);
        expect(r.statusCode, JSON.stringify(payload)).toBe(400);
        expect(r.json().error, JSON.stringify(payload)).toMatchObject({ code: 'invalid-input', field });
      }
      expect((await call('PATCH', '/api/companies/a%20b', op, {})).json().error.field).toBe('tenant');
      expect((await call('GET', '/api/companies/a%20b', op)).json().error.field).toBe('tenant');
      expect((await call('PATCH', '/api/companies/alpha', op, { name: '' })).json().error.field).toBe('name');
    });

    it('operator-admin creates and edits a company; each change is audited', async () => {
      const r = await call('POST', '/api/companies', op, {
        id: 'gamma',
        name: 'ガンマ工業',
        nameEn: 'Gamma Industries',
        prefecture: 'Osaka',
        industry: 'manufacturing',
        employees: 42,
        capitalYen: 30_000_000,
        contact: { name: 'Sato', phone: '06-0000-0000', email: 'sato@gamma.example' },
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().company).toEqual({
        id: 'gamma',
        name: 'ガンマ工業',
        nameEn: 'Gamma Industries',
        prefecture: 'Osaka',
        city: null,
        industry: 'manufacturing',
        employees: 42,
        capitalYen: 30_000_000,
        contact: { name: 'Sato', phone: '06-0000-0000', email: 'sato@gamma.example' },
      });
      expect(
        (await call('POST', '/api/companies', op, { id: 'gamma', name: 'Again' })).json().error.code,
      ).toBe('company-exists');
      const p = await call('PATCH', '/api/companies/gamma', op, { employees: 50, contact: { phone: null } });
      expect(p.statusCode).toBe(200);
      expect(p.json().company).toMatchObject({ employees: 50, contact: { name: 'Sato', phone: null } });
      expect((await call('PATCH', '/api/companies/nowhere', op, { employees: 1 })).statusCode).toBe(404);
      const actions = await t.db
        .selectFrom('audit_log')
        .select(['action', 'tenant'])
        .where('tenant', '=', 'gamma')
        .execute();
      expect(actions).toEqual(
        expect.arrayContaining([
          { action: 'company.create', tenant: 'gamma' },
          { action: 'company.update', tenant: 'gamma' },
        ]),
      );
    });

    it('staff see every company; company users only their own, contacts for the admin only', async () => {
      const all = await call('GET', '/api/companies', analyst);
      expect(all.json().companies.map((c: { id: string }) => c.id)).toEqual(['alpha', 'beta']);
      expect(all.json().companies[1].contact.name).toBe('Beta Contact');

      const own = await call('GET', '/api/companies', alphaAdmin);
      expect(own.json().companies).toHaveLength(1);
      expect(own.json().companies[0]).toMatchObject({ id: 'alpha', contact: { name: 'Alpha Contact' } });
      expect(own.body).not.toContain('beta');
      const viewer = await call('GET', '/api/companies/alpha', alphaViewer);
      expect(viewer.statusCode).toBe(200);
      expect(viewer.json().company.contact).toBeUndefined();

      for (const s of [alphaAdmin, alphaViewer]) {
        const other = await call('GET', '/api/companies/beta', s);
        expect(other.statusCode).toBe(404);
        expect(other.json().error.code).toBe('not-found');
        expect(other.body).not.toMatch(/Beta|beta\.example/);
        // a company that does not exist answers exactly the same
        expect((await call('GET', '/api/companies/nowhere', s)).body).toBe(other.body);
      }
    });

    it('operator reads of a company are audited; company users reading their own are not', async () => {
      await call('GET', '/api/companies/beta', analyst);
      await call('GET', '/api/companies', analyst);
      await call('GET', '/api/companies/alpha', alphaAdmin);
      const rows = await t.db
        .selectFrom('audit_log')
        .select(['action', 'tenant', 'actor_login'])
        .where('action', 'in', ['company.read', 'company.list.read'])
        .execute();
      expect(rows).toEqual([
        { action: 'company.read', tenant: 'beta', actor_login: 'soc' },
        { action: 'company.list.read', tenant: null, actor_login: 'soc' },
      ]);
      // the helper's own logins are real
      expect((await login(t.app, 'soc')).user.role).toBe('analyst');
    });
  });
}
