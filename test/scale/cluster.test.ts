/**
 * Scale-out end to end with real processes: 2 collectors, 2 writers and 1 API +
 * scheduler on one config file (ClickHouse, PostgreSQL, NATS). Logs sent to both
 * collectors are stored once each in ClickHouse, the portal's API answers from there,
 * and a rule that needs hits from both collectors' streams raises one alert.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../../src/devices/registry.js';
import { openStateDbPostgres } from '../../src/storage/state/state-db.js';
import { createCompany } from '../helpers/accounts.js';
import {
  type Cluster,
  openCluster,
  type RoleProcess,
  type ScaleUrls,
  scaleUrls,
} from '../helpers/scale-cluster.js';

const urls = scaleUrls();
const skip = 'skip' in urls ? urls.skip : null;
if (skip) console.warn(`scale-out cluster tests skipped: ${skip}`);

const webBlock = (i: number): string =>
  `<189>date=2026-11-20 time=10:0${i % 10}:00 devname="fw1" devid="FGT60F" logid="0316013056" type="utm" subtype="webfilter" eventtype="ftgd_blk" level="warning" srcip=192.168.1.50 srcport=${50400 + i} dstip=203.0.113.99 dstport=443 proto=6 service="HTTPS" hostname="malware.example.net" action="blocked" url="https://malware.example.net/" cat=26 catdesc="Malicious Websites" msg="URL belongs to a denied category in policy"`;

const line = (tag: string, i: number): string =>
  `<189>date=2026-11-20 time=10:00:00 devname="fw1" devid="FGT60F" logid="0000000013" type="traffic" subtype="forward" level="notice" srcip=192.0.2.10 srcport=5000 dstip=198.51.100.1 dstport=443 proto=6 action="accept" msg="${tag}-${i}"`;

/** Sends records over TCP and half-closes; resolves when the collector closed its side (all spooled). */
function sendAcked(port: number, tag: string, n: number, extra: readonly string[] = []): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    s.on('connect', () => {
      let chunk = '';
      for (let i = 0; i < n; i++) chunk += `${line(tag, i)}\n`;
      for (const l of extra) chunk += `${l}\n`;
      s.end(chunk);
    });
    s.on('data', () => undefined);
    s.on('end', () => resolve());
    s.on('error', reject);
  });
}

describe.skipIf(skip !== null)('scale-out cluster (real processes)', () => {
  let cluster: Cluster;
  const procs: RoleProcess[] = [];

  beforeAll(async () => {
    if ('skip' in urls) return;
    cluster = await openCluster(urls);
    // the companies and devices, as an operator would register them
    const db = await openStateDbPostgres(urls.postgres, { schema: cluster.schema });
    const reg = await DeviceRegistry.open(db, { ownsDb: true });
    await createCompany(db, { id: 'acme', name: 'Acme 株式会社' });
    await reg.addDevice({ id: 'fw1', tenant: 'acme', sources: ['127.0.0.1'] });
    await reg.close();
  }, 60_000);

  afterAll(async () => {
    // what each process said, for a failed run
    if (process.env.OTASUKE_TEST_VERBOSE) for (const p of procs) console.log(`--- ${p.name}\n${p.output()}`);
    await cluster?.close();
  });

  it('stores what two collectors accept, once, through two writers', async () => {
    procs.push(await cluster.start('api', ['api', 'scheduler']));
    procs.push(await cluster.start('writer-1', ['writer']));
    procs.push(await cluster.start('writer-2', ['writer']));
    const c1 = await cluster.start('collector-1', ['collector']);
    const c2 = await cluster.start('collector-2', ['collector']);
    procs.push(c1, c2);
    // 15 + 15 blocked visits to harmful sites from one PC: the rule needs 30 in 10 minutes,
    // so only a detector that sees both collectors' hits raises it
    const web = Array.from({ length: 30 }, (_, i) => webBlock(i));
    await Promise.all([
      sendAcked(c1.syslog as number, 'c1', 3000, web.slice(0, 15)),
      sendAcked(c2.syslog as number, 'c2', 3000, web.slice(15)),
    ]);
    // a clean stop of the collectors hands everything spooled to the bus
    expect(await c1.stop()).toBe(0);
    expect(await c2.stop()).toBe(0);

    const ch = (urls as ScaleUrls).clickhouse;
    let n = 0;
    for (let i = 0; i < 300 && n < 6030; i++) {
      n = await countEvents(ch, cluster.database);
      if (n < 6030) await new Promise((r) => setTimeout(r, 100));
    }
    expect(n).toBe(6030);
  }, 180_000);

  it('the API answers the dashboard from ClickHouse and the detector raised one alert', async () => {
    const api = procs.find((p) => p.name === 'api') as RoleProcess;
    const token = readFileSync(join(cluster.dir, 'api', 'admin-token'), 'utf8').trim();
    const get = async (path: string): Promise<unknown> => {
      const r = await fetch(`http://127.0.0.1:${api.http}${path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(r.status, path).toBe(200);
      return r.json();
    };
    const items = (await get('/api/companies/acme/dashboard/items?from=2026-11-01&to=2026-12-01')) as {
      items: { item: string; count: number }[];
    };
    expect(items.items.find((i) => i.item === 'harmful-web')?.count).toBe(30);
    let alerts: { ruleId: string; tenant: string }[] = [];
    for (let i = 0; i < 300 && alerts.length === 0; i++) {
      alerts = ((await get('/api/desk/alerts?status=all&tenant=acme')) as { alerts: typeof alerts }).alerts;
      if (alerts.length === 0) await new Promise((r) => setTimeout(r, 200));
    }
    expect(alerts.map((a) => a.ruleId)).toEqual(['harmful-web-burst']);
  }, 180_000);
});

async function countEvents(url: string, database: string): Promise<number> {
  const r = await fetch(
    `${url}/?database=${database}&query=${encodeURIComponent('SELECT count() FROM events')}`,
  );
  return Number((await r.text()).trim());
}
