import { describe, expect, it } from 'vitest';
import { decodeLineBytes, LineChunker, splitChunk } from './line-decode.js';

// "不正アクセス" in Shift_JIS (bytes per JIS X 0208)
const SJIS = Buffer.from([0x95, 0x73, 0x90, 0xb3, 0x83, 0x41, 0x83, 0x4e, 0x83, 0x5a, 0x83, 0x58]);

describe('line decoding', () => {
  it('decodes UTF-8 lines and splits on LF', () => {
    expect(splitChunk(Buffer.from('a=1\nウイルス\n'))).toEqual(['a=1', 'ウイルス']);
  });
  it('falls back to Shift_JIS for a line that is not UTF-8, keeping the other lines', () => {
    const chunk = Buffer.concat([Buffer.from('ok line\n'), Buffer.from('msg='), SJIS, Buffer.from('\n')]);
    expect(splitChunk(chunk)).toEqual(['ok line', 'msg=不正アクセス']);
  });
  it('leaves U+FFFD in bytes that are neither UTF-8 nor Shift_JIS', () => {
    expect(decodeLineBytes(Buffer.from([0x61, 0xff, 0xfe, 0xfd]))).toContain('\uFFFD');
  });
  it('keeps a real U+FFFD written in valid UTF-8', () => {
    expect(decodeLineBytes(Buffer.from('a\uFFFDb'))).toBe('a\uFFFDb');
  });
});

describe('LineChunker', () => {
  it('carries partial lines across pushes', () => {
    const c = new LineChunker();
    expect(c.push(Buffer.from('ab')).toString()).toBe('');
    expect(c.push(Buffer.from('c\nde')).toString()).toBe('abc\n');
    expect(c.end().toString()).toBe('de\n');
  });
  it('cuts a line longer than the limit and skips its rest, bounding memory', () => {
    const c = new LineChunker(10);
    const out = [c.push(Buffer.from('0123456789ABCDEF')), c.push(Buffer.from('GHI\nnext\n'))]
      .map(String)
      .join('');
    expect(out).toBe('0123456789\nnext\n');
  });
});
