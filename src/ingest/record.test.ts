import { describe, expect, it } from 'vitest';
import { defaultProfile, processRecord, type RecordOutcome } from './record.js';

const clock = { nowMs: Date.UTC(2026, 0, 15), useNowWhenMissing: false };
const code = (o: RecordOutcome) => ('quarantine' in o ? o.quarantine.code : 'event');

describe('processRecord: bad input is quarantined with a reason, never thrown', () => {
  const p = defaultProfile();
  it.each([
    ['', 'empty'],
    ['   \t ', 'empty'],
    ['\u0000\u0001\u0002binary\u0003', 'binary'],
    ['abc\uFFFDdef', 'invalid-encoding'],
    ['x'.repeat(64 * 1024 + 1), 'too-long'],
    ['hello world, just some text', 'unknown-format'],
  ])('%#: %s → %s', (line, want) => {
    expect(code(processRecord(line, p, clock))).toBe(want);
  });

  it('keeps the raw text of a quarantined record, capped', () => {
    const o = processRecord('y'.repeat(70_000), p, clock);
    expect('quarantine' in o && o.quarantine.raw.length).toBe(8192);
  });

  it('rejects an unknown forced format', () => {
    const o = processRecord(
      'date=2026-01-01 time=00:00:00 logid="1"',
      defaultProfile({ format: 'nope' }),
      clock,
    );
    expect(code(o)).toBe('unknown-format');
  });

  it('strips a trailing CR (CRLF files)', () => {
    const a = processRecord('hello\r', p, clock);
    expect('quarantine' in a && a.quarantine.raw).toBe('hello');
  });
});
