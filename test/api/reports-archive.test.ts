/**
 * The report archive (docs/api.md "Reports"): asking for a report, watching it being
 * made, listing and downloading it, and who may do which — on SQLite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../src/devices/backends.test-helper.js';
import { insertReport } from '../../src/reports/archive/repo.js';
import {
  createCompany,
  createUser,
  login,
  openTestApp,
  type TestApp,
  type TestSession,
  tokenHeaders,
} from '../helpers/accounts.js';
import { makeEvent } from '../helpers/events.js';
import { HAS_POPPLER, pdfText } from '../helpers/poppler.js';

const A = 'alpha-kogyo';
const B = 'beta-shoji';
// 2026-11-15 12:00 JST: October 2026 is the last whole month
const NOW = Date.parse('2026-11-15T03:00:00Z');

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== null)(`report archive (${backend.name})`, () => {
    let t: TestApp;
    let aAdmin: TestSession;
    let aViewer: TestSession;
    let bAdmin: TestSession;
    let engineerElsewhere: TestSession;

    beforeAll(async () => {
      t = await openTestApp({
        backend: backend.name,
        reports: true,
        now: NOW,
        events: [
          makeEvent({
            ts: '2026-10-03T01:00:00Z',
            tenant: A,
            device: 'fw-a',
            category: 'recon',
            action: 'drop',
          }),
          makeEvent({
            ts: '2026-10-04T01:00:00Z',
            tenant: A,
            device: 'fw-a',
            category: 'virus',
            channel: 'mail-receive',
            action: 'block',
            threat: 'EICAR-Test-File',
          }),
          makeEvent({
            ts: '2026-10-05T01:00:00Z',
            tenant: B,
            device: 'fw-b',
            category: 'virus',
            threat: 'BetaWorm',
          }),
        ],
      });
      await createCompany(t.db, { id: A, name: 'アルファ工業株式会社' });
      await createCompany(t.db, { id: B, name: 'ベータ商事株式会社' });
      await t.registry.addDevice({ id: 'fw-a', tenant: A });
      await t.registry.addDevice({ id: 'fw-b', tenant: B });
      const ids = {
        aAdmin: await createUser(t.db, { login: 'a-admin', role: 'company-admin', tenant: A }),
        aViewer: await createUser(t.db, { login: 'a-view', role: 'company-viewer', tenant: A }),
        bAdmin: await createUser(t.db, { login: 'b-admin', role: 'company-admin', tenant: B }),
        eng: await createUser(t.db, { login: 'eng-b', role: 'engineer', assigned: [B] }),
      };
      aAdmin = await login(t.app, ids.aAdmin.login);
      aViewer = await login(t.app, ids.aViewer.login);
      bAdmin = await login(t.app, ids.bAdmin.login);
      engineerElsewhere = await login(t.app, ids.eng.login);
    });
    afterAll(async () => {
      await t?.close();
    });

    const call = (method: 'GET' | 'POST', url: string, s: TestSession | 'token' | null, payload?: object) =>
      t.app.inject({
        method,
        url,
        headers: s === 'token' ? tokenHeaders : s ? (method === 'POST' ? s.unsafe : s.headers) : {},
        ...(payload ? { payload } : {}),
      });

    let reportId = '';

    it("makes a company admin's report: queued, then ready with pages, listed and downloadable", async () => {
      const res = await call('POST', `/api/companies/${A}/reports`, aAdmin, {
        from: '2026-10-01',
        to: '2026-11-01',
        lang: 'ja',
      });
      expect(res.statusCode).toBe(202);
      const r = res.json().report;
      expect(r).toMatchObject({ kind: 'on-demand', lang: 'ja', scheduled: false, download: null });
      expect(r.from).toBe('2026-09-30T15:00:00.000Z');
      expect(r.to).toBe('2026-10-31T15:00:00.000Z');
      reportId = r.id;
      await t.reports?.settled();
      const one = (await call('GET', `/api/companies/${A}/reports/${r.id}`, aViewer)).json().report;
      expect(one.status).toBe('ready');
      expect(one.progress).toBe(100);
      expect(one.pages).toBeGreaterThan(3);
      expect(one.download).toBe(`/api/companies/${A}/reports/${r.id}/pdf`);
      const list = (await call('GET', `/api/companies/${A}/reports`, aViewer)).json();
      expect(list.reports.map((x: { id: string }) => x.id)).toEqual([r.id]);
      expect(list.canRequest).toBe(true);
      // the list never says where the file lies on the server
      expect(JSON.stringify(list)).not.toContain('.pdf"');

      const pdf = await call('GET', one.download, aViewer);
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.headers['content-disposition']).toBe(
        `attachment; filename="report-${A}-20261001-20261031-ja.pdf"`,
      );
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      if (HAS_POPPLER) {
        const text = pdfText(pdf.rawPayload);
        expect(text).toContain('アルファ工業株式会社');
        expect(text).not.toContain('ベータ商事');
        expect(text).not.toContain('BetaWorm');
      }
    });

    it('lets staff ask for a report of a company they may read', async () => {
      const res = await call('POST', `/api/companies/${A}/reports`, 'token', {
        from: '2026-10-01',
        to: '2026-10-15',
        lang: 'en',
      });
      expect(res.statusCode).toBe(202);
      await t.reports?.settled();
      const list = (await call('GET', `/api/companies/${A}/reports`, 'token')).json().reports;
      expect(list).toHaveLength(2);
      expect(list.every((r: { status: string }) => r.status === 'ready')).toBe(true);
    });

    it('refuses a viewer (403), another company (404) and anonymous callers (401)', async () => {
      const body = { from: '2026-10-01', to: '2026-11-01' };
      expect((await call('POST', `/api/companies/${A}/reports`, aViewer, body)).statusCode).toBe(403);
      expect((await call('POST', `/api/companies/${A}/reports`, bAdmin, body)).statusCode).toBe(404);
      expect((await call('POST', `/api/companies/${A}/reports`, engineerElsewhere, body)).statusCode).toBe(
        404,
      );
      expect((await call('POST', `/api/companies/${A}/reports`, null, body)).statusCode).toBe(401);
      for (const s of [bAdmin, engineerElsewhere]) {
        expect((await call('GET', `/api/companies/${A}/reports`, s)).statusCode).toBe(404);
        expect((await call('GET', `/api/companies/${A}/reports/${reportId}`, s)).statusCode).toBe(404);
        expect((await call('GET', `/api/companies/${A}/reports/${reportId}/pdf`, s)).statusCode).toBe(404);
        // A's report id under B's own address is not found either
        const own = await call('GET', `/api/companies/${B}/reports/${reportId}/pdf`, s);
        expect(own.statusCode).toBe(404);
      }
      expect((await call('GET', `/api/companies/${A}/reports`, null)).statusCode).toBe(401);
    });

    it('names the wrong field (400)', async () => {
      const cases: [object, string][] = [
        [{ from: '2026-10-01' }, 'to'],
        [{ from: '2026-11-01', to: '2026-10-01' }, 'to'],
        [{ from: '2024-01-01', to: '2026-01-01' }, 'to'],
        [{ from: '2027-01-01', to: '2027-02-01' }, 'from'],
        [{ from: 'last month', to: '2026-11-01' }, 'from'],
        [{ from: '2026-10-01', to: '2026-11-01', lang: 'fr' }, 'lang'],
        [{ from: '2026-10-01', to: '2026-11-01', extra: 1 }, 'extra'],
      ];
      for (const [body, field] of cases) {
        const res = await call('POST', `/api/companies/${A}/reports`, aAdmin, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.body, JSON.stringify(body)).toContain(field);
      }
      expect((await call('GET', `/api/companies/${A}/reports/not-a-uuid`, aAdmin)).statusCode).toBe(404);
      expect((await call('GET', `/api/companies/${A}/reports?limit=0`, aAdmin)).statusCode).toBe(400);
    });

    it('files one scheduled report per company, month and language', async () => {
      const req = {
        tenant: B,
        from: Date.parse('2026-09-30T15:00:00Z'),
        to: Date.parse('2026-10-31T15:00:00Z'),
        lang: 'ja' as const,
        kind: 'monthly' as const,
        createdBy: null,
        dedupKey: `monthly:${B}:2026-10:ja`,
      };
      const [a, b] = await Promise.all([t.reports?.request(req), t.reports?.request(req)]);
      expect(a?.id).toBe(b?.id);
      await t.reports?.settled();
      const list = (await call('GET', `/api/companies/${B}/reports?kind=monthly`, bAdmin)).json().reports;
      expect(list).toHaveLength(1);
      expect(list[0]).toMatchObject({ kind: 'monthly', scheduled: true, status: 'ready' });
    });

    it('answers 409 for a report that is not ready', async () => {
      // filed straight into the archive, so no queue picks it up during the test
      const { row } = await insertReport(
        t.db,
        {
          tenant: A,
          from: Date.parse('2026-08-31T15:00:00Z'),
          to: Date.parse('2026-09-30T15:00:00Z'),
          lang: 'ja',
          kind: 'on-demand',
          createdBy: null,
        },
        NOW,
      );
      const res = await call('GET', `/api/companies/${A}/reports/${row.id}/pdf`, aAdmin);
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('report-not-ready');
      const shown = (await call('GET', `/api/companies/${A}/reports/${row.id}`, aAdmin)).json().report;
      expect(shown).toMatchObject({ status: 'queued', download: null });
    });
  });
}
