/** First start: the bootstrap operator-admin, generated or from OTASUKE_ADMIN_PASSWORD. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapAdminLine, ensureBootstrapAdmin } from '../../src/accounts/bootstrap.js';
import { createCompany, createUser, login, openTestApp, type TestApp } from '../helpers/accounts.js';

describe('ensureBootstrapAdmin', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await openTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('creates admin with a one-time password once, which must be changed at first login', async () => {
    const b = await ensureBootstrapAdmin(t.db);
    expect(b).toEqual({ login: 'admin', password: expect.stringMatching(/^\S{16}$/), generated: true });
    if (!b) throw new Error('no admin');
    expect(bootstrapAdminLine(b)).toBe(
      `operator login: admin / ${b.password} (one-time: you must change it at first login)`,
    );
    expect(await ensureBootstrapAdmin(t.db)).toBeNull();
    const s = await login(t.app, 'admin', b.password);
    expect(s.user).toMatchObject({ role: 'operator-admin', name: 'Administrator', mustChangePassword: true });
    expect((await t.app.inject({ url: '/api/users', headers: s.headers })).json().error.code).toBe(
      'password-change-required',
    );
  });

  it('takes the password from the environment without forcing a change', async () => {
    const b = await ensureBootstrapAdmin(t.db, { password: 'a long admin password' });
    expect(b).toEqual({ login: 'admin', password: 'a long admin password', generated: false });
    if (!b) throw new Error('no admin');
    expect(bootstrapAdminLine(b)).toBe('operator login: admin (password from OTASUKE_ADMIN_PASSWORD)');
    const s = await login(t.app, 'admin', 'a long admin password');
    expect(s.user.mustChangePassword).toBe(false);
    expect((await t.app.inject({ url: '/api/users', headers: s.headers })).statusCode).toBe(200);
  });

  it('users seeded first (the demo: company users, desk staff) do not count: there is still an admin', async () => {
    await createCompany(t.db, { id: 'sakura', name: 'Sakura' });
    await createUser(t.db, { login: 'sakura-admin', role: 'company-admin', tenant: 'sakura' });
    await createUser(t.db, { login: 'demo-engineer', role: 'engineer' });
    expect((await ensureBootstrapAdmin(t.db))?.login).toBe('admin');
    await createUser(t.db, { login: 'second-op', role: 'analyst' });
    expect(await ensureBootstrapAdmin(t.db)).toBeNull();
  });

  it('refuses a too short environment password', async () => {
    await expect(ensureBootstrapAdmin(t.db, { password: 'short' })).rejects.toThrow(/12/);
  });
});
