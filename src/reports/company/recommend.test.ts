/** Recommendations: the content file against the triggers, and ranking by this company's evidence. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentDir } from '../../core/paths.js';
import { CATEGORIES, type Category } from '../../event/event.js';
import { SCENARIO_IDS } from '../../portal/content.js';
import { tokyoMidnight } from '../../portal/period.js';
import type { ReportItem } from './model.js';
import {
  MAX_RECOMMENDATIONS,
  type RecommendInput,
  recommend,
  recommendationProblems,
  scoreOf,
  TRIGGERS,
} from './recommend.js';

const FROM = tokyoMidnight(2026, 3);
const TO = tokyoMidnight(2026, 4);

type ItemPatch = Partial<Record<Category, { count: number; stopped?: number; families?: string[] }>>;

/** A month of a company with ordinary traffic only, then `patch` on top. */
function input(
  items: ItemPatch = {},
  more: {
    events?: number;
    virusChannels?: Record<string, number>;
    services?: Partial<Record<Category, string[]>>;
    encryptedShare?: number | null;
    silent?: boolean;
    uninspected?: RecommendInput['visibility']['uninspectedKinds'];
    highAlerts?: number;
    lang?: 'ja' | 'en';
  } = {},
): RecommendInput {
  const it: ReportItem[] = CATEGORIES.map((c) => {
    const p = items[c];
    const count = p?.count ?? 0;
    return {
      item: c,
      count,
      previousCount: 0,
      change: null,
      stopped: p?.stopped ?? count,
      handled: count === 0 ? 'none' : 'blocked',
      families: p?.families ?? [],
    };
  });
  const zeros = Object.fromEntries(CATEGORIES.map((c) => [c, [0]])) as Record<Category, number[]>;
  const byChannel = { 'mail-send': 0, 'mail-receive': 0, web: 0, ftp: 0, other: 0, ...more.virusChannels };
  return {
    version: 1,
    lang: more.lang ?? 'ja',
    kind: 'monthly',
    tenant: 't1',
    company: { name: 'テスト株式会社', nameEn: null },
    period: { from: FROM, to: TO },
    previous: { from: tokyoMidnight(2026, 2), to: FROM },
    generatedAt: TO,
    events: more.events ?? 1000,
    items: it,
    trend: { bucket: 'month', buckets: [FROM], series: zeros },
    months: { buckets: [FROM], series: zeros },
    virus: {
      bucket: 'month',
      buckets: [FROM],
      byChannelOverTime: {},
      byChannelCumulative: {},
      byChannel,
      byFamily: [],
      total: Object.values(byChannel).reduce((a, b) => a + b, 0),
      stopped: 0,
    },
    scenarios: SCENARIO_IDS.map((id) => ({ id, level: 'none', reason: 'no-evidence', evidence: [] })),
    usage: (['online-storage', 'remote-access', 'risky-input-tool', 'sns-webmail'] as const).map((c) => ({
      item: c,
      count: items[c]?.count ?? 0,
      services: (more.services?.[c] ?? []).map((name) => ({ name, n: 1 })),
    })),
    visibility: {
      encryptedShare: more.encryptedShare === undefined ? 0.3 : more.encryptedShare,
      outbound: 100,
      encrypted: 30,
      uninspectedKinds: more.uninspected ?? [],
      devices: [
        {
          id: 'fw1',
          vendor: 'fortigate',
          enabled: true,
          silent: more.silent ?? false,
          lastSeenAt: TO,
          eventsInPeriod: 1000,
        },
      ],
    },
    alerts: {
      total: more.highAlerts ?? 0,
      byLevel: { medium: 0, high: more.highAlerts ?? 0, critical: 0 },
      top: [],
    },
    cases: { opened: 0, closed: 0, open: 0, list: [] },
    contact: null,
  };
}

const ids = (d: RecommendInput) => recommend(d).map((r) => r.id);

describe('content/reports/recommendations.json', () => {
  const file: unknown = JSON.parse(readFileSync(contentDir('reports', 'recommendations.json'), 'utf8'));

  it('has texts for every trigger and only the placeholders each provides', () => {
    expect(recommendationProblems(file)).toEqual([]);
  });

  it('reports unknown ids, missing texts and unknown placeholders', () => {
    const f = structuredClone(file) as { recommendations: Record<string, { ja: { text: string } }> };
    f.recommendations.spam.ja.text += ' {nope}';
    f.recommendations['made-up'] = structuredClone(f.recommendations.spam) as never;
    delete f.recommendations.recon;
    expect(recommendationProblems(f)).toEqual([
      'recommendations.made-up: no trigger in code',
      'recommendations.recon: trigger without texts',
      'recommendations.spam.ja.text: unknown {nope}',
    ]);
    expect(recommendationProblems({ recommendations: {} })[0]).toMatch(/^_doc:/);
  });

  it('writes Japanese in です・ます', () => {
    const f = file as { recommendations: Record<string, { ja: { text: string } }> };
    for (const [id, r] of Object.entries(f.recommendations))
      expect(r.ja.text, id).toMatch(/(です|ます|ください|しょう)。/);
  });
});

