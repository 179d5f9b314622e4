/** Observables linked to a case: what each type accepts, in which canonical form. */
import { describe, expect, it } from 'vitest';
import { normalizeObservable } from './case-model.js';
import type { ObservableType } from './model.js';

const ok: [ObservableType, string, string][] = [
  ['ip', '192.0.2.10', '192.0.2.10'],
  ['ip', ' 2001:DB8::1 ', '2001:db8::1'],
  ['ip', '::ffff:192.0.2.1', '::ffff:192.0.2.1'],
  ['domain', 'Mail.Example.COM', 'mail.example.com'],
  ['domain', 'example.jp.', 'example.jp'],
  ['domain', 'xn--eckwd4c7c.xn--zckzah', 'xn--eckwd4c7c.xn--zckzah'],
  ['url', 'https://example.com/a?b=c', 'https://example.com/a?b=c'],
  ['url', 'HTTP://Example.com', 'http://example.com/'],
  ['hash', 'D41D8CD98F00B204E9800998ECF8427E', 'd41d8cd98f00b204e9800998ecf8427e'],
  ['hash', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', 'da39a3ee5e6b4b0d3255bfef95601890afd80709'],
  [
    'hash',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  ],
  ['email', 'Taro@Example.COM', 'taro@example.com'],
  ['host', 'PC-KEIRI-01', 'pc-keiri-01'],
  ['host', 'srv01.corp.example', 'srv01.corp.example'],
  ['file', 'C:\\Users\\taro\\請求書.docm', 'C:\\Users\\taro\\請求書.docm'],
];

const bad: [ObservableType, string][] = [
  ['ip', '999.1.1.1'],
  ['ip', '192.0.2'],
  ['ip', 'example.com'],
  ['domain', 'localhost'],
  ['domain', 'exa mple.com'],
  ['domain', '-bad.example'],
  ['domain', `${'a'.repeat(64)}.example`],
  ['url', 'javascript:alert(1)'],
  ['url', 'file:///etc/passwd'],
  ['url', 'not a url'],
  ['hash', 'abc'],
  ['hash', 'z'.repeat(32)],
  ['hash', 'a'.repeat(33)],
  ['email', 'taro@'],
  ['email', 'no-at-sign'],
  ['host', 'pc keiri'],
  ['host', 'pc/keiri'],
  ['file', 'a\u0000b'],
  ['file', 'line\nbreak'],
];

describe('normalizeObservable', () => {
  it.each(ok)('%s %j → %j', (type, raw, value) => {
    expect(normalizeObservable(type, raw)).toEqual({ value });
  });
  it.each(bad)('%s %j is refused with a hint', (type, raw) => {
    const r = normalizeObservable(type, raw);
    expect('error' in r && r.error.length > 0).toBe(true);
  });
});
