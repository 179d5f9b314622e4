import { describe, expect, it } from 'vitest';
import { dedupe, type Recipient, usableAddress } from './recipients.js';

describe('recipients', () => {
  it('keeps only values that can be one mailbox', () => {
    expect(usableAddress(' boss@alpha.example.jp ')).toBe('boss@alpha.example.jp');
    for (const bad of [
      null,
      '',
      'boss',
      'a@b',
      'a b@c.jp',
      'a@b.jp, c@d.jp',
      'x@y.jp\r\nBcc: z@w.jp',
      '<a@b.jp>',
    ])
      expect(usableAddress(bad), String(bad)).toBeNull();
  });

  it('mails each address once, the first occurrence winning', () => {
    const r = (address: string, audience: Recipient['audience']): Recipient => ({
      address,
      audience,
      locale: 'ja',
      name: null,
    });
    expect(dedupe([r('Owner@a.jp', 'company'), r('owner@a.jp', 'staff'), r('b@a.jp', 'staff')])).toEqual([
      r('Owner@a.jp', 'company'),
      r('b@a.jp', 'staff'),
    ]);
  });
});
