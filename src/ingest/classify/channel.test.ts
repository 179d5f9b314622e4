import { describe, expect, it } from 'vitest';
import type { Channel, NormalizedEvent } from '../../event/event.js';
import type { Hints } from '../parsers/types.js';
import { IN, IN2, OUT, run } from './classify.test-helper.js';

const inbound = { src_ip: OUT, dst_ip: IN };
const outbound = { src_ip: IN, dst_ip: OUT };
const internal = { src_ip: IN, dst_ip: IN2 };

describe('virus channel', () => {
  const cases: [string, Partial<NormalizedEvent>, Hints, Channel][] = [
    ['hints.channel wins', { ...inbound, app: 'HTTP' }, { channel: 'ftp' }, 'ftp'],
    ['SMTP inbound → mail-receive', inbound, { service: 'SMTP' }, 'mail-receive'],
    ['SMTP outbound → mail-send', outbound, { service: 'smtp' }, 'mail-send'],
    ['SMTPS with mailOutgoing → mail-send', internal, { service: 'SMTPS', mailOutgoing: true }, 'mail-send'],
    ['submission port 587 outbound → mail-send', { ...outbound, dst_port: 587 }, {}, 'mail-send'],
    ['SMTP to internal relay, no flag → mail-receive', internal, { service: 'smtp' }, 'mail-receive'],
    ['mailOutgoing false beats outbound', outbound, { service: 'smtp', mailOutgoing: false }, 'mail-receive'],
    ['POP3 → mail-receive', outbound, { service: 'POP3' }, 'mail-receive'],
    ['IMAPS → mail-receive', outbound, { service: 'imaps' }, 'mail-receive'],
    ['port 995 → mail-receive', { ...outbound, dst_port: 995 }, {}, 'mail-receive'],
    ['HTTP → web', inbound, { service: 'HTTP' }, 'web'],
    ['HTTPS → web', outbound, { service: 'HTTPS' }, 'web'],
    ['PAN-OS web-browsing app → web', { ...outbound, app: 'web-browsing' }, {}, 'web'],
    ['FortiGate HTTPS.BROWSER app → web', { ...outbound, app: 'HTTPS.BROWSER' }, {}, 'web'],
    ['port 8080 → web', { ...outbound, dst_port: 8080 }, {}, 'web'],
    ['FTP → ftp', outbound, { service: 'FTP' }, 'ftp'],
    ['port 21 → ftp', { ...outbound, dst_port: 21 }, {}, 'ftp'],
    [
      'mail kind with no service, outgoing → mail-send',
      { ...internal, kind: 'mail' },
      { mailOutgoing: true },
      'mail-send',
    ],
    ['mail kind with no service → mail-receive', { kind: 'mail' }, {}, 'mail-receive'],
    ['SMB → other', { ...internal, dst_port: 445 }, { service: 'SMB' }, 'other'],
    ['nothing known → other', {}, {}, 'other'],
  ];
  it.each(cases)('%s', (_name, ev, hints, want) => {
    const out = run({ kind: 'threat', threat: 'EICAR_TEST_FILE', ...ev }, { threatType: 'virus', ...hints });
    expect(out.category).toBe('virus');
    expect(out.channel).toBe(want);
  });

  it('hints.category virus also gets a channel', () => {
    const out = run({ ...inbound, kind: 'mail' }, { category: 'virus', service: 'pop3' });
    expect(out.channel).toBe('mail-receive');
  });
});

describe('mail channel', () => {
  const cases: [string, Partial<NormalizedEvent>, Hints, Channel][] = [
    ['clean inbound SMTP → mail-receive', { ...inbound, kind: 'mail' }, { service: 'SMTP' }, 'mail-receive'],
    ['clean outgoing SMTP → mail-send', { ...outbound, kind: 'mail' }, { service: 'smtp' }, 'mail-send'],
    [
      'POP3 fetched from outside → mail-receive',
      { ...outbound, kind: 'mail' },
      { service: 'POP3' },
      'mail-receive',
    ],
    ['the device says outgoing', { ...internal, kind: 'mail' }, { mailOutgoing: true }, 'mail-send'],
    ['no service, inbound → mail-receive', { ...inbound, kind: 'mail' }, {}, 'mail-receive'],
    ['no service, outbound → mail-send', { ...outbound, kind: 'mail' }, {}, 'mail-send'],
    // webmail-ish service names never make a mail log "web"
    [
      'mail log on HTTPS, inbound → mail-receive',
      { ...inbound, kind: 'mail' },
      { service: 'HTTPS' },
      'mail-receive',
    ],
    [
      'mail log on HTTPS, outgoing flag',
      { ...inbound, kind: 'mail' },
      { service: 'HTTPS', mailOutgoing: true },
      'mail-send',
    ],
  ];
  it.each(cases)('%s', (_name, ev, hints, want) => {
    const out = run(ev, hints);
    expect(out.category).toBeNull();
    expect(out.channel).toBe(want);
  });

  it('spam gets the way it travelled', () => {
    expect(run({ ...inbound, kind: 'mail' }, { threatType: 'spam', service: 'SMTP' })).toMatchObject({
      category: 'spam',
      channel: 'mail-receive',
    });
    expect(run({ ...outbound, kind: 'mail' }, { threatType: 'spam', mailOutgoing: true })).toMatchObject({
      category: 'spam',
      channel: 'mail-send',
    });
    // a spam verdict on an event that is not of kind mail is still mail
    expect(run({ ...inbound, kind: 'threat' }, { category: 'spam' }).channel).toBe('mail-receive');
  });

  it('other events stay without a channel', () => {
    expect(run({ ...outbound, kind: 'traffic', dst_port: 25 }, { service: 'SMTP' }).channel).toBeNull();
    expect(run({ ...outbound, kind: 'web', app: 'Dropbox' }, {}).channel).toBeNull();
    expect(
      run({ ...inbound, kind: 'threat', threat: 'Some.IPS.Sig' }, { threatType: 'ips' }).channel,
    ).toBeNull();
  });
});
