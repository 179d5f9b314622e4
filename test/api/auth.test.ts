/** /api/auth: login (limits, lock-out, TOTP), sessions (cookie, expiry, CSRF), password change and gates. */
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_IDLE_MS } from '../../src/accounts/sessions.js';
import {
  createCompany,
  createUser,
  login,
  openTestApp,
  STATE_BACKENDS,
  TEST_PASSWORD,
  type TestApp,
  tokenHeaders,
  totpCode,
} from '../helpers/accounts.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

function post(
  app: FastifyInstance,
  url: string,
  payload: unknown,
  headers: Record<string, string> = {},
  ip?: string,
) {
  return app.inject({
    method: 'POST',
    url,
    payload: payload as object,
    headers,
    ...(ip ? { remoteAddress: ip } : {}),
  });
}

function tryLogin(
  app: FastifyInstance,
  loginName: string,
  password: string,
  ip = '192.0.2.50',
  totp?: string,
) {
  return post(app, '/api/auth/login', { login: loginName, password, ...(totp ? { totp } : {}) }, {}, ip);
}

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`/api/auth on ${backend.name}`, () => {
    let t: TestApp;

    beforeEach(async () => {
      t = await openTestApp({ backend: backend.name });
      await createCompany(t.db, { id: 'acme', name: 'Acme Kogyo' });
    });
    afterEach(async () => {
      await t.close();
    });

    it.each<[Method, string]>([
      ['POST', '/api/auth/logout'],
      ['GET', '/api/auth/me'],
      ['POST', '/api/auth/password'],
      ['POST', '/api/auth/totp/setup'],
      ['POST', '/api/auth/totp/enable'],
      ['POST', '/api/auth/totp/disable'],
    ])('%s %s answers 401 when anonymous', async (method, url) => {
      const r = await t.app.inject({ method, url, ...(method === 'GET' ? {} : { payload: {} }) });
      expect(r.statusCode).toBe(401);
      expect(r.json().error.code).toBe('unauthorized');
    });

    it('login answers the user and a CSRF token and sets a hardened session cookie', async () => {
      const u = await createUser(t.db, { login: 'Boss', role: 'company-admin', tenant: 'acme' });
      const r = await tryLogin(t.app, 'BOSS', u.password);
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json();
      expect(body.csrfToken).toMatch(/^[\w-]{43}$/);
      expect(body.user).toEqual({
        id: u.id,
        login: 'boss',
        name: 'Boss',
        email: null,
        role: 'company-admin',
        tenant: 'acme',
        tenantName: 'Acme Kogyo',
        mustChangePassword: false,
        totpEnabled: false,
        disabled: false,
        locked: false,
        lastLoginAt: expect.any(String),
        assigned: [],
      });
      const setCookie = String(r.headers['set-cookie']);
      expect(setCookie).toMatch(/^otasuke_session=[\w-]{43};/);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Lax');
      expect(setCookie).toContain('Path=/');
      expect(setCookie).not.toContain('Secure');
      // only the hash of the cookie is stored
      const value = /^otasuke_session=([\w-]+)/.exec(setCookie)?.[1] ?? '';
      const rows = await t.db.selectFrom('sessions').select('id_hash').execute();
      expect(rows).toHaveLength(1);
      expect(rows[0].id_hash).not.toContain(value);

      const me = await t.app.inject({ url: '/api/auth/me', headers: { cookie: `otasuke_session=${value}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toEqual({ user: body.user, csrfToken: body.csrfToken });
      const audit = await t.db.selectFrom('audit_log').select(['action', 'actor_id']).execute();
      expect(audit).toContainEqual({ action: 'auth.login', actor_id: u.id });
    });

    it('marks the cookie Secure when configured so', async () => {
      const s = await openTestApp({ backend: backend.name, deps: { secureCookies: true } });
      try {
        const u = await createUser(s.db, { login: 'op', role: 'analyst' });
        const r = await tryLogin(s.app, 'op', u.password);
        expect(String(r.headers['set-cookie'])).toContain('Secure');
      } finally {
        await s.close();
      }
    });

    it('behind a trusted proxy: Secure cookie over its HTTPS, and limits per real client', async () => {
      const s = await openTestApp({ backend: backend.name, deps: { trustProxy: 1 } });
      try {
        const u = await createUser(s.db, { login: 'op', role: 'analyst' });
        const viaProxy = (password: string, client: string, proto = 'https') =>
          s.app.inject({
            method: 'POST',
            url: '/api/auth/login',
            remoteAddress: '10.0.0.2',
            headers: {
              'content-type': 'application/json',
              'x-forwarded-for': client,
              'x-forwarded-proto': proto,
            },
            payload: { login: 'op', password },
          });
        const ok = await viaProxy(u.password, '198.51.100.7');
        expect(ok.statusCode).toBe(200);
        expect(String(ok.headers['set-cookie'])).toContain('Secure');
        expect(
          String((await viaProxy(u.password, '198.51.100.7', 'http')).headers['set-cookie']),
        ).not.toContain('Secure');
        // failures are counted against the client's own address (and the account)
        let last = 0;
        for (let i = 0; i < 12; i++) last = (await viaProxy('wrong-password-1', '198.51.100.8')).statusCode;
        expect([423, 429]).toContain(last);
        const audit = await s.db
          .selectFrom('audit_log')
          .select(['ip'])
          .where('action', '=', 'auth.login')
          .execute();
        expect(audit.map((a) => a.ip)).toContain('198.51.100.7');
      } finally {
        await s.close();
      }
    });

    it('GET /api/auth/me with the operator token describes the token', async () => {
      const r = await t.app.inject({ url: '/api/auth/me', headers: tokenHeaders });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({
        user: { login: 'api-token', role: 'operator-admin' },
        csrfToken: null,
      });
    });

    it('login refuses non-JSON bodies (cross-site forms) and names wrong fields', async () => {
      const form = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'login=a&password=b',
      });
      expect(form.statusCode).toBe(415);
      const text = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'content-type': 'text/plain' },
        payload: '{"login":"a","password":"b"}',
      });
      expect(text.statusCode).toBe(415);
      for (const [payload, field] of [
        [{ password: 'x' }, 'login'],
        [{ login: 'x' }, 'password'],
        [{ login: 'x', password: 'y', totp: '12ab56' }, 'totp'],
        [{ login: 'x', password: 'y', remember: true }, 'remember'],
        [{ login: 'x'.repeat(200), password: 'y' }, 'login'],
      ] as const) {
        const r = await post(t.app, '/api/auth/login', payload);
        expect(r.statusCode, JSON.stringify(payload)).toBe(400);
        expect(r.json().error).toMatchObject({ code: 'invalid-input', field });
      }
    });

    it('answers an unknown login and a wrong password alike', async () => {
      await createUser(t.db, { login: 'real', role: 'analyst' });
      const wrong = await tryLogin(t.app, 'real', 'not the password');
      const unknown = await tryLogin(t.app, 'ghost', 'not the password');
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json()).toEqual(unknown.json());
      expect(wrong.json().error.code).toBe('invalid-credentials');
      const disabled = await createUser(t.db, { login: 'gone', role: 'analyst', disabled: true });
      const d = await tryLogin(t.app, 'gone', disabled.password);
      expect(d.json()).toEqual(unknown.json());
      const failed = await t.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'auth.login.failed')
        .execute();
      expect(failed).toHaveLength(3);
      expect(failed.map((f) => f.detail).join()).not.toContain('not the password');
    });

    it('locks an account after 5 failures for 15 minutes, unknown logins alike', async () => {
      const u = await createUser(t.db, { login: 'victim', role: 'company-viewer', tenant: 'acme' });
      for (const name of ['victim', 'nobody']) {
        for (let i = 1; i <= 4; i++)
          expect((await tryLogin(t.app, name, 'wrong password')).statusCode).toBe(401);
        const fifth = await tryLogin(t.app, name, 'wrong password', '192.0.2.51');
        expect(fifth.statusCode).toBe(423);
        expect(fifth.json().error.code).toBe('account-locked');
        expect(Number(fifth.headers['retry-after'])).toBe(900);
      }
      // the right password does not help while locked
      const locked = await tryLogin(t.app, 'victim', u.password, '192.0.2.52');
      expect(locked.statusCode).toBe(423);
      const row = await t.db
        .selectFrom('users')
        .select('locked_until')
        .where('id', '=', u.id)
        .executeTakeFirst();
      expect(row?.locked_until).toBe(t.clock.now + 15 * 60_000);
      t.clock.now += 15 * 60_000 + 1;
      const ok = await tryLogin(t.app, 'victim', u.password, '192.0.2.53');
      expect(ok.statusCode, ok.body).toBe(200);
    });

    it('rate-limits failed attempts per address (sliding 5 minutes) with Retry-After', async () => {
      for (let i = 0; i < 10; i++) {
        const r = await tryLogin(t.app, `nobody${i}`, 'wrong password', '198.51.100.7');
        expect(r.statusCode).toBe(401);
      }
      const limited = await tryLogin(t.app, 'someone', 'wrong password', '198.51.100.7');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('rate-limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // another address is not affected; the window slides
      expect((await tryLogin(t.app, 'someone', 'wrong password', '198.51.100.8')).statusCode).toBe(401);
      t.clock.now += 5 * 60_000 + 1;
      expect((await tryLogin(t.app, 'someone', 'wrong password', '198.51.100.7')).statusCode).toBe(401);
    });

    it('rate-limits attempts per login across addresses; successful logins do not count', async () => {
      const u = await createUser(t.db, { login: 'busy', role: 'analyst' });
      for (let i = 0; i < 12; i++) await login(t.app, 'busy', u.password);
      for (let i = 0; i < 10; i++) await tryLogin(t.app, 'target', 'wrong password', `203.0.113.${i + 1}`);
      const r = await tryLogin(t.app, 'target', 'wrong password', '203.0.113.99');
      expect(r.statusCode).toBe(429);
    });

    it('TOTP: setup, enable, then login needs the code; wrong and replayed codes are refused', async () => {
      const u = await createUser(t.db, { login: 'agent1', role: 'agent' });
      const s = await login(t.app, 'agent1', u.password);
      const setup = await post(t.app, '/api/auth/totp/setup', {}, s.unsafe);
      expect(setup.statusCode, setup.body).toBe(200);
      const { secret, otpauthUrl } = setup.json();
      expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Otasuke:agent1\?/);
      expect(otpauthUrl).toContain(`secret=${secret}`);
      // stored encrypted: the database alone does not give the second factor away
      const row = await t.db
        .selectFrom('users')
        .select('totp_secret')
        .where('id', '=', u.id)
        .executeTakeFirstOrThrow();
      expect(row.totp_secret).toMatch(/^v1:/);
      expect(row.totp_secret).not.toContain(secret);
      // not active before a code proves the app has the secret
      expect((await tryLogin(t.app, 'agent1', u.password)).statusCode).toBe(200);
      const bad = await post(t.app, '/api/auth/totp/enable', { code: '000000' }, s.unsafe);
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.field).toBe('code');
      const fmt = await post(t.app, '/api/auth/totp/enable', { code: '12345' }, s.unsafe);
      expect(fmt.json().error.field).toBe('code');
      const en = await post(
        t.app,
        '/api/auth/totp/enable',
        { code: totpCode(secret, t.clock.now) },
        s.unsafe,
      );
      expect(en.statusCode, en.body).toBe(200);
      expect((await post(t.app, '/api/auth/totp/setup', {}, s.unsafe)).statusCode).toBe(409);

      const need = await tryLogin(t.app, 'agent1', u.password);
      expect(need.statusCode).toBe(401);
      expect(need.json().error.code).toBe('totp-required');
      const wrong = await tryLogin(t.app, 'agent1', u.password, '192.0.2.60', '123456');
      expect(wrong.json().error.code).toBe('totp-invalid');
      // the code used to enable cannot be used again
      const replay = await tryLogin(t.app, 'agent1', u.password, '192.0.2.60', totpCode(secret, t.clock.now));
      expect(replay.json().error.code).toBe('totp-invalid');
      t.clock.now += 30_000;
      const code = totpCode(secret, t.clock.now);
      const ok = await tryLogin(t.app, 'agent1', u.password, '192.0.2.60', code);
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().user.totpEnabled).toBe(true);
      const again = await tryLogin(t.app, 'agent1', u.password, '192.0.2.60', code);
      expect(again.json().error.code).toBe('totp-invalid');

      const dis400 = await post(t.app, '/api/auth/totp/disable', {}, s.unsafe);
      expect(dis400.json().error.field).toBe('password');
      const disWrong = await post(t.app, '/api/auth/totp/disable', { password: 'nope' }, s.unsafe);
      expect(disWrong.statusCode).toBe(403);
      expect(disWrong.json().error.code).toBe('wrong-password');
      const dis = await post(t.app, '/api/auth/totp/disable', { password: u.password }, s.unsafe);
      expect(dis.statusCode).toBe(200);
      expect((await tryLogin(t.app, 'agent1', u.password)).statusCode).toBe(200);
    });

    it('a TOTP user created with a secret logs in with the current code', async () => {
      const u = await createUser(t.db, { login: 'eng', role: 'engineer', totp: true });
      const s = await login(t.app, 'eng', u.password, { totp: totpCode(u.totpSecret ?? '', t.clock.now) });
      expect(s.user.totpEnabled).toBe(true);
    });

    it('session requests need the CSRF token for unsafe methods; the operator token does not', async () => {
      const u = await createUser(t.db, { login: 'opadmin', role: 'operator-admin' });
      const s = await login(t.app, 'opadmin', u.password);
      const payload = { id: 'newco', name: 'New Co' };
      const none = await post(t.app, '/api/companies', payload, s.headers);
      expect(none.statusCode).toBe(403);
      expect(none.json().error.code).toBe('csrf-failed');
      const wrong = await post(t.app, '/api/companies', payload, {
        ...s.headers,
        'x-csrf-token': 'x'.repeat(43),
      });
      expect(wrong.json().error.code).toBe('csrf-failed');
      expect(
        await t.db.selectFrom('companies').select('id').where('id', '=', 'newco').executeTakeFirst(),
      ).toBe(undefined);
      const ok = await post(t.app, '/api/companies', payload, s.unsafe);
      expect(ok.statusCode, ok.body).toBe(201);
      const token = await post(t.app, '/api/companies', { id: 'other', name: 'Other' }, tokenHeaders);
      expect(token.statusCode).toBe(201);
      // GET needs no token
      expect((await t.app.inject({ url: '/api/companies', headers: s.headers })).statusCode).toBe(200);
    });

    it('logout ends the session and clears the cookie', async () => {
      const u = await createUser(t.db, { login: 'viewer', role: 'company-viewer', tenant: 'acme' });
      const s = await login(t.app, 'viewer', u.password);
      const out = await post(t.app, '/api/auth/logout', {}, s.unsafe);
      expect(out.statusCode).toBe(200);
      expect(out.json()).toEqual({ ok: true });
      expect(String(out.headers['set-cookie'])).toMatch(/otasuke_session=;.*Expires=Thu, 01 Jan 1970/);
      expect((await t.app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
      expect(await t.db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
      const token = await post(t.app, '/api/auth/logout', {}, tokenHeaders);
      expect(token.statusCode).toBe(403);
    });

    it('a must-change password gates everything but me, password and logout', async () => {
      const u = await createUser(t.db, {
        login: 'fresh',
        role: 'company-admin',
        tenant: 'acme',
        mustChangePassword: true,
      });
      const s = await login(t.app, 'fresh', u.password);
      expect(s.user.mustChangePassword).toBe(true);
      const other = await login(t.app, 'fresh', u.password);
      for (const url of ['/api/companies', '/api/users', '/api/stats?tenant=acme', '/metrics']) {
        const r = await t.app.inject({ url, headers: s.headers });
        expect(r.statusCode, url).toBe(403);
        expect(r.json().error.code, url).toBe('password-change-required');
      }
      expect((await t.app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(200);

      for (const [payload, field] of [
        [{ current: u.password }, 'next'],
        [{ next: 'long enough password' }, 'current'],
        [{ current: u.password, next: 'short' }, 'next'],
        [{ current: u.password, next: 'x'.repeat(257) }, 'next'],
        [{ current: u.password, next: 'FRESH' + ' '.repeat(8) }, 'next'],
        [{ current: u.password, next: u.password }, 'next'],
        [{ current: u.password, next: 'long enough password', extra: 1 }, 'extra'],
      ] as const) {
        const r = await post(t.app, '/api/auth/password', payload, s.unsafe);
        expect(r.statusCode, JSON.stringify(payload)).toBe(400);
        expect(r.json().error.field).toBe(field);
      }
      const wrong = await post(
        t.app,
        '/api/auth/password',
        { current: 'nope', next: 'a new long password' },
        s.unsafe,
      );
      expect(wrong.statusCode).toBe(403);
      expect(wrong.json().error.code).toBe('wrong-password');
      const ok = await post(
        t.app,
        '/api/auth/password',
        { current: u.password, next: 'a new long password' },
        s.unsafe,
      );
      expect(ok.statusCode, ok.body).toBe(200);
      expect((await t.app.inject({ url: '/api/companies', headers: s.headers })).statusCode).toBe(200);
      // the other session of the user ended; the old password is gone
      expect((await t.app.inject({ url: '/api/auth/me', headers: other.headers })).statusCode).toBe(401);
      expect((await tryLogin(t.app, 'fresh', u.password)).statusCode).toBe(401);
      expect((await tryLogin(t.app, 'fresh', 'a new long password')).statusCode).toBe(200);
      const actions = (await t.db.selectFrom('audit_log').select('action').execute()).map((r) => r.action);
      expect(actions).toContain('auth.password.change');
    });

    it('the TOTP policy gates operators without a second factor, not company users', async () => {
      const put = await t.app.inject({
        method: 'PUT',
        url: '/api/settings',
        headers: tokenHeaders,
        payload: { require_operator_totp: true },
      });
      expect(put.statusCode, put.body).toBe(200);
      const a = await createUser(t.db, { login: 'analyst', role: 'analyst' });
      const c = await createUser(t.db, { login: 'owner', role: 'company-admin', tenant: 'acme' });
      const sa = await login(t.app, 'analyst', a.password);
      const sc = await login(t.app, 'owner', c.password);
      const gated = await t.app.inject({ url: '/api/companies', headers: sa.headers });
      expect(gated.statusCode).toBe(403);
      expect(gated.json().error.code).toBe('totp-setup-required');
      expect((await t.app.inject({ url: '/api/companies', headers: sc.headers })).statusCode).toBe(200);
      expect((await t.app.inject({ url: '/api/auth/me', headers: sa.headers })).statusCode).toBe(200);
      const setup = await post(t.app, '/api/auth/totp/setup', {}, sa.unsafe);
      expect(setup.statusCode).toBe(200);
      const en = await post(
        t.app,
        '/api/auth/totp/enable',
        { code: totpCode(setup.json().secret, t.clock.now) },
        sa.unsafe,
      );
      expect(en.statusCode).toBe(200);
      expect((await t.app.inject({ url: '/api/companies', headers: sa.headers })).statusCode).toBe(200);
      const dis = await post(t.app, '/api/auth/totp/disable', { password: a.password }, sa.unsafe);
      expect(dis.statusCode).toBe(403);
      expect(dis.json().error.code).toBe('totp-required-by-policy');
    });

    it('sessions end after 8 idle hours and after 7 days however active; last_seen is written once a minute', async () => {
      const u = await createUser(t.db, { login: 'clock', role: 'analyst' });
      const s = await login(t.app, 'clock', u.password);
      const me = () => t.app.inject({ url: '/api/auth/me', headers: s.headers });
      const seen = async () =>
        (await t.db.selectFrom('sessions').select('last_seen_at').executeTakeFirstOrThrow()).last_seen_at;
      const start = t.clock.now;
      t.clock.now += 30_000;
      expect((await me()).statusCode).toBe(200);
      expect(await seen()).toBe(start);
      t.clock.now += 31_000;
      expect((await me()).statusCode).toBe(200);
      expect(await seen()).toBe(t.clock.now);
      // active every 7 hours (never idle for 8), until the 7 days are up
      while (t.clock.now + 7 * 3_600_000 - start < 7 * 24 * 3_600_000) {
        t.clock.now += 7 * 3_600_000;
        expect((await me()).statusCode).toBe(200);
      }
      t.clock.now += 7 * 3_600_000;
      expect((await me()).statusCode).toBe(401);

      const s2 = await login(t.app, 'clock', u.password);
      t.clock.now += SESSION_IDLE_MS;
      expect((await t.app.inject({ url: '/api/auth/me', headers: s2.headers })).statusCode).toBe(401);
    });

    it("a disabled user's sessions stop working at once", async () => {
      const u = await createUser(t.db, { login: 'leaver', role: 'company-viewer', tenant: 'acme' });
      const s = await login(t.app, 'leaver', u.password);
      await t.db.updateTable('users').set({ disabled: 1 }).where('id', '=', u.id).execute();
      expect((await t.app.inject({ url: '/api/auth/me', headers: s.headers })).statusCode).toBe(401);
    });

    it('a bearer header means a script: the cookie is ignored; proxy Basic credentials are not', async () => {
      const u = await createUser(t.db, { login: 'mixed', role: 'analyst' });
      const s = await login(t.app, 'mixed', u.password);
      const bearer = await t.app.inject({
        url: '/api/auth/me',
        headers: { ...s.headers, authorization: 'Bearer otk_some_device_token' },
      });
      expect(bearer.statusCode).toBe(401);
      const basic = await t.app.inject({
        url: '/api/auth/me',
        headers: { ...s.headers, authorization: 'Basic cHJveHk6cGFzcw==' },
      });
      expect(basic.statusCode).toBe(200);
    });

    it('garbage cookies are anonymous', async () => {
      for (const cookie of ['otasuke_session=abc', 'otasuke_session=' + 'A'.repeat(43), 'otasuke_session=']) {
        expect((await t.app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
      }
      expect(TEST_PASSWORD.length).toBeGreaterThanOrEqual(12);
    });
  });
}
