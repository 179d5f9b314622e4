import { existsSync, mkdirSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../accounts/password.js';
import { type DeviceRegistry, openDeviceRegistry } from '../devices/index.js';
import { DuckDbEventStore } from '../storage/events/duckdb/duckdb-store.js';
import type { EventStore } from '../storage/events/event-store.js';
import { companyTraits, DEMO_COMPANIES, devicePlans, WANNACRY_TENANT } from './companies.js';
import { generateDeviceDay } from './generate.js';
import { DEMO_LOGINS, type DemoOptions, startDemo } from './seed.js';
import { SPAM_VENDORS } from './vendors.js';

// a Wednesday, 23:59:59 JST: the period ends on a whole day
const NOW = Date.parse('2026-10-14T23:59:59+09:00');
const DAYS = 5;
const SCALE = 0.05;

interface Folder {
  dir: string;
  store: EventStore;
  registry: DeviceRegistry;
}

async function open(dir: string): Promise<Folder> {
  mkdirSync(dir, { recursive: true });
  const store = await DuckDbEventStore.open({ path: join(dir, 'events.duckdb') });
  const registry = await openDeviceRegistry(join(dir, 'state.sqlite'));
  return { dir, store, registry };
}

async function close(f: Folder): Promise<void> {
  await f.registry.close();
  await f.store.close();
}

function options(f: Folder, extra: Partial<DemoOptions> = {}): DemoOptions {
  return {
    dataDir: f.dir,
    store: f.store,
    registry: f.registry,
    nowMs: NOW,
    days: DAYS,
    scale: SCALE,
    workers: 0,
    live: false,
    ...extra,
  };
}

/** tenant → category → n, and tenant → threat_family → n. */
async function tally(store: EventStore): Promise<{
  cats: Map<string, Map<string, number>>;
  fams: Map<string, Map<string, number>>;
  total: number;
}> {
  const cats = new Map<string, Map<string, number>>();
  const fams = new Map<string, Map<string, number>>();
  let total = 0;
  for (const c of DEMO_COMPANIES) {
    const m = new Map<string, number>();
    for (const r of await store.counts(c.tenant, { groupBy: ['category'] })) {
      m.set(r.keys.category ?? '', r.n);
      total += r.n;
    }
    cats.set(c.tenant, m);
    const f = new Map<string, number>();
    for (const r of await store.counts(c.tenant, { groupBy: ['threat_family'] }))
      if (r.keys.threat_family) f.set(r.keys.threat_family, r.n);
    fams.set(c.tenant, f);
  }
  return { cats, fams, total };
}

describe('demo generator', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const [p] = devicePlans({ days: 92 });
    const day0 = Date.parse('2026-10-12T00:00:00+09:00');
    const a = generateDeviceDay(p, 3, day0, NOW);
    const b = generateDeviceDay(p, 3, day0, NOW);
    expect(a.length).toBeGreaterThan(100);
    expect(b).toEqual(a);
    expect(generateDeviceDay({ ...p, seed: p.seed + 1 }, 3, day0, NOW)).not.toEqual(a);
    // a weekday is busier than a Sunday (office rhythm)
    const sunday = Date.parse('2026-10-11T00:00:00+09:00');
    expect(generateDeviceDay(p, 3, sunday, NOW).length).toBeLessThan(a.length / 2);
  });

  it('has ~30 companies in Chiba and Saitama, the three original demo ids among them', () => {
    expect(DEMO_COMPANIES.length).toBeGreaterThanOrEqual(28);
    for (const id of ['demo-sakura-kogyo', 'demo-midori-shoten', 'demo-aozora-clinic'])
      expect(DEMO_COMPANIES.some((c) => c.tenant === id)).toBe(true);
    for (const c of DEMO_COMPANIES) {
      expect(['千葉県', '埼玉県']).toContain(c.prefecture);
      expect(c.employees).toBeGreaterThanOrEqual(3);
      expect(c.employees).toBeLessThanOrEqual(250);
    }
    const vendors = new Set(devicePlans({ days: 92 }).map((p) => p.vendor));
    expect(vendors.size).toBeGreaterThanOrEqual(8);
  });
});

