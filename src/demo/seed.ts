/**
 * The demo programme a newcomer sees on first `npm start`: three small companies with
 * two weeks of generated UTM logs up to now, written through the same pipeline as real
 * logs. Seeded once per data folder (a marker file remembers it).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processLines } from '../ingest/parse/chunk-processor.js';
import type { EventStore } from '../storage/events/event-store.js';
import { type Family, generateRecords } from './generate.js';

export interface DemoCompany {
  tenant: string;
  device: string;
  name: string;
  /** Parser the demo device is registered with. */
  format: string;
  families: readonly Family[];
  recordsPerDay: number;
}

/** The part of the device registry the demo needs (registered so health and alerts have devices). */
export interface DemoRegistry {
  getDevice(id: string): Promise<unknown>;
  addDevice(input: { id: string; tenant: string; format: string; hostnames: string[] }): Promise<unknown>;
  noteSeen(deviceId: string, counts: { records: number; errors: number }, nowMs: number): void;
}

export const DEMO_COMPANIES: readonly DemoCompany[] = [
  {
    tenant: 'demo-sakura-kogyo',
    device: 'sakura-fg60f',
    name: 'さくら工業株式会社',
    format: 'fortigate',
    families: ['kv'],
    recordsPerDay: 4000,
  },
  {
    tenant: 'demo-midori-shoten',
    device: 'midori-pa220',
    name: '有限会社みどり商店',
    format: 'paloalto',
    families: ['csv'],
    recordsPerDay: 2500,
  },
  {
    tenant: 'demo-aozora-clinic',
    device: 'aozora-suricata',
    name: 'あおぞら歯科クリニック',
    format: 'suricata',
    families: ['json'],
    recordsPerDay: 1500,
  },
];

const MARKER = '.demo-seeded';
const DAYS = 14;

export interface SeedResult {
  seeded: boolean;
  events: number;
}

export async function seedDemoIfEmpty(
  dataDir: string,
  store: EventStore,
  registry: DemoRegistry | null,
  nowMs = Date.now(),
): Promise<SeedResult> {
  const marker = join(dataDir, MARKER);
  if (existsSync(marker)) return { seeded: false, events: 0 };
  let events = 0;
  for (const [i, c] of DEMO_COMPANIES.entries()) {
    if (registry && !(await registry.getDevice(c.device))) {
      await registry.addDevice({ id: c.device, tenant: c.tenant, format: c.format, hostnames: [c.device] });
    }
    let deviceEvents = 0;
    const total = c.recordsPerDay * DAYS;
    const stepMs = Math.floor((DAYS * 86_400_000) / total);
    const gen = generateRecords({
      seed: 1000 + i,
      startMs: nowMs - DAYS * 86_400_000,
      stepMs,
      families: c.families,
    });
    const spec = { tenant: c.tenant, device: c.device };
    for (let done = 0; done < total; ) {
      const lines: string[] = [];
      for (let k = 0; k < 20_000 && done < total; k++, done++) lines.push(gen.next().value as string);
      const r = processLines(lines, { spec, nowMs, useNowWhenMissing: false });
      await store.appendEncoded(r.batch);
      await store.appendQuarantine(r.quarantine);
      deviceEvents += r.events;
    }
    events += deviceEvents;
    registry?.noteSeen(c.device, { records: deviceEvents, errors: 0 }, nowMs);
  }
  writeFileSync(marker, new Date(nowMs).toISOString() + '\n');
  return { seeded: true, events };
}
