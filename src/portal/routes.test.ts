/** Portal API: dashboards, event search and export, portal texts, operator views (real DuckDB + SQLite). */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCompany,
  openTestApp,
  type TestApp,
  type TestSession,
  tokenHeaders,
  userSession,
} from '../../test/helpers/accounts.js';
import { makeEvent } from '../../test/helpers/events.js';
import { CATEGORIES } from '../event/event.js';
import { TLS_PORTS } from '../storage/events/event-store.js';

// 20 January 2026 in Tokyo: the default period is January 2026 (Tokyo)
const NOW = Date.parse('2026-01-20T03:00:00.000Z');
const LAST_SEEN = NOW - 5 * 3_600_000;
const JAN = { from: '2025-12-31T15:00:00.000Z', to: '2026-01-31T15:00:00.000Z' };

const acme = [
  ...[1, 2, 3].map((i) =>
    makeEvent({ ts: `2026-01-1${i}T01:00:00.000Z`, kind: 'mail', category: 'spam', action: 'block' }),
  ),
  makeEvent({ ts: '2025-12-10T01:00:00.000Z', kind: 'mail', category: 'spam', action: 'block' }),
  makeEvent({
    ts: '2026-01-12T02:00:00.000Z',
    kind: 'threat',
    category: 'virus',
    channel: 'web',
    action: 'block',
    threat: 'W32/Emotet.ABC!tr',
    threat_family: 'emotet',
  }),
  makeEvent({
    ts: '2026-01-14T02:00:00.000Z',
    kind: 'mail',
    category: 'virus',
    channel: 'mail-receive',
    action: 'block',
    threat: 'EICAR_TEST_FILE',
  }),
  makeEvent({
    ts: '2026-01-12T03:00:00.000Z',
    kind: 'web',
    category: 'harmful-web',
    action: 'allow',
    domain: 'phish.example.org',
  }),
  makeEvent({
    ts: '2026-01-12T04:00:00.000Z',
    kind: 'web',
    category: 'online-storage',
    action: 'allow',
    app: 'Dropbox',
    src_ip: '192.168.1.10',
    user: '=HYPERLINK("http://evil.example")',
  }),
  makeEvent({
    ts: '2026-01-12T05:00:00.000Z',
    kind: 'web',
    category: 'sns-webmail',
    action: 'allow',
    domain: 'x.com',
  }),
  makeEvent({
    ts: '2026-01-13T05:00:00.000Z',
    kind: 'threat',
    category: 'malicious-outbound',
    action: 'block',
    threat: 'WannaCry.KillSwitch',
    threat_family: 'wannacry',
    dst_ip: '198.51.100.66',
  }),
  makeEvent({ ts: '2026-01-13T06:00:00.000Z', dst_port: 443 }),
  makeEvent({ ts: '2026-01-13T06:00:01.000Z', dst_port: 443 }),
  makeEvent({ ts: '2026-01-13T06:00:02.000Z', dst_port: 80 }),
];
const rival = [
  makeEvent({
    tenant: 'rival',
    device: 'fw-rival',
    ts: '2026-01-12T01:00:00.000Z',
    category: 'virus',
    channel: 'web',
    threat: 'RivalOnlyThreat',
    domain: 'rival-secret.example',
    raw: 'rival secret',
  }),
];

const DASH = ['items', 'trend', 'virus', 'scenarios', 'usage', 'visibility'];
const acmeUrls = [
  ...DASH.map((v) => `/api/companies/acme/dashboard/${v}`),
  '/api/companies/acme/events',
  '/api/companies/acme/events.csv',
];
const OPERATOR_URLS = ['/api/operator/companies', '/api/programme/summary'];

