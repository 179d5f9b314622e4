/**
 * Scale-out end to end with real processes: 2 collectors, 2 writers and 1 API +
 * scheduler on one config file (ClickHouse, PostgreSQL, NATS). Logs sent to both
 * collectors are stored once each in ClickHouse, the portal's API answers from there,
 * and a rule that needs hits from both collectors' streams raises one alert.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../../src/devices/registry.js';
import { openStateDbPostgres } from '../../src/storage/state/state-db.js';
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

const line = (tag: string, i: number): string =>
  `<189>date=2026-11-20 time=10:00:00 devname="fw1" devid="FGT60F" logid="0000000013" type="traffic" subtype="forward" level="notice" srcip=192.0.2.10 srcport=5000 dstip=198.51.100.1 dstport=443 proto=6 action="accept" msg="${tag}-${i}"`;

/** Sends records over TCP and half-closes; resolves when the collector closed its side (all spooled). */
function sendAcked(port: number, tag: string, n: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    s.on('connect', () => {
      let chunk = '';
      for (let i = 0; i < n; i++) chunk += `${line(tag, i)}\n`;
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
    await Promise.all([
      sendAcked(c1.syslog as number, 'c1', 3000),
      sendAcked(c2.syslog as number, 'c2', 3000),
    ]);
    // a clean stop of the collectors hands everything spooled to the bus
    expect(await c1.stop()).toBe(0);
    expect(await c2.stop()).toBe(0);

    const ch = (urls as ScaleUrls).clickhouse;
    let n = 0;
    for (let i = 0; i < 300 && n < 6000; i++) {
      n = await countEvents(ch, cluster.database);
      if (n < 6000) await new Promise((r) => setTimeout(r, 100));
    }
    expect(n).toBe(6000);
  }, 180_000);
});

async function countEvents(url: string, database: string): Promise<number> {
  const r = await fetch(
    `${url}/?database=${database}&query=${encodeURIComponent('SELECT count() FROM events')}`,
  );
  return Number((await r.text()).trim());
}