describe('recommend', () => {
  it('says to check the UTM first when nothing arrived, then the basics', () => {
    expect(ids(input({}, { events: 0, encryptedShare: null }))).toEqual(['no-logs', 'keep-basics']);
  });

  it('keeps to the basics when nothing serious was seen', () => {
    const r = recommend(input());
    expect(r.map((x) => x.id)).toEqual(['keep-basics']);
    expect(r[0]).toMatchObject({ rank: 1, title: '基本の対策を続けてください' });
  });

  it('puts mail-attachment advice first when viruses arrive by mail, citing the count', () => {
    const r = recommend(
      input(
        { virus: { count: 12 }, spam: { count: 5000 }, recon: { count: 9000 } },
        { virusChannels: { 'mail-receive': 12 } },
      ),
    );
    expect(r.map((x) => x.id)).toEqual(['mail-attachments', 'spam', 'recon', 'keep-basics']);
    expect(r[0].text).toContain('ウイルス付きのメールが 12 通届きました');
    expect(r[0].evidence).toEqual({ n: 12 });
    expect(r[1].text).toContain('迷惑メールが 5,000 通届きました（1日あたり約 161 通）');
  });

  it('asks to review remote access when remote-access tools were seen, naming them', () => {
    const r = recommend(
      input(
        { 'remote-access': { count: 7, stopped: 0 } },
        { services: { 'remote-access': ['TeamViewer', 'AnyDesk'] } },
      ),
    );
    expect(r[0].id).toBe('remote-access');
    expect(r[0].text).toContain('（TeamViewer、AnyDesk）の通信が 7 件ありました');
  });

  it('asks about TLS inspection only when most outbound traffic is encrypted', () => {
    expect(ids(input({}, { encryptedShare: 0.8 }))).toEqual(['tls-inspection', 'keep-basics']);
    expect(recommend(input({}, { encryptedShare: 0.8 }))[0].text).toContain('社外への通信の 80% が暗号化');
    expect(ids(input({}, { encryptedShare: 0.49 }))).toEqual(['keep-basics']);
    expect(ids(input({}, { encryptedShare: null }))).toEqual(['keep-basics']);
  });

  it('puts a silent UTM before mail viruses, and a C&C that got through before both', () => {
    const base = { virus: { count: 3 } };
    expect(ids(input(base, { silent: true, virusChannels: { 'mail-receive': 3 } })).slice(0, 2)).toEqual([
      'silent-device',
      'mail-attachments',
    ]);
    const cnc = input(
      { ...base, 'malicious-outbound': { count: 2, stopped: 1 } },
      { silent: true, virusChannels: { 'mail-receive': 3 } },
    );
    const r = recommend(cnc);
    expect(r.map((x) => x.id).slice(0, 3)).toEqual(['cnc', 'silent-device', 'mail-attachments']);
    expect(r[0].text).toContain('不正な通信が 2 件ありました（そのうちUTMが止められなかったもの 1 件）');
  });

  it('ranks an intrusion that got through above one the UTM stopped', () => {
    const stopped = recommend(input({ 'intrusion-inbound': { count: 5 } }))[0];
    const through = recommend(input({ 'intrusion-inbound': { count: 5, stopped: 4 } }))[0];
    expect(stopped.id).toBe('intrusion-patch');
    expect(through.score).toBeGreaterThan(stopped.score);
  });

  it('warns about a PC sending infected mail and about ransomware families', () => {
    const r = recommend(
      input(
        { virus: { count: 4, families: ['emotet', 'agenttesla'] } },
        { virusChannels: { 'mail-send': 4 } },
      ),
    );
    expect(r.map((x) => x.id).slice(0, 2)).toEqual(['mail-send-virus', 'ransomware-family']);
    expect(r[1].text).toContain('（emotet）');
  });

  it('lists the log kinds that do not arrive', () => {
    const r = recommend(input({}, { uninspected: ['mail', 'web'] }));
    expect(r[0].id).toBe('missing-logs');
    expect(r[0].text).toContain('メールの記録、Webアクセスの記録が届いていません');
  });

  it('keeps the list short and numbered', () => {
    const all: ItemPatch = Object.fromEntries(
      CATEGORIES.map((c) => [c, { count: 10, stopped: 5, families: ['wannacry'] }]),
    );
    const r = recommend(
      input(all, {
        silent: true,
        highAlerts: 2,
        encryptedShare: 0.9,
        uninspected: ['mail'],
        virusChannels: { 'mail-send': 1, 'mail-receive': 5, web: 4 },
      }),
    );
    expect(r).toHaveLength(MAX_RECOMMENDATIONS);
    expect(r.map((x) => x.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const scores = r.map((x) => x.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('writes English on request', () => {
    const r = recommend(
      input({ virus: { count: 12 } }, { virusChannels: { 'mail-receive': 12 }, lang: 'en' }),
    );
    expect(r[0].title).toBe('Be careful with mail attachments and links');
    expect(r[0].text).toContain('12 mails with a virus arrived');
  });

  it('scores: getting through raises the weight by a quarter, counts by at most a fifth', () => {
    expect(scoreOf(80, { n: 0 })).toBe(80);
    expect(scoreOf(80, { n: 0, passed: true })).toBe(100);
    expect(scoreOf(80, { n: 9 })).toBe(84);
    expect(scoreOf(80, { n: 10 ** 9 })).toBe(96);
    expect(Object.keys(TRIGGERS)).toContain('keep-basics');
  });
});