describe('portal API', () => {
  let t: TestApp;
  let boss: TestSession;
  let viewer: TestSession;
  let engineer: TestSession;

  beforeAll(async () => {
    t = await openTestApp({ events: [...acme, ...rival], now: NOW });
    await createCompany(t.db, { id: 'acme', name: 'Acme 製作所' });
    await createCompany(t.db, { id: 'rival', name: 'Rival secret name' });
    await t.registry.addDevice({ id: 'fw1', tenant: 'acme', sources: ['192.0.2.10'] });
    await t.registry.addDevice({ id: 'fw-rival', tenant: 'rival', sources: ['192.0.2.20'] });
    // fw1 last sent five hours ago: silent (threshold 2 h) at NOW
    t.registry.noteSeen('fw1', { records: 1, errors: 0 }, LAST_SEEN);
    boss = (await userSession(t, { login: 'boss', role: 'company-admin', tenant: 'acme' })).session;
    viewer = (await userSession(t, { login: 'staff', role: 'company-viewer', tenant: 'acme' })).session;
    engineer = (await userSession(t, { login: 'eng', role: 'engineer', assigned: ['acme'] })).session;
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ url, headers });

  it('401 for anonymous callers on every route', async () => {
    for (const url of [...acmeUrls, ...OPERATOR_URLS, '/api/content/portal']) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(401);
      expect(r.json().error.code, url).toBe('unauthorized');
    }
  });

  it('404 for another company, with nothing of it in the answer', async () => {
    for (const url of acmeUrls.map((u) => u.replace('/acme/', '/rival/'))) {
      for (const s of [boss, viewer]) {
        const r = await get(url, s.headers);
        expect(r.statusCode, url).toBe(404);
        expect(r.json().error.code).toBe('not-found');
        expect(r.body).not.toMatch(/rival|secret/i);
      }
    }
    // an engineer not assigned to it, and staff asking for a company that does not exist
    expect((await get('/api/companies/rival/dashboard/items', engineer.headers)).statusCode).toBe(404);
    expect((await get('/api/companies/nobody/dashboard/items', tokenHeaders)).statusCode).toBe(404);
  });

  it('403 on the operator views for company users', async () => {
    for (const url of OPERATOR_URLS)
      for (const s of [boss, viewer]) {
        const r = await get(url, s.headers);
        expect(r.statusCode, url).toBe(403);
        expect(r.json().error.code).toBe('forbidden');
      }
  });

  it('400 naming the field', async () => {
    const cases: [string, string][] = [
      ['/api/companies/acme/dashboard/items?from=yesterday', 'from'],
      ['/api/companies/acme/dashboard/items?to=2026-13-01', 'to'],
      ['/api/companies/acme/dashboard/items?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
      ['/api/companies/acme/dashboard/items?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'to'],
      ['/api/companies/acme/dashboard/items?x=1', 'x'],
      ['/api/companies/acme/dashboard/trend?bucket=hour', 'bucket'],
      ['/api/companies/acme/dashboard/virus?bucket=year', 'bucket'],
      ['/api/companies/a%20b/dashboard/items', 'tenant'],
      ['/api/companies/acme/events?limit=501', 'limit'],
      ['/api/companies/acme/events?limit=0', 'limit'],
      ['/api/companies/acme/events?cursor=garbage', 'cursor'],
      ['/api/companies/acme/events?category=bogus', 'category'],
      ['/api/companies/acme/events?action=explode', 'action'],
      ['/api/companies/acme/events?ip=not%20an%20ip', 'ip'],
      ['/api/companies/acme/events?domain=a%20b', 'domain'],
      ['/api/companies/acme/events.csv?threat=', 'threat'],
      ['/api/content/portal?lang=xx', 'lang'],
      ['/api/operator/companies?from=nope', 'from'],
      ['/api/programme/summary?to=nope', 'to'],
    ];
    for (const [url, field] of cases) {
      const r = await get(
        url,
        url.startsWith('/api/operator') || url.startsWith('/api/programme') ? tokenHeaders : boss.headers,
      );
      expect(r.statusCode, url).toBe(400);
      expect(r.json().error, url).toMatchObject({ code: 'invalid-input', field });
    }
  });

  it('items: the ten cards with counts, the previous month, change, actions and what the UTM did', async () => {
    const r = await get('/api/companies/acme/dashboard/items', boss.headers);
    expect(r.statusCode).toBe(200);
    const b = r.json();
    expect(b.period).toEqual(JAN);
    expect(b.previous).toEqual({ from: '2025-11-30T15:00:00.000Z', to: JAN.from });
    expect(b.items.map((i: { item: string }) => i.item)).toEqual([...CATEGORIES]);
    const card = (id: string) => b.items.find((i: { item: string }) => i.item === id);
    expect(card('spam')).toMatchObject({
      count: 3,
      previousCount: 1,
      change: 2,
      actions: { block: 3 },
      handled: 'blocked',
    });
    expect(card('virus')).toMatchObject({ count: 2, previousCount: 0, change: null, handled: 'blocked' });
    expect(card('harmful-web')).toMatchObject({ count: 1, actions: { allow: 1 }, handled: 'detected' });
    expect(card('online-storage')).toMatchObject({ count: 1, handled: 'seen' });
    expect(card('recon')).toMatchObject({ count: 0, handled: 'none' });
    expect(r.body).not.toMatch(/rival/i);
  });

  it('trend: Tokyo day, week and month buckets', async () => {
    const day = (await get('/api/companies/acme/dashboard/trend?bucket=day', viewer.headers)).json();
    expect(day.buckets).toHaveLength(31);
    expect(day.buckets[0]).toBe(JAN.from);
    expect(day.series.spam.reduce((a: number, n: number) => a + n, 0)).toBe(3);
    // 2026-01-11T01:00Z is 11 January in Tokyo: index 10
    expect(day.series.spam[10]).toBe(1);
    const week = (await get('/api/companies/acme/dashboard/trend?bucket=week', viewer.headers)).json();
    expect(week.buckets[0]).toBe('2025-12-28T15:00:00.000Z');
    const month = (
      await get(
        `/api/companies/acme/dashboard/trend?bucket=month&from=2025-12-01&to=2026-02-01`,
        boss.headers,
      )
    ).json();
    expect(month.buckets).toEqual(['2025-11-30T15:00:00.000Z', JAN.from]);
    expect(month.series.spam).toEqual([1, 3]);
  });

  it('virus: by channel over time, cumulative by channel, by family', async () => {
    const v = (await get('/api/companies/acme/dashboard/virus', boss.headers)).json();
    expect(v.byChannel).toEqual({ 'mail-send': 0, 'mail-receive': 1, web: 1, ftp: 0, other: 0 });
    expect(v.byChannelOverTime.web[11]).toBe(1);
    expect(v.byChannelCumulative.web.at(-1)).toBe(1);
    expect(v.byChannelCumulative['mail-receive'][12]).toBe(0);
    expect(v.byChannelCumulative['mail-receive'][13]).toBe(1);
    expect(v.byFamily).toEqual([
      { family: 'emotet', n: 1 },
      { family: 'unknown', n: 1 },
    ]);
    expect(v.total).toBe(2);
  });

  it('scenarios: a level per scenario from this company only', async () => {
    const s = (await get('/api/companies/acme/dashboard/scenarios', boss.headers)).json();
    const by = Object.fromEntries(s.scenarios.map((x: { id: string }) => [x.id, x]));
    expect(Object.keys(by)).toEqual(['ransomware', 'targeted-attack', 'insider-leak', 'careless-leak']);
    expect(by.ransomware).toMatchObject({
      level: 'high',
      reason: 'ransomware-family',
      frequency: 'low',
      impact: 'high',
    });
    expect(by['targeted-attack'].level).toBe('medium');
    expect(by['insider-leak'].level).toBe('medium');
    expect(by['careless-leak'].evidence).toEqual([
      { item: 'risky-input-tool', count: 0 },
      { item: 'sns-webmail', count: 1 },
    ]);
  });

  it('usage: top services and hosts of the four usage items', async () => {
    const u = (await get('/api/companies/acme/dashboard/usage', boss.headers)).json();
    expect(u.items.map((i: { item: string }) => i.item)).toEqual([
      'online-storage',
      'remote-access',
      'risky-input-tool',
      'sns-webmail',
    ]);
    expect(u.items[0]).toEqual({
      item: 'online-storage',
      count: 1,
      services: [{ name: 'Dropbox', n: 1 }],
      hosts: [{ host: '192.168.1.10', n: 1 }],
    });
    expect(u.items[3].services).toEqual([{ name: 'x.com', n: 1 }]);
  });

  it('visibility: encrypted share, kinds of logs not sent, devices', async () => {
    // the encrypted share is measured over the newest 2 days of the period: ask for 2 days
    const week = { from: '2026-01-12T00:00:00.000Z', to: '2026-01-14T00:00:00.000Z' };
    const out = acme.filter(
      (e) => e.ts >= week.from && e.ts < week.to && e.direction === 'outbound' && e.dst_port !== null,
    );
    expect(out.length).toBeGreaterThan(1);
    const v = (
      await get(`/api/companies/acme/dashboard/visibility?from=${week.from}&to=${week.to}`, boss.headers)
    ).json();
    expect(v.outbound).toBe(out.length);
    expect(v.encrypted).toBe(
      out.filter((e) => (TLS_PORTS as readonly number[]).includes(e.dst_port as number)).length,
    );
    expect(v.encrypted).toBeGreaterThan(0);
    expect(v.encryptedShare).toBeCloseTo(v.encrypted / v.outbound, 3);
    expect(v.uninspectedKinds).toEqual([]);
    expect(v.devices).toEqual([
      {
        id: 'fw1',
        vendor: 'fortigate',
        lastSeenAt: new Date(LAST_SEEN).toISOString(),
        silent: true,
        enabled: true,
      },
    ]);
    const feb = (await get('/api/companies/acme/dashboard/visibility?from=2026-02-01', boss.headers)).json();
    expect(feb.uninspectedKinds).toEqual(['traffic', 'threat', 'web', 'mail']);
    expect(feb.encryptedShare).toBeNull();
  });

  it('events: filters and keyset pages, newest first, without raw', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/companies/acme/events?limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const r = await get(url, boss.headers);
      expect(r.statusCode).toBe(200);
      const b = r.json();
      expect(b.events.length).toBeLessThanOrEqual(4);
      for (const e of b.events) {
        expect(e).not.toHaveProperty('raw');
        expect(e.tenant).toBe('acme');
        seen.push(e.ts);
      }
      cursor = b.nextCursor;
    } while (cursor);
    const jan = acme.filter((e) => e.ts >= JAN.from && e.ts < JAN.to).map((e) => e.ts);
    expect(seen).toEqual([...jan].sort().reverse());
    const one = async (q: string) =>
      (await get(`/api/companies/acme/events?${q}`, boss.headers))
        .json()
        .events.map((e: { threat: string; domain: string }) => e.threat ?? e.domain);
    expect(await one('threat=wannacry')).toEqual(['WannaCry.KillSwitch']);
    expect(await one('domain=example.org')).toEqual(['phish.example.org']);
    expect(await one('ip=198.51.100.66')).toEqual(['WannaCry.KillSwitch']);
    expect(await one('category=virus&action=block')).toEqual(['EICAR_TEST_FILE', 'W32/Emotet.ABC!tr']);
    expect(await one('threat=RivalOnly')).toEqual([]);
  });

  it('events.csv: BOM, x-total-rows, injection-safe cells, this company only', async () => {
    const r = await get('/api/companies/acme/events.csv', boss.headers);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="events-acme-20260101-20260131.csv"');
    const total = acme.filter((e) => e.ts >= JAN.from && e.ts < JAN.to).length;
    expect(r.headers['x-total-rows']).toBe(String(total));
    expect(r.body.charCodeAt(0)).toBe(0xfeff);
    const lines = r.body.slice(1).trimEnd().split('\r\n');
    expect(lines).toHaveLength(total + 1);
    expect(lines[0].startsWith('ts,tenant,device')).toBe(true);
    expect(r.body).toContain(`"'=HYPERLINK(""http://evil.example"")"`);
    expect(r.body).not.toMatch(/rival|raw line/);
    const spam = await get('/api/companies/acme/events.csv?category=spam', boss.headers);
    expect(spam.headers['x-total-rows']).toBe('3');
    expect(spam.body.slice(1).trimEnd().split('\r\n')).toHaveLength(4);
  });

  it('content: the plain-language texts for any logged-in user', async () => {
    const r = await get('/api/content/portal', viewer.headers);
    expect(r.statusCode).toBe(200);
    const c = r.json();
    expect(Object.keys(c.items)).toEqual([...CATEGORIES]);
    expect(c.items.recon.ja.explain).toContain('玄関や窓');
    expect(c.scenarios.ransomware.en.steps.length).toBeGreaterThan(2);
    expect(Object.keys(c.channels)).toEqual(['mail-send', 'mail-receive', 'web', 'ftp', 'other']);
    expect(c.visibility.kinds.mail.ja.missing).toContain('迷惑メール');
  });

  it('operator companies: health, open alerts and item counts; engineers see their companies only', async () => {
    await t.registry.checkSilence(NOW); // raises the alert of the silent fw1
    const r = await get('/api/operator/companies', tokenHeaders);
    expect(r.statusCode).toBe(200);
    const b = r.json();
    expect(b.period).toEqual(JAN);
    expect(b.companies.map((c: { id: string }) => c.id)).toEqual(['acme', 'rival']);
    expect(b.companies[0]).toMatchObject({
      id: 'acme',
      name: 'Acme 製作所',
      prefecture: 'Tokyo',
      industry: 'manufacturing',
      employees: 20,
      devices: { total: 1, silent: 1 },
      lastLogAt: new Date(LAST_SEEN).toISOString(),
      openAlerts: 1,
      items: { spam: 3, virus: 2, recon: 0 },
    });
    const e = (await get('/api/operator/companies', engineer.headers)).json();
    expect(e.companies.map((c: { id: string }) => c.id)).toEqual(['acme']);
    expect(JSON.stringify(e)).not.toMatch(/rival/i);
  });

  it('programme summary: per item the total across UTMs and on how many UTMs it was seen', async () => {
    const r = await get('/api/programme/summary', tokenHeaders);
    expect(r.statusCode).toBe(200);
    const s = r.json();
    expect(s).toMatchObject({ period: JAN, utms: 2, reportingUtms: 2, companies: 2 });
    const item = (id: string) => s.items.find((i: { item: string }) => i.item === id);
    expect(item('virus')).toEqual({ item: 'virus', usage: false, total: 3, utms: 2, companies: 2, share: 1 });
    expect(item('online-storage')).toEqual({
      item: 'online-storage',
      usage: true,
      total: 1,
      utms: 1,
      companies: 1,
      share: 0.5,
    });
    expect(s.items).toHaveLength(10);
  });

  it('audits operator reads of company data, not the company users reading their own', async () => {
    await get('/api/companies/acme/dashboard/items', tokenHeaders);
    await get('/api/companies/acme/events.csv', tokenHeaders);
    const rows = await t.db.selectFrom('audit_log').select(['action', 'tenant', 'actor_login']).execute();
    const actions = rows.map((r) => `${r.actor_login} ${r.action} ${r.tenant}`);
    expect(actions).toContain('api-token company.dashboard.items.read acme');
    expect(actions).toContain('api-token company.events.export acme');
    expect(actions).toContain('api-token operator.companies.read null');
    expect(actions).toContain('api-token programme.summary.read null');
    expect(rows.filter((r) => r.actor_login === 'boss' && r.action.startsWith('company.'))).toEqual([]);
  });
});
