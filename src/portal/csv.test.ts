import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../test/helpers/events.js';
import { CSV_BOM, csvCell, csvChunks, csvRow } from './csv.js';

describe('CSV export cells', () => {
  it.each([
    ['plain', 'plain'],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+81-3-0000', "'+81-3-0000"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['山田 太郎', '山田 太郎'],
    [null, ''],
    [443, '443'],
  ] as const)('%s → %s', (v, want) => {
    expect(csvCell(v)).toBe(want);
  });

  it('writes a BOM, a header and one CRLF row per event, without raw', async () => {
    async function* two() {
      yield makeEvent({ user: '=cmd|calc', raw: 'secret raw' });
      yield makeEvent({ threat: 'EICAR, "test"' });
    }
    let text = '';
    for await (const c of csvChunks(two(), 10)) text += c;
    expect(text.startsWith(CSV_BOM)).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0].split(',')).toContain('threat');
    expect(lines[0]).not.toContain('raw');
    expect(lines).toHaveLength(4);
    expect(text).toContain("'=cmd|calc");
    expect(text).not.toContain('secret raw');
    expect(csvRow(makeEvent({ threat: 'EICAR, "test"' }))).toContain('"EICAR, ""test"""');
  });
});
