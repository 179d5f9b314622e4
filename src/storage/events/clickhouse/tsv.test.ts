/**
 * The byte-level TabSeparated conversion against a reference model: the whole-text
 * replacements it replaced (slow, but plainly right), on values that meet every rule.
 */
import { describe, expect, it } from 'vitest';
import { makeEvent } from '../../../../test/helpers/events.js';
import { CSV_NULL, CSV_QUOTE, encodeBatch } from '../encode.js';
import { encodedToTsv, encodedToTsvMany, tsvEscape } from './tsv.js';

function reference(csv: Uint8Array, batch: string): string {
  const all = (s: string) => new RegExp(s, 'g');
  return Buffer.from(csv)
    .toString('utf8')
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(all(`${CSV_QUOTE},${CSV_QUOTE}`), '\t')
    .replace(all(`${CSV_QUOTE}\n`), `\t${tsvEscape(batch)}\n`)
    .replace(all(CSV_QUOTE), '')
    .replace(all(CSV_NULL), '\\N');
}

const tricky = [
  makeEvent(),
  makeEvent({ raw: 'a\\b\tc,d "e" \'f\'', domain: ',', app: null, user: '日本語ユーザー' }),
  makeEvent({ raw: '', threat: '\\', url: 'http://example.com/?q=a\tb', src_port: null, rule: ',,' }),
  makeEvent({ raw: 'ends with backslash \\', domain: '\\N', category: 'spam' }),
  makeEvent({ raw: '😀 emoji and ,\u0001, marker text', device: null }),
];

describe('encodedToTsv', () => {
  it('gives what the whole-text replacements give', () => {
    const batch = encodeBatch(tricky);
    for (const id of ['b1', 'node.1-2.p0', 'odd\\id\twith tab'])
      expect(encodedToTsv(batch.csv, id).toString('utf8')).toBe(reference(batch.csv, id));
  });

  it('writes one row per event with the batch column last', () => {
    const batch = encodeBatch(tricky);
    const rows = encodedToTsv(batch.csv, 'b1').toString('utf8').split('\n');
    expect(rows.pop()).toBe('');
    expect(rows).toHaveLength(tricky.length);
    for (const r of rows) {
      const cols = r.split('\t');
      expect(cols).toHaveLength(26);
      expect(cols[25]).toBe('b1');
    }
  });

  it('joins several batches, each row tagged with its own id', () => {
    const a = encodeBatch(tricky.slice(0, 2));
    const b = encodeBatch(tricky.slice(2));
    const empty = encodeBatch([]);
    const out = encodedToTsvMany([
      { csv: a.csv, batch: 'a' },
      { csv: empty.csv, batch: 'e' },
      { csv: b.csv, batch: 'b' },
    ]).toString('utf8');
    expect(out).toBe(reference(a.csv, 'a') + reference(b.csv, 'b'));
  });
});
