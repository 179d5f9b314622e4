/**
 * GET /api/programme/report.pdf and .csv: provider staff only (any operator role: the
 * report names no company), 401 anonymous, 403 company users, 400 naming the field,
 * an attachment named after the period on the Tokyo calendar, and an audit entry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENTS, NOW, SECRETS, seedProgramme } from '../../src/reports/programme/fixture.test-helper.js';
import {
  openTestApp,
  STATE_BACKENDS,
  type TestApp,
  type TestSession,
  tokenHeaders,
  userSession,
} from '../helpers/accounts.js';
import { HAS_POPPLER, pdfText } from '../helpers/poppler.js';

const PDF = '/api/programme/report.pdf';
const CSV = '/api/programme/report.csv';
const PERIOD = 'from=2025-12-01&to=2026-02-01';

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`programme report API on ${backend.name}`, () => {
    let t: TestApp;
    const s: Record<string, TestSession> = {};

    beforeAll(async () => {
      t = await openTestApp({ events: EVENTS, now: NOW, backend: backend.name });
      await seedProgramme(t);
      for (const [login, role, extra] of [
        ['lead', 'operator-admin', {}],
        ['ana', 'analyst', {}],
        ['eng', 'engineer', { assigned: ['co-sakura'] }],
        ['boss', 'company-admin', { tenant: 'co-sakura' }],
        ['staff', 'company-viewer', { tenant: 'co-momiji' }],
      ] as const)
        s[login] = (await userSession(t, { login, role, ...extra })).session;
    });
    afterAll(async () => {
      await t?.close();
    });

    const get = (url: string, headers?: Record<string, string>) =>
      t.app.inject({ method: 'GET', url, headers });

    it('401 without a login', async () => {
      for (const url of [PDF, CSV]) {
        const r = await get(`${url}?${PERIOD}`);
        expect(r.statusCode).toBe(401);
        expect(r.json().error.code).toBe('unauthorized');
      }
    });

    it('403 for company users, whatever they ask', async () => {
      for (const who of ['boss', 'staff'])
        for (const url of [PDF, CSV]) {
          const r = await get(`${url}?${PERIOD}`, s[who].headers);
          expect(r.statusCode).toBe(403);
          expect(r.json().error.code).toBe('forbidden');
          // a forbidden answer tells nothing about the programme
          for (const x of SECRETS) expect(r.body).not.toContain(x);
        }
      // even with a bad query: the role is checked first
      expect((await get(`${PDF}?from=nonsense`, s.boss.headers)).statusCode).toBe(403);
    });

    it('400 naming the wrong field', async () => {
      const cases: [string, string][] = [
        ['from=2026-13-45', 'from'],
        ['from=yesterday', 'from'],
        ['to=2026/01/31', 'to'],
        ['from=2026-02-01&to=2026-01-01', 'to'],
        ['from=2020-01-01&to=2026-01-01', 'to'],
        ['lang=fr', 'lang'],
        ['tenant=co-sakura', 'tenant'],
      ];
      for (const [q, field] of cases)
        for (const url of [PDF, CSV]) {
          const r = await get(`${url}?${q}`, s.ana.headers);
          expect([q, r.statusCode]).toEqual([q, 400]);
          expect(r.json().error).toMatchObject({ code: 'invalid-input', field });
        }
    });

    it('gives operators the PDF as an attachment named after the period', async () => {
      for (const headers of [s.lead.headers, s.ana.headers, s.eng.headers, tokenHeaders]) {
        const r = await get(`${PDF}?${PERIOD}`, headers);
        expect(r.statusCode).toBe(200);
        expect(r.headers['content-type']).toBe('application/pdf');
        expect(r.headers['content-disposition']).toBe(
          'attachment; filename="programme-report-20251201-20260131.pdf"',
        );
        expect(r.headers['cache-control']).toBe('no-store');
        expect(Number(r.headers['x-report-pages'])).toBeGreaterThanOrEqual(6);
        expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      }
    });

    it.skipIf(!HAS_POPPLER)(
      'the PDF holds the period and the figures in the asked language, no company',
      async () => {
        const ja = pdfText((await get(`${PDF}?${PERIOD}`, s.ana.headers)).rawPayload);
        expect(ja.replace(/\s+/g, '')).toContain('調査期間：2025/12/1～2026/1/31');
        for (const x of SECRETS) expect(ja).not.toContain(x);
        const en = pdfText((await get(`${PDF}?${PERIOD}&lang=en`, s.ana.headers)).rawPayload);
        expect(en).toContain('Programme-wide results report');
      },
    );

    it('gives operators the CSV with a BOM, in the asked language', async () => {
      const r = await get(`${CSV}?${PERIOD}`, s.ana.headers);
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(r.headers['content-disposition']).toBe(
        'attachment; filename="programme-report-20251201-20260131.csv"',
      );
      expect(r.body.startsWith('\uFEFF区分,コード,項目')).toBe(true);
      expect(r.body).toMatch(/monitoring\.spam,迷惑メール（スパム）,発生件数（合計）,7,件,3,4,3,3,0\.75/);
      for (const x of SECRETS) expect(r.body).not.toContain(x);
      const en = await get(`${CSV}?${PERIOD}&lang=en`, s.ana.headers);
      expect(en.body.startsWith('\uFEFFsection,code,item')).toBe(true);
    });

    it('defaults to the current Tokyo month', async () => {
      const r = await get(CSV, s.ana.headers);
      expect(r.statusCode).toBe(200);
      // NOW is 10 February 2026 in Tokyo
      expect(r.headers['content-disposition']).toContain('programme-report-20260201-20260228.csv');
    });

    it('audits each download with its period and format', async () => {
      await get(`${CSV}?${PERIOD}&lang=en`, s.lead.headers);
      const rows = await t.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'programme.report.export')
        .execute();
      expect(rows.length).toBeGreaterThan(0);
      const last = rows.map((r) => JSON.parse(String(r.detail))).at(-1);
      expect(last).toEqual({
        from: '2025-11-30T15:00:00.000Z',
        to: '2026-01-31T15:00:00.000Z',
        lang: 'en',
        format: 'csv',
      });
    });
  });
}
