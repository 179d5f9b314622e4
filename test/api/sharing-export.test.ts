/**
 * GET /api/programme/export: the anonymised export as a download, for operator-admins
 * only; 401, 403 for every other role, 400 per rule naming the field; the file carries
 * no company's identity; the audit log records it; no temporary file stays behind.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { queryAudit } from '../../src/accounts/audit-repo.js';
import { deriveKeys, pseudonym } from '../../src/sharing/index.js';
import {
  createCompany,
  openTestApp,
  type TestApp,
  type TestSession,
  tokenHeaders,
  userSession,
} from '../helpers/accounts.js';
import { makeEvent } from '../helpers/events.js';

const TENANTS = ['alpha-kogyo', 'beta-shoji', 'gamma-denki', 'delta-unyu', 'epsilon-shokai'];
const NAMES = ['Alpha Secret Kogyo', 'Beta Shoji', 'Gamma Denki', 'Delta Unyu', 'Epsilon Shokai'];
const URL = '/api/programme/export?from=2026-01-15&to=2026-01-16';

describe('GET /api/programme/export', () => {
  let t: TestApp;
  let admin: TestSession;
  let analyst: TestSession;
  let companyAdmin: TestSession;
  let companyViewer: TestSession;

  beforeAll(async () => {
    t = await openTestApp({
      events: [
        ...TENANTS.map((tenant, i) =>
          makeEvent({
            ts: `2026-01-15T0${i}:00:00.000Z`,
            tenant,
            device: `${tenant}-fw`,
            category: 'spam',
            kind: 'mail',
            action: 'block',
            user: `${tenant}.user`,
          }),
        ),
        makeEvent({
          ts: '2026-01-15T06:00:00.000Z',
          tenant: 'alpha-kogyo',
          device: 'alpha-kogyo-fw',
          category: 'virus',
          threat: 'Alpha Secret Kogyo payroll.xlsx',
          domain: 'alpha-secret.example.co.jp',
          url: 'https://alpha-secret.example.co.jp/payroll',
          src_ip: '192.168.10.5',
          raw: 'alpha raw line',
        }),
      ],
    });
    for (const [i, id] of TENANTS.entries()) await createCompany(t.db, { id, name: NAMES[i] });
    admin = (await userSession(t, { login: 'boss', role: 'operator-admin' })).session;
    analyst = (await userSession(t, { login: 'soc', role: 'analyst' })).session;
    companyAdmin = (await userSession(t, { login: 'a-admin', role: 'company-admin', tenant: 'alpha-kogyo' }))
      .session;
    companyViewer = (await userSession(t, { login: 'a-view', role: 'company-viewer', tenant: 'alpha-kogyo' }))
      .session;
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  it('refuses anonymous callers (401) and every role but operator-admin (403), with no data', async () => {
    const anon = await get(URL);
    expect(anon.statusCode).toBe(401);
    for (const s of [companyAdmin, companyViewer, analyst]) {
      const r = await get(`${URL}&level=aggregate`, s.headers);
      expect(r.statusCode).toBe(403);
      expect(r.json()).toEqual({ error: { code: 'forbidden', message: 'your role may not do this' } });
    }
  });

  it('answers 400 naming the field', async () => {
    const field = async (q: string) => {
      const r = await get(`/api/programme/export?${q}`, tokenHeaders);
      expect(r.statusCode, q).toBe(400);
      return r.json().error.field;
    };
    expect(await field('level=everything')).toBe('level');
    expect(await field('format=xlsx')).toBe('format');
    expect(await field('k=1')).toBe('k');
    expect(await field('k=five')).toBe('k');
    expect(await field('bucket=week')).toBe('bucket');
    expect(await field('from=yesterday')).toBe('from');
    expect(await field('from=2026-02-01&to=2026-01-01')).toBe('to');
    expect(await field('tenant=alpha-kogyo')).toBe('tenant');
  });

  it('streams the anonymised events as a CSV attachment for an operator-admin, audited', async () => {
    const r = await get(URL, admin.headers);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe(
      'attachment; filename="otasuke-programme-events-20260115-20260115.csv"',
    );
    expect(r.headers['x-export-events']).toBe('6');
    expect(r.headers['x-export-companies']).toBe('5');
    const body = r.body;
    expect(body.startsWith('\uFEFFtime,company,device,')).toBe(true);
    expect(body.trimEnd().split('\r\n')).toHaveLength(7);
    for (const never of [
      ...TENANTS,
      ...NAMES,
      'alpha-secret',
      '192.168.10.5',
      'payroll',
      'alpha raw line',
      '.user',
    ])
      expect(body.toLowerCase(), never).not.toContain(never.toLowerCase());
    // the pseudonyms are the ones `otasuke export` gives with the data folder's secret
    const secret = readFileSync(join(t.dir, 'secrets', 'export.key'), 'utf8').trim();
    expect(body).toContain(pseudonym(deriveKeys(Buffer.from(secret)), 'company', 'alpha-kogyo'));
    const entries = await queryAudit(t.db, { action: 'programme.export', limit: 5 });
    expect(entries).toHaveLength(1);
    expect(JSON.parse(String(entries[0].detail))).toMatchObject({ level: 'events', events: 6, companies: 5 });
    // the temporary file goes once sent (its stream closes just after the response ends)
    const tmp = join(t.dir, 'tmp');
    await vi.waitFor(() => expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]));
  });

  it('sends aggregates as Parquet, withholding cells of fewer than k companies', async () => {
    const r = await get(`${URL}&level=aggregate&format=parquet&bucket=month&k=5`, tokenHeaders);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.apache.parquet');
    expect(r.rawPayload.subarray(0, 4).toString()).toBe('PAR1');
    expect(r.headers['x-export-events']).toBe('5');
    expect(r.headers['x-export-withheld-cells']).toBe('1');
    expect(r.headers['x-export-withheld-events']).toBe('1');
  });
  it('prepares one export at a time: a second request meanwhile is told to retry (429)', async () => {
    const [a, b] = await Promise.all([get(URL, tokenHeaders), get(URL, tokenHeaders)]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 429]);
    const refused = a.statusCode === 429 ? a : b;
    expect(refused.json().error.code).toBe('rate-limited');
    expect(refused.headers['retry-after']).toBe('30');
    expect((await get(URL, tokenHeaders)).statusCode).toBe(200);
  });
});
