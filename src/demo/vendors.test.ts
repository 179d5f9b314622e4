import { describe, expect, it } from 'vitest';
import { processLines } from '../ingest/parse/chunk-processor.js';
import { Rng } from './random.js';
import { CLEAN_MAIL_VENDORS, type DemoVendor, type DeviceCtx, type Scenario, WRITERS } from './vendors.js';

const EXPECT: Record<Scenario, { category: string | null; channel?: string; family?: string }> = {
  traffic: { category: null },
  deny: { category: null },
  spam: { category: 'spam' },
  // clean mail: no monitoring item, but the way it went, so received mail can be counted
  'mail-in': { category: null, channel: 'mail-receive' },
  'mail-out': { category: null, channel: 'mail-send' },
  scan: { category: 'recon' },
  'ips-in': { category: 'intrusion-inbound' },
  cnc: { category: 'malicious-outbound' },
  wannacry: { category: 'malicious-outbound', family: 'wannacry' },
  'virus-web': { category: 'virus', channel: 'web' },
  'virus-ftp': { category: 'virus', channel: 'ftp' },
  'virus-mail-in': { category: 'virus', channel: 'mail-receive' },
  'virus-mail-out': { category: 'virus', channel: 'mail-send' },
  'harmful-web': { category: 'harmful-web' },
  storage: { category: 'online-storage' },
  remote: { category: 'remote-access' },
  ime: { category: 'risky-input-tool' },
  sns: { category: 'sns-webmail' },
};

const ctx: DeviceCtx = {
  name: 'FW-TEST',
  serial: 'SN0001',
  lan: '192.168.20',
  hosts: 30,
  wan: '198.51.100.200',
  infectedPc: '192.168.20.33',
};

describe('demo vendor writers', () => {
  const vendors = Object.keys(WRITERS) as DemoVendor[];
  for (const v of vendors) {
    it(`${v}: every scenario parses into its monitoring item`, () => {
      const problems: string[] = [];
      const r = new Rng(7);
      for (const s of Object.keys(EXPECT) as Scenario[]) {
        for (let i = 0; i < 20; i++) {
          const line = WRITERS[v](r, s, Date.UTC(2026, 9, 1, 2, 0, i), ctx);
          if (line === null) continue;
          const events: import('../event/event.js').NormalizedEvent[] = [];
          const out = processLines(
            [line],
            {
              spec: { tenant: 't', device: 'd', format: v },
              nowMs: Date.UTC(2026, 10, 1),
              useNowWhenMissing: false,
              keepEvents: true,
            },
            events,
          );
          if (out.quarantine.length) {
            problems.push(
              `${s}: quarantined ${out.quarantine[0].code} ${out.quarantine[0].message} :: ${line}`,
            );
            break;
          }
          const e = events[0];
          const want = EXPECT[s];
          const cat = want.category;
          if (e.category !== cat) {
            problems.push(`${s}: category ${e.category} (want ${cat}) :: ${line}`);
            break;
          }
          if (want.channel && e.channel !== want.channel) {
            problems.push(`${s}: channel ${e.channel} (want ${want.channel}) :: ${line}`);
            break;
          }
          if ((e.threat_family === 'wannacry') !== (want.family === 'wannacry')) {
            problems.push(`${s}: family ${e.threat_family} :: ${line}`);
            break;
          }
          if (Math.abs(Date.parse(e.ts) - Date.UTC(2026, 9, 1, 2, 0, i)) > 1000) {
            problems.push(`${s}: ts ${e.ts} :: ${line}`);
            break;
          }
        }
      }
      expect(problems).toEqual([]);
    });
  }
});

describe('clean mail in the demo', () => {
  it('only the vendors that log every mail write clean mail', () => {
    const r = new Rng(11);
    for (const v of Object.keys(WRITERS) as DemoVendor[]) {
      const lines = (['mail-in', 'mail-out'] as const).map((s) =>
        WRITERS[v](r, s, Date.UTC(2026, 9, 1, 2), ctx),
      );
      if (CLEAN_MAIL_VENDORS.has(v))
        expect(
          lines.every((l) => l !== null),
          v,
        ).toBe(true);
      else expect(lines, v).toEqual([null, null]);
    }
  });
});
