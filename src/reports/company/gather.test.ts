/** gatherCompanyReport on real storage: figures, periods, desk data, isolation, no internal notes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../devices/backends.test-helper.js';
import { tokyoMidnight } from '../../portal/period.js';
import { MARCH, NOW, openWorld, SAKURA_MARCH, SECRET, type World } from './fixture.test-helper.js';
import { bucketFor, CompanyReportError, gatherCompanyReport, sevenMonths } from './gather.js';
import type { CompanyReportData } from './model.js';

describe('sevenMonths and bucketFor', () => {
  it('ends with the month of the period’s last instant', () => {
    expect(sevenMonths(MARCH)).toEqual({ from: tokyoMidnight(2025, 9), to: tokyoMidnight(2026, 4) });
    // a period ending mid-month still shows that month
    expect(sevenMonths({ from: tokyoMidnight(2026, 1, 10), to: tokyoMidnight(2026, 1, 20) })).toEqual({
      from: tokyoMidnight(2025, 7),
      to: tokyoMidnight(2026, 2),
    });
  });

  it('picks days for a month, weeks for a quarter, months for a year', () => {
    expect(bucketFor(MARCH)).toBe('day');
    expect(bucketFor({ from: tokyoMidnight(2026, 1), to: tokyoMidnight(2026, 4) })).toBe('week');
    expect(bucketFor({ from: tokyoMidnight(2025, 1), to: tokyoMidnight(2026, 1) })).toBe('month');
  });
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip !== null)(`gatherCompanyReport (${backend.name})`, () => {
    let w: World;
    let data: CompanyReportData;
    const req = { tenant: 'sakura', ...MARCH, lang: 'ja' as const, kind: 'monthly' as const, now: NOW };

    beforeAll(async () => {
      w = await openWorld(backend);
      data = await gatherCompanyReport(w, req);
    });
    afterAll(async () => w?.close());

    it('is plain JSON', () => {
      expect(JSON.parse(JSON.stringify(data))).toEqual(data);
      expect(data.company).toEqual({ name: 'さくら工業株式会社', nameEn: 'Sakura Industries Co., Ltd.' });
      expect(data.period).toEqual(MARCH);
      expect(data.previous).toEqual({ from: tokyoMidnight(2026, 2), to: MARCH.from });
      expect(data.generatedAt).toBe(NOW);
    });

    it('counts the monitoring items with the change against February', () => {
      const by = Object.fromEntries(data.items.map((i) => [i.item, i]));
      expect(data.items).toHaveLength(10);
      expect(by.recon).toMatchObject({
        count: 40,
        previousCount: 20,
        change: 1,
        stopped: 40,
        handled: 'blocked',
      });
      expect(by.spam).toMatchObject({ count: 300, previousCount: 100, change: 2 });
      expect(by['intrusion-inbound']).toMatchObject({ count: 5, stopped: 4, handled: 'detected' });
      expect(by.virus).toMatchObject({ count: 15, stopped: 15, families: ['agenttesla', 'emotet'] });
      expect(by['remote-access']).toMatchObject({ count: 4, handled: 'seen' });
      expect(by['malicious-outbound'].count).toBe(0);
      expect(by['risky-input-tool'].count).toBe(0);
    });

    it('has the daily trend and the seven months side by side', () => {
      expect(data.trend.bucket).toBe('day');
      expect(data.trend.buckets).toHaveLength(31);
      expect(data.trend.series.recon.reduce((a, b) => a + b, 0)).toBe(SAKURA_MARCH.recon);
      expect(data.months.buckets).toEqual([
        tokyoMidnight(2025, 9),
        tokyoMidnight(2025, 10),
        tokyoMidnight(2025, 11),
        tokyoMidnight(2025, 12),
        tokyoMidnight(2026, 1),
        tokyoMidnight(2026, 2),
        tokyoMidnight(2026, 3),
      ]);
      // August 2025 (50 spam) is outside the seven months
      expect(data.months.series.spam).toEqual([0, 5, 6, 7, 9, 100, 300]);
      expect(data.months.series.recon).toEqual([0, 0, 0, 0, 0, 20, 40]);
    });

    it('has the seed’s virus views', () => {
      expect(data.virus.total).toBe(15);
      expect(data.virus.stopped).toBe(15);
      expect(data.virus.byChannel).toMatchObject({ 'mail-receive': 12, web: 3, 'mail-send': 0 });
      expect(data.virus.byFamily).toEqual([
        { family: 'unknown', n: 10 },
        { family: 'agenttesla', n: 3 },
        { family: 'emotet', n: 2 },
      ]);
      expect(data.virus.byChannelCumulative['mail-receive'].at(-1)).toBe(12);
    });

    it('rates the scenarios, lists usage and visibility', () => {
      const level = Object.fromEntries(data.scenarios.map((s) => [s.id, s.level]));
      expect(level).toEqual({
        ransomware: 'high', // emotet
        'targeted-attack': 'medium',
        'insider-leak': 'high',
        'careless-leak': 'none',
      });
      expect(data.usage.find((u) => u.item === 'remote-access')?.services).toEqual([
        { name: 'TeamViewer', n: 4 },
      ]);
      expect(data.visibility.encryptedShare).toBe(SAKURA_MARCH.encryptedShare);
      const dev = Object.fromEntries(data.visibility.devices.map((d) => [d.id, d.eventsInPeriod]));
      expect(dev).toEqual({ 'fw-sakura': 433, 'fw-sakura-2': 0 });
      expect(data.events).toBe(433);
    });

    it('lists medium-and-above alerts of the period in the company’s wording', () => {
      expect(data.alerts.total).toBe(2);
      expect(data.alerts.byLevel).toEqual({ medium: 1, high: 1, critical: 0 });
      expect(data.alerts.top.map((a) => [a.level, a.title, a.count])).toEqual([
        ['high', '外部からの重大な侵入の試み', 4],
        ['medium', '受信メールにウイルスが添付されていました', 12],
      ]);
      expect(data.alerts.top[1].explain).toMatch(/標的型攻撃/);
      expect(data.alerts.top.every((a) => a.advice)).toBe(true);
    });

    it('lists the consultations of the period with company-visible fields only', () => {
      expect(data.cases).toMatchObject({ opened: 2, closed: 1, open: 1 });
      expect(data.cases.list.map((c) => [c.number, c.status])).toEqual([
        ['C-2026-0001', 'resolved'],
        ['C-2026-0002', 'in-progress'],
      ]);
      expect(Object.keys(data.cases.list[0]).sort()).toEqual(
        ['category', 'closedAt', 'createdAt', 'number', 'priority', 'resolvedAt', 'status', 'title'].sort(),
      );
    });

    it('never carries internal notes or another company’s data', () => {
      const json = JSON.stringify(data);
      expect(json).not.toContain(SECRET);
      for (const s of ['noise', 'ノイズ', 'wannacry', 'lockbit', 'Baidu', 'C-2026-0099', '一月の相談'])
        expect(json).not.toContain(s);
    });

    it('ranks recommendations from this company’s evidence, citing its figures', () => {
      const ids = data.recommendations.map((r) => r.id);
      // an intrusion attempt got past the UTM, and fw-sakura-2 sent nothing
      expect(ids.slice(0, 2)).toEqual(['intrusion-patch', 'silent-device']);
      expect(ids).toContain('mail-attachments');
      expect(ids.indexOf('ransomware-family')).toBeLessThan(ids.indexOf('mail-attachments'));
      expect(ids.indexOf('mail-attachments')).toBeLessThan(ids.indexOf('remote-access'));
      expect(ids).not.toContain('cnc');
      expect(ids).not.toContain('mail-send-virus');
      const mail = data.recommendations.find((r) => r.id === 'mail-attachments');
      expect(mail?.text).toContain('ウイルス付きのメールが 12 通届きました');
      expect(data.recommendations.find((r) => r.id === 'remote-access')?.text).toContain('TeamViewer');
      expect(data.recommendations.map((r) => r.rank)).toEqual(ids.map((_, i) => i + 1));
    });

    it('answers in English on request', async () => {
      const en = await gatherCompanyReport(w, { ...req, lang: 'en' });
      expect(en.alerts.top[0].title).toMatch(/intrusion/i);
      expect(en.recommendations.find((r) => r.id === 'mail-attachments')?.text).toContain(
        '12 mails with a virus',
      );
    });

    it('gathers a company without any events', async () => {
      const e = await gatherCompanyReport(w, { ...req, tenant: 'empty' });
      expect(e.events).toBe(0);
      expect(e.items.every((i) => i.count === 0 && i.handled === 'none')).toBe(true);
      expect(e.virus.total).toBe(0);
      expect(e.alerts.total).toBe(0);
      expect(e.cases.list).toEqual([]);
      expect(e.visibility.devices).toEqual([]);
      expect(e.scenarios.every((s) => s.level === 'none')).toBe(true);
      expect(e.recommendations.map((r) => r.id)).toEqual(['no-logs', 'keep-basics']);
    });

    it('refuses bad requests with the field named', async () => {
      const code = async (r: Partial<typeof req>) => {
        try {
          await gatherCompanyReport(w, { ...req, ...r });
          return null;
        } catch (e) {
          return e instanceof CompanyReportError ? `${e.code} ${e.message}` : String(e);
        }
      };
      expect(await code({ tenant: 'nobody' })).toBe('company-not-found tenant: no company nobody');
      expect(await code({ tenant: "x'; drop" })).toMatch(/^invalid-request tenant:/);
      expect(await code({ to: MARCH.from })).toMatch(/^invalid-request to:/);
      expect(await code({ from: Number.NaN })).toMatch(/^invalid-request from:/);
      expect(await code({ lang: 'fr' as never })).toMatch(/^invalid-request lang:/);
      expect(await code({ kind: 'weekly' as never })).toMatch(/^invalid-request kind:/);
    });
  });
}