describe('demo load (scaled down)', () => {
  let root: string;
  let f: Folder;
  let result: Awaited<ReturnType<typeof tally>>;
  const printed: string[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'otasuke-demo-'));
    f = await open(join(root, 'a'));
    const run = await startDemo(options(f, { print: (l) => printed.push(l), progress: 'lines' }));
    expect(run).not.toBeNull();
    await run?.load();
    expect(run?.status().state).toBe('done');
    result = await tally(f.store);
  }, 120_000);

  afterAll(async () => {
    if (f) await close(f);
    rmSync(root, { recursive: true, force: true });
  });

  it('registers the companies, their devices and the two logins', async () => {
    const companies = await f.registry.db.selectFrom('companies').selectAll().execute();
    expect(companies.map((c) => c.id).sort()).toEqual(DEMO_COMPANIES.map((c) => c.tenant).sort());
    const devices = await f.registry.listDevices();
    const plans = devicePlans({ days: DAYS });
    expect(devices.map((d) => d.id).sort()).toEqual(plans.map((p) => p.id).sort());
    for (const d of devices) expect(d.format).toBe(plans.find((p) => p.id === d.id)?.vendor);
    for (const l of DEMO_LOGINS) {
      const u = await f.registry.db
        .selectFrom('users')
        .selectAll()
        .where('login', '=', l.login)
        .executeTakeFirst();
      expect(u?.role).toBe(l.role);
      expect(u?.tenant).toBe(l.tenant);
      expect(u?.must_change_password).toBe(0);
      expect(await verifyPassword(u?.password_hash as string, l.password)).toBe(true);
    }
    expect(
      printed.some((l) =>
        l.startsWith('demo login: sakura-admin / sakura-demo-2026 (company-admin of さくら工業株式会社)'),
      ),
    ).toBe(true);
    expect(printed.some((l) => /^demo: loading 30 companies/.test(l))).toBe(true);
    expect(printed.some((l) => /^demo: loaded \d+ events for 30 companies in [\d.]+ s$/.test(l))).toBe(true);
    expect(existsSync(join(f.dir, '.demo-loaded'))).toBe(true);
  });

  it('parses every device line: nothing quarantined', async () => {
    for (const c of DEMO_COMPANIES) expect(await f.store.quarantineCounts(c.tenant, {})).toEqual([]);
  });

  it('has WannaCry at exactly one company', () => {
    const withWannacry = [...result.fams].filter(([, m]) => (m.get('wannacry') ?? 0) > 0).map(([t]) => t);
    expect(withWannacry).toEqual([WANNACRY_TENANT]);
  });

  it('shows the usage items on the intended companies (the seed shares)', () => {
    const traits = companyTraits();
    const on = (cat: string) =>
      [...result.cats]
        .filter(([, m]) => (m.get(cat) ?? 0) > 0)
        .map(([t]) => t)
        .sort();
    const want = (k: 'storage' | 'remote' | 'ime' | 'sns' | 'harmfulWeb') =>
      [...traits]
        .filter(([, t]) => t[k])
        .map(([id]) => id)
        .sort();
    expect(on('online-storage')).toEqual(want('storage'));
    expect(on('remote-access')).toEqual(want('remote'));
    expect(on('risky-input-tool')).toEqual(want('ime'));
    expect(on('sns-webmail')).toEqual(want('sns'));
    expect(on('harmful-web')).toEqual(want('harmfulWeb'));
    const n = DEMO_COMPANIES.length;
    expect(want('storage').length / n).toBeCloseTo(0.2, 1);
    expect(want('remote').length / n).toBeCloseTo(0.22, 1);
    expect(want('ime').length / n).toBeCloseTo(0.34, 1);
    expect(want('sns').length / n).toBeCloseTo(0.27, 1);
  });

  it('has ~14 spam a day per UTM with antispam, scans and IPS detections everywhere', () => {
    const utms = devicePlans({ days: DAYS }).filter((p) => p.role === 'utm');
    const spamUtms = utms.filter((p) => SPAM_VENDORS.has(p.vendor));
    let spam = 0;
    for (const m of result.cats.values()) spam += m.get('spam') ?? 0;
    const perDay = spam / (spamUtms.length * DAYS);
    expect(perDay).toBeGreaterThan(11);
    expect(perDay).toBeLessThan(17);
    for (const c of DEMO_COMPANIES) {
      const m = result.cats.get(c.tenant) as Map<string, number>;
      expect(m.get('recon') ?? 0, `${c.tenant} recon`).toBeGreaterThan(0);
      expect(m.get('intrusion-inbound') ?? 0, `${c.tenant} intrusion`).toBeGreaterThan(0);
    }
    // the seed's order: outbound > harmful web > spam > scans
    const sum = (cat: string) => [...result.cats.values()].reduce((n, m) => n + (m.get(cat) ?? 0), 0);
    expect(sum('malicious-outbound')).toBeGreaterThan(sum('harmful-web'));
    expect(sum('harmful-web')).toBeGreaterThan(sum('spam'));
    expect(sum('spam')).toBeGreaterThan(sum('recon'));
  });

  it('re-running after the marker is gone adds nothing (batch ids)', async () => {
    unlinkSync(join(f.dir, '.demo-loaded'));
    const run = await startDemo(options(f));
    await run?.load();
    expect(run?.status().state).toBe('done');
    expect((await tally(f.store)).total).toBe(result.total);
    // and with the marker back, it is simply done
    const again = await startDemo(options(f));
    expect(again?.status().state).toBe('done');
  });

  it('stopped half-way, the next start finishes it without duplicates', async () => {
    const g = await open(join(root, 'b'));
    try {
      const first = await startDemo(options(g));
      const loading = first?.load();
      // stop as soon as something is in
      while ((first?.status().done ?? 0) === 0) await new Promise((r) => setTimeout(r, 5));
      await first?.stop();
      await loading;
      expect(existsSync(join(g.dir, '.demo-loaded'))).toBe(false);
      const partial = (await tally(g.store)).total;
      expect(partial).toBeGreaterThan(0);
      const second = await startDemo(options(g, { nowMs: NOW + 3_600_000 }));
      await second?.load();
      expect(second?.status().state).toBe('done');
      expect((await tally(g.store)).total).toBe(result.total);
    } finally {
      await close(g);
    }
  });

  it('keeps the devices sending after the load (live windows, idempotent)', async () => {
    const eventsAfterNow = async () => {
      let n = 0;
      for (const c of DEMO_COMPANIES)
        for (const r of await f.store.counts(c.tenant, {
          from: new Date(NOW + 1).toISOString(),
          groupBy: ['category'],
        }))
          n += r.n;
      return n;
    };
    expect(await eventsAfterNow()).toBe(0);
    const clock = () => NOW + 20 * 60_000;
    const run = await startDemo(options(f, { live: true, now: clock }));
    await run?.load();
    await run?.stop();
    const live = await eventsAfterNow();
    expect(live).toBeGreaterThan(0);
    // again (as after a restart): the same windows are not written twice
    const again = await startDemo(options(f, { live: true, now: clock }));
    await again?.load();
    await again?.stop();
    expect(await eventsAfterNow()).toBe(live);
    const devices = await f.registry.listDevices();
    expect(devices.filter((d) => (d.lastSeenAt ?? 0) > NOW).length).toBeGreaterThan(devices.length / 2);
    expect(devices.every((d) => d.silentAfterMs === 240 * 60_000)).toBe(true);
  });

  it('leaves a data folder in real use alone', async () => {
    const h = await open(join(root, 'c'));
    try {
      await h.registry.addDevice({ id: 'real-fw', tenant: 'acme', format: 'fortigate' });
      expect(await startDemo(options(h))).toBeNull();
    } finally {
      await close(h);
    }
  });
});

// Opt-in: the full three-month demo into a temporary folder (OTASUKE_DEMO_TIMING=1).
// From sources there are no worker threads; `node dist/bench/demo-load.js` times the build.
describe.runIf(process.env.OTASUKE_DEMO_TIMING === '1')('demo load timing (full)', () => {
  it('loads the whole demo and prints the time', async () => {
    const { timeDemoLoad } = await import('../../bench/demo-load.js');
    const r = await timeDemoLoad({ print: () => {} });
    console.log(JSON.stringify(r, null, 2));
    expect(r.events).toBeGreaterThan(100_000);
  }, 600_000);
});
