/**
 * The monthly report is mailed: the monthly job files October's reports, the report
 * queue (rendering in-thread) makes them over a DuckDB store, and each company's people
 * get a short mail through the outbox and the sender to a real SMTP server — with the
 * month, the archive page and a PDF link that opens once signed in, and nothing of any
 * other company. State on SQLite and (when OTASUKE_TEST_PG_URL is set) PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailSender } from '../../src/notify/mailer.js';
import { MailNotifier } from '../../src/notify/outbox.js';
import { ReportJobs } from '../../src/reports/archive/jobs.js';
import { fileMonthlyReports } from '../../src/reports/archive/monthly-job.js';
import { mailReportReady } from '../../src/reports/archive/report-mail.js';
import { createUser, login, openTestApp, STATE_BACKENDS, type TestApp } from '../helpers/accounts.js';
import { makeEvent } from '../helpers/events.js';
import { type ReceivedMail, startSmtpServer, type TestSmtpServer } from '../helpers/smtp.js';
import { ALPHA, addDevice, BETA, seedPeople } from './fixtures.js';

const PORTAL = 'https://portal.example.jp';
const FROM = 'Otasuke <no-reply@example.jp>';
// 1 Nov 2026 06:00 JST: the monthly job's run for October
const NOW = Date.parse('2026-10-31T21:00:00Z');
const MONTH = '2026-10';
const ctx = { signal: new AbortController().signal, log: () => {} };

function events() {
  const at = (d: number) => new Date(Date.UTC(2026, 9, d, 1)).toISOString();
  return [
    makeEvent({ ts: at(3), tenant: ALPHA, device: `${ALPHA}-fw`, category: 'recon', action: 'drop' }),
    makeEvent({ ts: at(9), tenant: ALPHA, device: `${ALPHA}-fw`, kind: 'mail', channel: 'mail-receive' }),
    makeEvent({
      ts: at(12),
      tenant: BETA,
      device: `${BETA}-fw`,
      category: 'virus',
      channel: 'mail-receive',
      threat: 'BetaWorm',
      action: 'block',
    }),
  ];
}

function to(m: ReceivedMail): string {
  return m.envelope.to.join(',').toLowerCase();
}

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`the monthly report mail on ${backend.name}`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    let notifier: MailNotifier;
    let sender: MailSender;
    let jobs: ReportJobs;
    let first: ReceivedMail[] = [];

    const monthlyIds = async () =>
      Object.fromEntries(
        (
          await t.db
            .selectFrom('reports')
            .select(['tenant', 'id', 'status'])
            .where('kind', '=', 'monthly')
            .execute()
        ).map((r) => [r.tenant, r]),
      );

    beforeAll(async () => {
      t = await openTestApp({ backend: backend.name, reports: true, now: NOW, events: events() });
      await seedPeople(t.db);
      const september = Date.parse('2026-09-01T00:00:00+09:00');
      await addDevice(t.db, ALPHA, september);
      await addDevice(t.db, BETA, september);
      smtp = await startSmtpServer();
      sender = new MailSender({ db: t.db, transport: smtp.url, from: FROM, now: () => t.clock.now });
      notifier = new MailNotifier({ db: t.db, portalUrl: `${PORTAL}/`, now: () => t.clock.now });
      // the server's queue, with the outbox; it files into the folder the API serves from
      jobs = new ReportJobs({
        db: t.db,
        store: t.store,
        registry: t.registry,
        dir: t.reports?.dir as string,
        now: () => t.clock.now,
        workers: 0,
        outbox: notifier,
      });
      await fileMonthlyReports({ db: t.db, reports: jobs }, MONTH, ctx);
      await jobs.settled();
      await sender.runOnce();
      first = smtp.messages.slice();
    });

    afterAll(async () => {
      await jobs?.close();
      await sender?.stop();
      await smtp?.close();
      await t?.close();
    });

    it("mails each company's people that their month's report is ready", async () => {
      const ids = await monthlyIds();
      expect(ids[ALPHA]?.status).toBe('ready');
      expect(ids[BETA]?.status).toBe('ready');
      // the same people as the weekly summary: contacts, company-admins and company-viewers
      expect(first.map(to).sort()).toEqual([
        'boss@alpha.example.jp',
        'boss@beta.example.jp',
        'it@alpha.example.jp',
        'owner@alpha.example.jp',
        'owner@beta.example.jp',
        'viewer@alpha.example.jp',
      ]);
      for (const m of first) expect(m.envelope.to).toHaveLength(1);

      const owner = first.find((m) => to(m) === 'owner@alpha.example.jp') as ReceivedMail;
      expect(owner.parsed.subject).toBe(
        '【月次レポート】アルファ工業株式会社の2026年10月のセキュリティ診断レポートができました',
      );
      expect(owner.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
      const text = owner.parsed.text ?? '';
      expect(text).toContain('山田太郎 様');
      expect(text).toContain(
        'アルファ工業株式会社の2026年10月のセキュリティ診断レポート（PDF）ができました。',
      );
      const pdfLink = `${PORTAL}/api/companies/${ALPHA}/reports/${ids[ALPHA].id}/pdf`;
      const archive = `${PORTAL}/companies/${ALPHA}/reports`;
      expect(text).toContain(pdfLink);
      expect(text).toContain(archive);
      expect(text).toContain('ポータルにログインしてから開いてください。');
      expect(text).not.toContain('英語で作成されています');
      const html = owner.parsed.html || '';
      expect(html).toContain(`href="${pdfLink}"`);
      expect(html).toContain(`href="${archive}"`);

      // English for the user whose language is English; the report itself is Japanese
      const en = first.find((m) => to(m) === 'it@alpha.example.jp') as ReceivedMail;
      expect(en.parsed.subject).toBe(
        'Your monthly security report for Alpha Kogyo Co., Ltd. (October 2026) is ready',
      );
      expect(en.parsed.text).toContain('Dear Ken Ito,');
      expect(en.parsed.text).toContain(pdfLink);
      expect(en.parsed.text).toContain('The report itself is in Japanese');
      expect(en.parsed.text).not.toMatch(/[\u3040-\u30ff]/);
    });

    it("never shows one company's report in another's mail", async () => {
      const ids = await monthlyIds();
      const all = (m: ReceivedMail) => `${m.parsed.subject}\n${m.parsed.text}\n${m.parsed.html}`;
      const alpha = first.filter((m) => to(m).endsWith('@alpha.example.jp'));
      const beta = first.filter((m) => to(m).endsWith('@beta.example.jp'));
      expect(alpha).toHaveLength(4);
      expect(beta).toHaveLength(2);
      for (const m of alpha)
        for (const foreign of ['ベータ', BETA, ids[BETA].id]) expect(all(m), foreign).not.toContain(foreign);
      for (const m of beta) {
        expect(all(m)).toContain('ベータ商事');
        expect(all(m)).toContain(`${PORTAL}/api/companies/${BETA}/reports/${ids[BETA].id}/pdf`);
        for (const foreign of ['アルファ', ALPHA, ids[ALPHA].id])
          expect(all(m), foreign).not.toContain(foreign);
      }
    });

    it('the PDF link opens for a signed-in reader of the company, and for nobody else', async () => {
      const ids = await monthlyIds();
      const path = `/api/companies/${ALPHA}/reports/${ids[ALPHA].id}/pdf`;
      const reader = await createUser(t.db, { login: 'alpha-reader', role: 'company-viewer', tenant: ALPHA });
      const outsider = await createUser(t.db, { login: 'beta-reader', role: 'company-viewer', tenant: BETA });
      const ok = await t.app.inject({ url: path, headers: (await login(t.app, reader.login)).headers });
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['content-type']).toBe('application/pdf');
      expect((await t.app.inject({ url: path })).statusCode).toBe(401);
      const other = await t.app.inject({ url: path, headers: (await login(t.app, outsider.login)).headers });
      expect([403, 404]).toContain(other.statusCode);
    });

    it('a second run of the same month mails nobody again; on-demand reports are not mailed', async () => {
      const before = await monthlyIds();
      // the scheduler's retry, an operator's re-run or a second process
      await fileMonthlyReports({ db: t.db, reports: jobs }, MONTH, ctx);
      await jobs.settled();
      // the same report made again (a restart half-way): its mails are already in the outbox
      expect(await mailReportReady(t.db, notifier, { ...before[ALPHA], period_from: 0, lang: 'ja' })).toBe(0);
      // a company admin's own report: whoever asked is watching the page
      const own = await jobs.request({
        tenant: ALPHA,
        from: Date.parse('2026-10-01T00:00:00+09:00'),
        to: Date.parse('2026-10-16T00:00:00+09:00'),
        lang: 'ja',
        kind: 'on-demand',
        createdBy: null,
      });
      await jobs.settled();
      await sender.runOnce();
      expect(smtp.messages).toHaveLength(first.length);
      expect(await monthlyIds()).toEqual(before);
      const made = await t.db
        .selectFrom('reports')
        .select('status')
        .where('id', '=', own.id)
        .executeTakeFirst();
      expect(made?.status).toBe('ready');
      const rows = await t.db
        .selectFrom('mail_outbox')
        .select(['dedup_key', 'status'])
        .where('kind', '=', 'report-ready')
        .orderBy('dedup_key')
        .execute();
      expect(rows).toHaveLength(6);
      expect(rows.every((r) => r.status === 'sent')).toBe(true);
      expect(rows.map((r) => r.dedup_key)).toContain(
        `report-ready:${ALPHA}:${before[ALPHA].id}:owner@alpha.example.jp`,
      );
    });
  });
}
