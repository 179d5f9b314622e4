/** /api/users: 401, 403 per role, 400 per rule, other company 404 without leaks, happy paths. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCompany,
  createUser,
  login,
  openTestApp,
  STATE_BACKENDS,
  type TestApp,
  type TestSession,
  type TestUser,
  tokenHeaders,
} from '../helpers/accounts.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`/api/users on ${backend.name}`, () => {
    let t: TestApp;
    let opAdmin: TestSession;
    let aAdmin: TestUser;
    let aAdminS: TestSession;
    let bViewer: TestUser;
    let analyst: TestUser;

    const call = (method: Method, url: string, s: TestSession | null, payload?: unknown) =>
      t.app.inject({
        method,
        url,
        headers: s ? (method === 'GET' ? s.headers : s.unsafe) : {},
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    beforeEach(async () => {
      t = await openTestApp({ backend: backend.name });
      await createCompany(t.db, { id: 'alpha', name: 'Alpha Seisakusho' });
      await createCompany(t.db, { id: 'beta', name: 'Beta Shoji' });
      const op = await createUser(t.db, { login: 'root', role: 'operator-admin' });
      opAdmin = await login(t.app, op.login, op.password);
      aAdmin = await createUser(t.db, { login: 'alpha-boss', role: 'company-admin', tenant: 'alpha' });
      aAdminS = await login(t.app, aAdmin.login, aAdmin.password);
      bViewer = await createUser(t.db, {
        login: 'beta-staff',
        name: 'Beta Person',
        role: 'company-viewer',
        tenant: 'beta',
      });
      analyst = await createUser(t.db, { login: 'soc', role: 'analyst' });
    });
    afterEach(async () => {
      await t.close();
    });

    const ROUTES: [Method, string][] = [
      ['GET', '/api/users'],
      ['POST', '/api/users'],
      ['PATCH', '/api/users/x'],
      ['POST', '/api/users/x/reset-password'],
      ['PUT', '/api/users/x/companies'],
    ];

    it.each(ROUTES)('%s %s answers 401 when anonymous', async (method, url) => {
      const r = await call(method, url, null, method === 'GET' ? undefined : {});
      expect(r.statusCode).toBe(401);
    });

    it.each(ROUTES)('%s %s answers 403 to an analyst and a company-viewer', async (method, url) => {
      const viewer = await login(t.app, bViewer.login, bViewer.password);
      for (const s of [await login(t.app, analyst.login, analyst.password), viewer]) {
        const r = await call(method, url, s, method === 'GET' ? undefined : {});
        expect(r.statusCode).toBe(403);
        expect(r.json().error.code).toBe('forbidden');
      }
    });

    it('PUT /api/users/:id/companies is operator-admin only', async () => {
      const r = await call('PUT', `/api/users/${aAdmin.id}/companies`, aAdminS, { tenants: [] });
      expect(r.statusCode).toBe(403);
    });

    it('POST /api/users names the wrong field', async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ name: 'N', role: 'analyst' }, 'login'],
        [{ login: 'a b', name: 'N', role: 'analyst' }, 'login'],
        [{ login: 'ab', name: 'N', role: 'analyst' }, 'login'],
        [{ login: 'new1', role: 'analyst' }, 'name'],
        [{ login: 'new1', name: '', role: 'analyst' }, 'name'],
        [{ login: 'new1', name: 'N', role: 'root' }, 'role'],
        [{ login: 'new1', name: 'N', role: 'analyst', email: 'not-mail' }, 'email'],
        [{ login: 'new1', name: 'N', role: 'analyst', admin: true }, 'admin'],
        [{ login: 'new1', name: 'N', role: 'company-viewer' }, 'tenant'],
        [{ login: 'new1', name: 'N', role: 'company-viewer', tenant: 'nowhere' }, 'tenant'],
        [{ login: 'new1', name: 'N', role: 'company-viewer', tenant: 'a b' }, 'tenant'],
        [{ login: 'new1', name: 'N', role: 'analyst', tenant: 'alpha' }, 'tenant'],
      ];
      for (const [payload, field] of cases) {
        const r = await call('POST', '/api/users', opAdmin, payload);
        expect(r.statusCode, JSON.stringify(payload)).toBe(400);
        expect(r.json().error, JSON.stringify(payload)).toMatchObject({ code: 'invalid-input', field });
      }
    });

    it('PATCH and PUT name the wrong field', async () => {
      const eng = await createUser(t.db, { login: 'eng', role: 'engineer' });
      for (const [payload, field] of [
        [{ role: 'boss' }, 'role'],
        [{ disabled: 'yes' }, 'disabled'],
        [{ name: '' }, 'name'],
        [{ login: 'renamed' }, 'login'],
        [{ role: 'analyst' }, 'role'],
      ] as const) {
        const r = await call('PATCH', `/api/users/${bViewer.id}`, opAdmin, payload);
        expect(r.statusCode, JSON.stringify(payload)).toBe(400);
        expect(r.json().error.field).toBe(field);
      }
      for (const [id, payload, field] of [
        [eng.id, { tenants: 'alpha' }, 'tenants'],
        [eng.id, { tenants: ['a b'] }, 'tenants.0'],
        [eng.id, { tenants: ['alpha', 'alpha'] }, 'tenants'],
        [eng.id, { tenants: ['alpha', 'nowhere'] }, 'tenants.1'],
        [analyst.id, { tenants: ['alpha'] }, 'tenants'],
      ] as const) {
        const r = await call('PUT', `/api/users/${id}/companies`, opAdmin, payload);
        expect(r.statusCode, JSON.stringify(payload)).toBe(400);
        expect(r.json().error.field).toBe(field);
      }
    });

    it('operator-admin creates a company user whose one-time password must be changed', async () => {
      const r = await call('POST', '/api/users', opAdmin, {
        login: 'Beta-Admin',
        name: 'Beta Admin',
        email: 'admin@beta.example',
        role: 'company-admin',
        tenant: 'beta',
      });
      expect(r.statusCode, r.body).toBe(201);
      const { user, temporaryPassword } = r.json();
      expect(user).toMatchObject({
        login: 'beta-admin',
        role: 'company-admin',
        tenant: 'beta',
        tenantName: 'Beta Shoji',
        mustChangePassword: true,
      });
      expect(JSON.stringify(user)).not.toMatch(/hash|secret|argon/i);
      expect(temporaryPassword).toHaveLength(16);
      const s = await login(t.app, 'beta-admin', temporaryPassword);
      expect(s.user.mustChangePassword).toBe(true);
      const dup = await call('POST', '/api/users', opAdmin, {
        login: 'beta-admin',
        name: 'X',
        role: 'analyst',
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error.code).toBe('login-taken');
      const audit = await t.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.create')
        .execute();
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({ tenant: 'beta', target: user.id });
      expect(audit[0].detail).not.toContain(temporaryPassword);
    });

    it('operator-admin lists everyone or one company', async () => {
      const all = await call('GET', '/api/users', opAdmin);
      expect(all.json().users.map((u: { login: string }) => u.login)).toEqual([
        'alpha-boss',
        'beta-staff',
        'root',
        'soc',
      ]);
      const beta = await call('GET', '/api/users?tenant=beta', opAdmin);
      expect(beta.json().users.map((u: { login: string }) => u.login)).toEqual(['beta-staff']);
      expect((await call('GET', '/api/users?tenant=a%20b', opAdmin)).json().error.field).toBe('tenant');
    });

    it('company-admin sees and manages its own company only', async () => {
      const list = await call('GET', '/api/users', aAdminS);
      expect(list.statusCode).toBe(200);
      expect(list.json().users.map((u: { login: string }) => u.login)).toEqual(['alpha-boss']);
      expect(list.body).not.toContain('beta');
      const other = await call('GET', '/api/users?tenant=beta', aAdminS);
      expect(other.statusCode).toBe(404);
      expect(other.body).not.toContain('Beta');

      const created = await call('POST', '/api/users', aAdminS, {
        login: 'alpha-clerk',
        name: 'Clerk',
        role: 'company-viewer',
      });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().user.tenant).toBe('alpha');
      const staff = await call('POST', '/api/users', aAdminS, {
        login: 'sneaky',
        name: 'S',
        role: 'analyst',
      });
      expect(staff.statusCode).toBe(403);
      const elsewhere = await call('POST', '/api/users', aAdminS, {
        login: 'sneaky',
        name: 'S',
        role: 'company-viewer',
        tenant: 'beta',
      });
      expect(elsewhere.statusCode).toBe(404);
      expect(elsewhere.body).not.toContain('Beta');

      // users of another company and staff are "not found", with nothing of them in the answer
      for (const id of [bViewer.id, analyst.id]) {
        for (const [method, url, payload] of [
          ['PATCH', `/api/users/${id}`, { name: 'Hijacked' }],
          ['POST', `/api/users/${id}/reset-password`, {}],
        ] as const) {
          const r = await call(method, url, aAdminS, payload);
          expect(r.statusCode, url).toBe(404);
          expect(r.body).not.toContain('beta');
          expect(r.body).not.toContain('Beta Person');
          expect(r.body).not.toContain('soc');
        }
      }
      const clerkId = created.json().user.id;
      const promoted = await call('PATCH', `/api/users/${clerkId}`, aAdminS, {
        role: 'company-admin',
        email: 'c@alpha.example',
      });
      expect(promoted.statusCode, promoted.body).toBe(200);
      expect(promoted.json().user).toMatchObject({ role: 'company-admin', email: 'c@alpha.example' });
      const toStaff = await call('PATCH', `/api/users/${clerkId}`, aAdminS, { role: 'operator-admin' });
      expect(toStaff.statusCode).toBe(403);
    });

    it('nobody removes the last admin of a company or of the service', async () => {
      const self = await call('PATCH', `/api/users/${aAdmin.id}`, aAdminS, { role: 'company-viewer' });
      expect(self.statusCode).toBe(409);
      expect(self.json().error.code).toBe('last-admin');
      expect((await call('PATCH', `/api/users/${aAdmin.id}`, aAdminS, { disabled: true })).statusCode).toBe(
        409,
      );
      await createUser(t.db, { login: 'alpha-boss2', role: 'company-admin', tenant: 'alpha' });
      const ok = await call('PATCH', `/api/users/${aAdmin.id}`, aAdminS, { role: 'company-viewer' });
      expect(ok.statusCode, ok.body).toBe(200);

      const root = await t.db
        .selectFrom('users')
        .select('id')
        .where('login', '=', 'root')
        .executeTakeFirstOrThrow();
      const r = await call('PATCH', `/api/users/${root.id}`, opAdmin, { disabled: true });
      expect(r.statusCode).toBe(409);
      expect((await call('PATCH', `/api/users/${root.id}`, opAdmin, { role: 'analyst' })).statusCode).toBe(
        409,
      );
    });

    it('disabling ends the sessions; reset-password unlocks, ends sessions and forces a change', async () => {
      const viewerS = await login(t.app, bViewer.login, bViewer.password);
      const dis = await call('PATCH', `/api/users/${bViewer.id}`, opAdmin, { disabled: true });
      expect(dis.statusCode).toBe(200);
      expect(dis.json().user.disabled).toBe(true);
      expect((await call('GET', '/api/auth/me', viewerS)).statusCode).toBe(401);
      await call('PATCH', `/api/users/${bViewer.id}`, opAdmin, { disabled: false });

      const s2 = await login(t.app, bViewer.login, bViewer.password);
      await t.db
        .updateTable('users')
        .set({ locked_until: t.clock.now + 60_000 })
        .where('id', '=', bViewer.id)
        .execute();
      const listed = await call('GET', '/api/users?tenant=beta', opAdmin);
      expect(listed.json().users[0].locked).toBe(true);
      const reset = await call('POST', `/api/users/${bViewer.id}/reset-password`, opAdmin, {});
      expect(reset.statusCode).toBe(200);
      const { temporaryPassword } = reset.json();
      expect((await call('GET', '/api/auth/me', s2)).statusCode).toBe(401);
      const s3 = await login(t.app, bViewer.login, temporaryPassword);
      expect(s3.user).toMatchObject({ mustChangePassword: true, locked: false });
      const actions = (await t.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
      expect(actions).toEqual(expect.arrayContaining(['user.update', 'user.password.reset']));
    });

    it('operator-admin assigns companies to an engineer, who then reads only those', async () => {
      const eng = await createUser(t.db, { login: 'field', role: 'engineer' });
      const r = await call('PUT', `/api/users/${eng.id}/companies`, opAdmin, { tenants: ['alpha'] });
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json().user.assigned).toEqual(['alpha']);
      const s = await login(t.app, eng.login, eng.password);
      expect((await call('GET', '/api/companies/alpha', s)).statusCode).toBe(200);
      const beta = await call('GET', '/api/companies/beta', s);
      expect(beta.statusCode).toBe(404);
      expect(beta.body).not.toContain('Beta');
      const list = await call('GET', '/api/companies', s);
      expect(list.json().companies.map((c: { id: string }) => c.id)).toEqual(['alpha']);
      // a new role without assignments drops them
      const patched = await call('PATCH', `/api/users/${eng.id}`, opAdmin, { role: 'analyst' });
      expect(patched.json().user.assigned).toEqual([]);
      expect((await call('PUT', '/api/users/nobody/companies', opAdmin, { tenants: [] })).statusCode).toBe(
        404,
      );
    });

    it('the operator token manages users like operator-admin', async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: tokenHeaders,
        payload: { login: 'scripted', name: 'Scripted', role: 'expert' },
      });
      expect(r.statusCode).toBe(201);
      const audit = await t.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.create')
        .execute();
      expect(audit[0].actor_login).toBe('api-token');
    });
  });
}
