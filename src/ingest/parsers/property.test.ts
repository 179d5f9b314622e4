/** Property tests: no parser and no part of the record pipeline throws, whatever the input. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVENT_FIELDS } from '../../event/event.js';
import { defaultProfile, processRecord } from '../record.js';
import { parseSyslogHeader } from '../syslog/header.js';
import { GOLDEN_NOW_MS, readFixtureLines } from './golden.test-helper.js';
import { PARSERS } from './registry.js';
import { isFailure, type RecordInput } from './types.js';

const ctx = { tz: 'Asia/Tokyo', nowMs: GOLDEN_NOW_MS, useNowWhenMissing: false };

/** Every fixture line of every parser folder: the seeds that mutations start from. */
function fixtureLines(): string[] {
  const out: string[] = [];
  for (const p of PARSERS) {
    const dir = join(import.meta.dirname, p.id, 'fixtures');
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.log')))
      out.push(...readFixtureLines(join(dir, f)));
  }
  return out;
}

const seeds = fixtureLines();

function asRecord(line: string): RecordInput {
  const header = parseSyslogHeader(line, ctx);
  return { line, body: line.slice(header.bodyStart), header };
}

const mutated = fc
  .tuple(
    fc.constantFrom(...(seeds.length ? seeds : ['x'])),
    fc.nat(),
    fc.nat(),
    fc.string({ unit: 'binary', maxLength: 8 }),
  )
  .map(([line, a, b, ins]) => {
    const i = a % (line.length + 1);
    const j = Math.min(line.length, i + (b % 16));
    return line.slice(0, i) + ins + line.slice(j);
  });
const truncated = fc
  .tuple(fc.constantFrom(...(seeds.length ? seeds : ['x'])), fc.nat())
  .map(([line, n]) => line.slice(0, n % (line.length + 1)));
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ maxLength: 300 }),
  mutated,
  truncated,
);

describe('parsers never throw', () => {
  it('has fixture lines to mutate', () => {
    expect(seeds.length).toBeGreaterThan(50);
  });
  for (const p of PARSERS) {
    it(`${p.id}: sniff and parse are total on random and mutated lines`, () => {
      fc.assert(
        fc.property(anyText, (line) => {
          const rec = asRecord(line);
          p.sniff(rec);
          const r = p.parse(rec, ctx);
          if (!isFailure(r)) expect(typeof r.tsMs).toBe('number');
        }),
        { numRuns: 400 },
      );
    });
  }
  it('processRecord always yields an event with catalogued fields or a quarantine verdict', () => {
    const profile = defaultProfile();
    fc.assert(
      fc.property(anyText, (line) => {
        const o = processRecord(line, profile, { nowMs: GOLDEN_NOW_MS, useNowWhenMissing: false });
        if ('event' in o) {
          expect(Object.keys(o.event)).toEqual([...EVENT_FIELDS]);
          expect(Number.isNaN(Date.parse(o.event.ts))).toBe(false);
        } else {
          expect(o.quarantine.code.length).toBeGreaterThan(0);
          expect(o.quarantine.raw.length).toBeLessThanOrEqual(8192);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
