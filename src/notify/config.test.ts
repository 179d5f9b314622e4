import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAIL_FROM,
  DEFAULT_PORTAL_URL,
  MailConfigError,
  mailConfigFromEnv,
  redactSmtpUrl,
} from './config.js';

describe('mailConfigFromEnv', () => {
  it('defaults: mail off, the default sender and a local portal', () => {
    expect(mailConfigFromEnv({})).toEqual({
      smtpUrl: null,
      from: DEFAULT_MAIL_FROM,
      portalUrl: DEFAULT_PORTAL_URL,
    });
    expect(mailConfigFromEnv({ OTASUKE_SMTP_URL: '  ' }).smtpUrl).toBeNull();
    expect(mailConfigFromEnv({}, {}, 'http://192.0.2.10:8080').portalUrl).toBe('http://192.0.2.10:8080');
    expect(
      mailConfigFromEnv({ OTASUKE_PORTAL_URL: 'https://p.example.jp' }, {}, 'http://x:1').portalUrl,
    ).toBe('https://p.example.jp');
  });

  it('reads the environment; flags win', () => {
    const env = {
      OTASUKE_SMTP_URL: 'smtps://user:pw@mail.example.jp:465',
      OTASUKE_MAIL_FROM: 'Desk <desk@example.jp>',
      OTASUKE_PORTAL_URL: 'https://portal.example.jp',
    };
    expect(mailConfigFromEnv(env)).toEqual({
      smtpUrl: 'smtps://user:pw@mail.example.jp:465',
      from: 'Desk <desk@example.jp>',
      portalUrl: 'https://portal.example.jp',
    });
    expect(
      mailConfigFromEnv(env, { smtpUrl: 'smtp://relay.example.jp:587', mailFrom: 'no-reply@example.jp' }),
    ).toEqual({
      smtpUrl: 'smtp://relay.example.jp:587',
      from: 'no-reply@example.jp',
      portalUrl: 'https://portal.example.jp',
    });
  });

  it('refuses bad values, naming the setting and never echoing a password', () => {
    const bad: [Record<string, string>, RegExp][] = [
      [
        { OTASUKE_SMTP_URL: 'http://user:secret@mail.example.jp' },
        /OTASUKE_SMTP_URL .* smtp:\/\/ or smtps:\/\//,
      ],
      [{ OTASUKE_SMTP_URL: 'not a url secret' }, /OTASUKE_SMTP_URL .* not a URL/],
      [{ OTASUKE_MAIL_FROM: 'Otasuke\r\nBcc: x@example.jp <a@b.jp>' }, /OTASUKE_MAIL_FROM/],
      [{ OTASUKE_MAIL_FROM: 'nobody' }, /OTASUKE_MAIL_FROM/],
      [{ OTASUKE_PORTAL_URL: 'javascript:alert(1)' }, /OTASUKE_PORTAL_URL .* http/],
    ];
    for (const [env, msg] of bad) {
      try {
        mailConfigFromEnv(env);
        expect.unreachable(JSON.stringify(env));
      } catch (e) {
        expect(e).toBeInstanceOf(MailConfigError);
        expect((e as Error).message).toMatch(msg);
        expect((e as Error).message).not.toContain('secret');
      }
    }
  });

  it('redacts the password for the log', () => {
    expect(redactSmtpUrl('smtp://user:pw@mail.example.jp:587')).toBe('smtp://user:***@mail.example.jp:587');
    expect(redactSmtpUrl('smtp://mail.example.jp:25')).toBe('smtp://mail.example.jp:25');
  });
});
