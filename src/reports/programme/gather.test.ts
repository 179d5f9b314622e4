/** gatherProgrammeReport on real storage: known answers worked out by hand in the fixture. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, STATE_BACKENDS, type TestApp } from '../../../test/helpers/accounts.js';
import { CATEGORIES } from '../../event/event.js';
import { iso } from '../../portal/period.js';
import { EVENTS, FROM, NOW, SECRETS, seedProgramme, TO } from './fixture.test-helper.js';
import { gatherProgrammeReport } from './gather.js';
import type { ProgrammeReportData } from './model.js';

for (const backend of STATE_BACKENDS) {
  describe.skipIf(backend.skip !== null)(`programme report data on ${backend.name}`, () => {
    let t: TestApp;
    let data: ProgrammeReportData;

    beforeAll(async () => {
      t = await openTestApp({ events: EVENTS, now: NOW, backend: backend.name });
      await seedProgramme(t);
      data = await gatherProgrammeReport(t, { from: FROM, to: TO, lang: 'ja', now: NOW });
    });
    afterAll(async () => {
      await t?.close();
    });

    it('states the period on the Tokyo calendar and who was surveyed', () => {
      expect(data.period).toEqual({
        from: '2025-11-30T15:00:00.000Z',
        to: '2026-01-31T15:00:00.000Z',
        firstDay: '2025-12-01',
        lastDay: '2026-01-31',
        days: 62,
      });
      // five UTMs of four companies registered; tsubaki's UTM sent nothing in the period
      expect(data.scope).toEqual({ utms: 5, companies: 4, reportingUtms: 4, reportingCompanies: 3 });
      expect(data.createdAt).toBe(iso(NOW));
    });

    it('adds up each monitoring row: total, stopped, UTMs and companies', () => {
      const rows = Object.fromEntries(
        data.monitoring.map((m) => [m.id, [m.total, m.stopped, m.utms, m.companies]]),
      );
      expect(rows).toEqual({
        recon: [5, 5, 2, 2],
        'malicious-outbound': [1, 1, 1, 1],
        'intrusion-inbound': [1, 0, 1, 1],
        'virus-web': [3, 3, 2, 2],
        'virus-mail': [1, 1, 1, 1],
        'virus-other': [1, 1, 1, 1],
        spam: [7, 7, 3, 3],
        'harmful-web': [1, 0, 1, 1],
      });
      const spam = data.monitoring.find((m) => m.id === 'spam');
      // 7 spam mails / 4 UTMs / 62 days
      expect(spam?.perUtmPerDay).toBe(Math.round((7 / 4 / 62) * 10_000) / 10_000);
      expect(spam?.label).toBe('迷惑メール（スパム）');
      expect(spam?.countermeasure).toBe('アンチスパム、社員教育 等');
      expect(data.monitoring.find((m) => m.id === 'virus-mail')?.label).toBe('受信メールに含まれるウイルス');
    });

    it('counts usage items as seen on N of M UTMs', () => {
      expect(data.usage.map((u) => [u.item, u.utms, u.companies, u.total, u.stopped, u.share])).toEqual([
        ['online-storage', 3, 2, 4, 1, 0.75],
        ['remote-access', 1, 1, 1, 0, 0.25],
        ['risky-input-tool', 0, 0, 0, 0, 0],
        ['sns-webmail', 3, 3, 3, 0, 0.75],
      ]);
    });

    it('agrees with the operators’ programme table (EventStore.programmeTotals)', async () => {
      const totals = await t.store.programmeTotals({ from: iso(FROM), to: iso(TO) });
      expect(totals.devices).toBe(data.scope.reportingUtms);
      expect(totals.tenants).toBe(data.scope.reportingCompanies);
      for (const i of data.items) {
        const r = totals.items.find((x) => x.category === i.item);
        expect([i.item, i.total, i.utms, i.companies]).toEqual([
          i.item,
          r?.n ?? 0,
          r?.devices ?? 0,
          r?.tenants ?? 0,
        ]);
      }
    });

    it('rates every company on its own evidence and counts the levels', () => {
      const levels = Object.fromEntries(data.scenarios.map((s) => [s.id, s.levels]));
      expect(levels).toEqual({
        // sakura, momiji: viruses stopped → medium; kaede: WannaCry → high
        ransomware: { none: 0, low: 0, medium: 2, high: 1 },
        // each company shows one step only
        'targeted-attack': { none: 0, low: 3, medium: 0, high: 0 },
        // sakura (storage) and kaede (remote PC) let through; momiji's storage was blocked
        'insider-leak': { none: 0, low: 1, medium: 2, high: 0 },
        'careless-leak': { none: 0, low: 0, medium: 3, high: 0 },
      });
      for (const s of data.scenarios) expect(s.rated).toBe(3);
      expect(data.scenarios.map((s) => s.attention)).toEqual([3, 0, 2, 3]);
      expect(data.attentionCompanies).toBe(3);
      const ransom = data.scenarios[0];
      expect(ransom).toMatchObject({
        name: 'ランサムウェアによる被害',
        frequency: 'low',
        frequencyLabel: '低',
        impact: 'high',
        impactLabel: '高',
        families: [{ family: 'wannacry', companies: 1 }],
        familyCompanies: 1,
      });
      expect(ransom.impactText).toMatch(/^高：/);
      expect(ransom.evidence.map((e) => [e.item, e.total, e.utms, e.companies])).toEqual([
        ['spam', 7, 3, 3],
        ['harmful-web', 1, 1, 1],
        ['virus', 5, 3, 3],
        ['malicious-outbound', 1, 1, 1],
        ['intrusion-inbound', 1, 1, 1],
      ]);
      // the targeted-attack scenario counts viruses in received mail only
      expect(data.scenarios[1].evidence[0]).toEqual({
        item: 'virus',
        channel: 'mail-receive',
        label: '受信メールに含まれるウイルス',
        total: 1,
        utms: 1,
        companies: 1,
      });
    });

    it('sums the desk over the period', () => {
      const d = data.desk;
      expect(d.consultations).toEqual({
        total: 3,
        companies: 2,
        byCategory: [
          { id: 'question', label: '質問・相談', n: 1 },
          { id: 'suspicious-mail', label: '不審なメール', n: 1 },
          { id: 'virus', label: 'ウイルス感染', n: 1 },
        ],
        byChannel: [
          { id: 'mail', label: 'メール', n: 1 },
          { id: 'phone', label: '電話', n: 1 },
          { id: 'web', label: 'ポータル', n: 1 },
        ],
      });
      expect(d.dispatches).toEqual({
        requested: 1,
        completed: 1,
        companies: 1,
        medianOnSiteMinutes: 90,
        medianTravelMinutes: 60,
      });
      expect(d.claims).toEqual({ count: 1, claimedYen: 55_000, paidYen: 50_000 });
      expect(d.alerts).toEqual({ raised: 0, escalated: 0, closedBenign: 0 });
      // nobody answered the three cases: all past their first-response deadline by NOW
      expect(d.slaBreaches.firstResponse).toBe(3);
      expect(d.firstResponse.count).toBe(0);
    });

    it('totals each Tokyo month', () => {
      const zero = Object.fromEntries(CATEGORIES.map((c) => [c, 0]));
      expect(data.monthly).toEqual([
        {
          month: '2025-12',
          from: '2025-11-30T15:00:00.000Z',
          to: '2025-12-31T15:00:00.000Z',
          utms: 2,
          totals: { ...zero, recon: 3, virus: 2, spam: 2 },
        },
        {
          month: '2026-01',
          from: '2025-12-31T15:00:00.000Z',
          to: '2026-01-31T15:00:00.000Z',
          utms: 4,
          totals: {
            ...zero,
            recon: 2,
            'malicious-outbound': 1,
            'intrusion-inbound': 1,
            virus: 3,
            spam: 5,
            'harmful-web': 1,
            'online-storage': 4,
            'remote-access': 1,
            'sns-webmail': 3,
          },
        },
      ]);
    });

    it('holds no company or device id, name, address or user anywhere', () => {
      const json = JSON.stringify(data);
      for (const s of SECRETS) expect(json).not.toContain(s);
    });

    it('is plain JSON (survives a round trip unchanged)', () => {
      expect(JSON.parse(JSON.stringify(data))).toEqual(data);
    });

    it('counts only the days begun so far while the period is running', async () => {
      const mid = Date.parse('2026-01-15T03:00:00.000Z');
      const d = await gatherProgrammeReport(t, { from: FROM, to: TO, lang: 'en', now: mid });
      // 45.5 days since 1 Dec 00:00 Tokyo: the 46th day has begun
      expect(d.period.days).toBe(46);
      expect(d.lang).toBe('en');
      expect(d.monitoring.find((m) => m.id === 'spam')?.label).toBe('Spam mail');
      expect(d.scenarios[0].name).toBe('Ransomware');
    });

    it('an empty period gives zeros, not errors', async () => {
      const from = Date.parse('2025-05-31T15:00:00.000Z');
      const d = await gatherProgrammeReport(t, { from, to: from + 30 * 86_400_000, lang: 'ja', now: NOW });
      expect(d.scope).toMatchObject({ reportingUtms: 0, reportingCompanies: 0, utms: 5, companies: 4 });
      expect(d.monitoring.every((m) => m.total === 0 && m.perUtmPerDay === null)).toBe(true);
      expect(d.usage.every((u) => u.share === null)).toBe(true);
      expect(d.scenarios.every((s) => s.rated === 0)).toBe(true);
    });

    it('refuses a period that ends before it starts', async () => {
      await expect(gatherProgrammeReport(t, { from: TO, to: FROM, lang: 'ja' })).rejects.toThrow(RangeError);
    });
  });
}
