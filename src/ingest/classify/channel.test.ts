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
