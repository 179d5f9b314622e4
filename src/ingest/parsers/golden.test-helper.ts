/**
 * Golden fixtures: every `fixtures/NAME.log` in a parser folder is parsed line by line
 * (forced format and auto-detection) and compared with `NAME.log-expected.json`.
 * `npm run golden:update` rewrites the expected files; review them as a diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_FIELDS } from '../../event/event.js';
import { defaultProfile, processRecord, type RecordOutcome } from '../record.js';
import { type HeaderContext, parseSyslogHeader } from '../syslog/header.js';
import {
  isFailure,
  type ParseContext,
  type ParsedEvent,
  type ParseResult,
  type RecordInput,
} from './types.js';

/** Fixed reference time so RFC 3164's missing year resolves the same way every run. */
export const GOLDEN_NOW_MS = Date.UTC(2026, 0, 15, 0, 0, 0);

/** A file-ingest parse context (no "now" fallback) for parser unit tests. */
export function parseContext(tz = 'Asia/Tokyo', nowMs = GOLDEN_NOW_MS): ParseContext {
  return { tz, nowMs, useNowWhenMissing: false };
}

/** Splits `line` with the syslog header parser into the input a parser receives. */
export function recordOf(line: string, ctx: HeaderContext): RecordInput {
  const header = parseSyslogHeader(line, { tz: ctx.tz, nowMs: ctx.nowMs });
  return { line, body: line.slice(header.bodyStart), header };
}

/** The parsed event, or a thrown error naming the failure code and message. */
export function parsedOrThrow(r: ParseResult): ParsedEvent {
  if (isFailure(r)) throw new Error(`${r.error}: ${r.message}`);
  return r;
}

const UPDATE = process.env.OTASUKE_UPDATE_GOLDEN === '1';

type GoldenRow =
  | { format: string; event: Record<string, unknown> }
  | { quarantine: { code: string; format: string | null } };

function toGolden(o: RecordOutcome): GoldenRow {
  if ('event' in o) return { format: o.format, event: { ...o.event } };
  return { quarantine: { code: o.quarantine.code, format: o.quarantine.format } };
}

export function readFixtureLines(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Runs the golden suite for one parser folder. `tz` is the device zone the fixtures assume. */
export function goldenSuite(dir: string, format: string, tz = 'Asia/Tokyo'): void {
  const fixDir = join(dir, 'fixtures');
  const logs = existsSync(fixDir) ? readdirSync(fixDir).filter((f) => f.endsWith('.log')) : [];
  describe(`${format} golden fixtures`, () => {
    it('has fixtures', () => {
      expect(logs.length).toBeGreaterThan(0);
    });
    for (const log of logs) {
      it(log, () => {
        const lines = readFixtureLines(join(fixDir, log));
        const forced = defaultProfile({ format, tz });
        const auto = defaultProfile({ tz });
        const clock = { nowMs: GOLDEN_NOW_MS, useNowWhenMissing: true };
        const rows = lines.map((l) => toGolden(processRecord(l, forced, clock)));
        const expectedFile = join(fixDir, `${log}-expected.json`);
        if (UPDATE) writeFileSync(expectedFile, JSON.stringify(rows, null, 2) + '\n');
        expect(existsSync(expectedFile), `${expectedFile} missing: run npm run golden:update`).toBe(true);
        const expected = JSON.parse(readFileSync(expectedFile, 'utf8')) as GoldenRow[];
        expect(rows).toEqual(expected);
        lines.forEach((l, i) => {
          const row = rows[i];
          if ('event' in row) {
            for (const k of Object.keys(row.event)) expect(EVENT_FIELDS as readonly string[]).toContain(k);
            // auto-detection must pick the same parser for every line the parser accepts
            const a = processRecord(l, auto, clock);
            expect('event' in a ? a.format : a.quarantine.format, `line ${i + 1} auto-detected`).toBe(format);
          }
        });
      });
    }
  });
}
