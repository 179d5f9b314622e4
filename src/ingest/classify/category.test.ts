import { describe, expect, it } from 'vitest';
import type { Category, NormalizedEvent } from '../../event/event.js';
import type { Hints } from '../parsers/types.js';
import { IN, IN2, makeEvent, OUT, OUT2, run } from './classify.test-helper.js';
import { classify, NetworkSet } from './index.js';

type Case = [string, Partial<NormalizedEvent>, Hints, Category | null];

const outbound = { src_ip: IN, dst_ip: OUT };
const inbound = { src_ip: OUT, dst_ip: IN };
const internal = { src_ip: IN, dst_ip: IN2 };

function table(cases: Case[]): void {
  it.each(cases)('%s', (_name, ev, hints, want) => {
    expect(run(ev, hints).category).toBe(want);
  });
}

describe('device verdicts', () => {
  table([
    [
      'hints.category overrides everything',
      { ...inbound, kind: 'mail' },
      { category: 'spam', threatType: 'virus' },
      'spam',
    ],
    ['scan → recon', { ...inbound, kind: 'anomaly' }, { threatType: 'scan' }, 'recon'],
    [
      'virus → virus',
      { ...inbound, kind: 'threat', threat: 'EICAR_TEST_FILE' },
      { threatType: 'virus' },
      'virus',
    ],
    ['spam → spam', { ...inbound, kind: 'mail' }, { threatType: 'spam' }, 'spam'],
    ['c2 → malicious-outbound', { ...outbound, kind: 'threat' }, { threatType: 'c2' }, 'malicious-outbound'],
    ['system records get no item', { ...outbound, kind: 'system', domain: 'dropbox.com' }, {}, null],
  ]);
});

describe('IPS', () => {
  const ips: Hints = { threatType: 'ips' };
  table([
    [
      'inbound exploit → intrusion-inbound',
      { ...inbound, kind: 'threat', threat: 'Apache.Struts.RCE' },
      ips,
      'intrusion-inbound',
    ],
    [
      'outbound attack → malicious-outbound',
      { ...outbound, kind: 'threat', threat: 'MS.SMB.Server.Trans.Overflow' },
      ips,
      'malicious-outbound',
    ],
    [
      'internal (lateral) → intrusion-inbound',
      { ...internal, kind: 'threat', threat: 'SMB.Brute.Force' },
      ips,
      'intrusion-inbound',
    ],
    [
      'unknown direction → intrusion-inbound',
      { kind: 'threat', threat: 'Generic.Exploit' },
      ips,
      'intrusion-inbound',
    ],
    [
      'C&C family from inside → malicious-outbound',
      { ...internal, kind: 'threat', threat: 'Emotet.Botnet' },
      ips,
      'malicious-outbound',
    ],
    [
      'WannaCry kill-switch signature outbound',
      { ...outbound, kind: 'threat', threat: 'WannaCry.Kill.Switch.Domain' },
      ips,
      'malicious-outbound',
    ],
    [
      'C&C family inbound stays intrusion-inbound (Mirai spreading)',
      { ...inbound, kind: 'threat', threat: 'Mirai.Botnet.Telnet' },
      ips,
      'intrusion-inbound',
    ],
    [
      'EternalBlue inbound → intrusion-inbound',
      { ...inbound, kind: 'threat', threat: 'MS17-010 EternalBlue SMB' },
      ips,
      'intrusion-inbound',
    ],
    [
      'EternalBlue outbound → malicious-outbound',
      { ...outbound, kind: 'threat', threat: 'ET EXPLOIT Possible ETERNALBLUE MS17-010' },
      ips,
      'malicious-outbound',
    ],
    [
      'policy signature naming TeamViewer → remote-access',
      { ...outbound, vendor: 'suricata', kind: 'threat', threat: 'ET POLICY TeamViewer Dyngate User-Agent' },
      ips,
      'remote-access',
    ],
    [
      'APP-DETECT Baidu IME → risky-input-tool',
      { ...outbound, vendor: 'suricata', kind: 'threat', threat: 'APP-DETECT Baidu IME cloud input request' },
      ips,
      'risky-input-tool',
    ],
    [
      'policy signature inbound is not usage',
      { ...inbound, vendor: 'suricata', kind: 'threat', threat: 'ET POLICY TeamViewer Dyngate User-Agent' },
      ips,
      'intrusion-inbound',
    ],
    [
      'non-policy signature mentioning dropbox stays IPS',
      { ...outbound, vendor: 'suricata', kind: 'threat', threat: 'ET MALWARE Dropbox abuse beacon' },
      ips,
      'malicious-outbound',
    ],
  ]);
});

describe('DoS / anomalies', () => {
  const dos: Hints = { threatType: 'dos' };
  table([
    [
      'inbound flood → intrusion-inbound',
      { ...inbound, kind: 'anomaly', threat: 'icmp_flood' },
      dos,
      'intrusion-inbound',
    ],
    [
      'unknown direction → intrusion-inbound',
      { kind: 'anomaly', threat: 'tcp_syn_flood' },
      dos,
      'intrusion-inbound',
    ],
    [
      'outbound flood → malicious-outbound',
      { ...outbound, kind: 'anomaly', threat: 'udp_flood' },
      dos,
      'malicious-outbound',
    ],
    ['internal flood → none', { ...internal, kind: 'anomaly', threat: 'udp_flood' }, dos, null],
  ]);
});

describe('web filter', () => {
  const wf = (urlCategory?: string): Hints =>
    urlCategory === undefined ? { threatType: 'webfilter' } : { threatType: 'webfilter', urlCategory };
  table([
    [
      'FortiGate File Sharing and Storage → online-storage',
      { ...outbound, kind: 'web', domain: 'example.com' },
      wf('File Sharing and Storage'),
      'online-storage',
    ],
    [
      'FortiGate Web-based Email → sns-webmail',
      { ...outbound, kind: 'web', domain: 'example.net' },
      wf('Web-based Email'),
      'sns-webmail',
    ],
    [
      'FortiGate Remote Access → remote-access',
      { ...outbound, kind: 'web', domain: 'example.org' },
      wf('Remote Access'),
      'remote-access',
    ],
    [
      'FortiGate Malicious Websites → harmful-web',
      { ...outbound, kind: 'web', action: 'block' },
      wf('Malicious Websites'),
      'harmful-web',
    ],
    [
      'FortiGate Pornography allowed → harmful-web',
      { ...outbound, kind: 'web', action: 'allow' },
      wf('Pornography'),
      'harmful-web',
    ],
    [
      'PAN-OS online-storage-and-backup',
      { ...outbound, vendor: 'paloalto', kind: 'web' },
      wf('online-storage-and-backup'),
      'online-storage',
    ],
    [
      'PAN-OS social-networking',
      { ...outbound, vendor: 'paloalto', kind: 'web' },
      wf('social-networking'),
      'sns-webmail',
    ],
    ['PAN-OS phishing', { ...outbound, vendor: 'paloalto', kind: 'web' }, wf('phishing'), 'harmful-web'],
    [
      'PAN-OS command-and-control → malicious-outbound',
      { ...outbound, vendor: 'paloalto', kind: 'web' },
      wf('command-and-control'),
      'malicious-outbound',
    ],
    [
      'PAN-OS category list, usage wins',
      { ...outbound, vendor: 'paloalto', kind: 'web' },
      wf('high-risk,online-storage-and-backup'),
      'online-storage',
    ],
    [
      'PAN-OS category list, harmful',
      { ...outbound, vendor: 'paloalto', kind: 'web' },
      wf('low-risk,malware'),
      'harmful-web',
    ],
    ['Sophos Web E-Mail', { ...outbound, vendor: 'sophos', kind: 'web' }, wf('Web E-Mail'), 'sns-webmail'],
    [
      'Sophos Phishing & Fraud',
      { ...outbound, vendor: 'sophos', kind: 'web' },
      wf('Phishing & Fraud'),
      'harmful-web',
    ],
    [
      'Check Point Anonymizer',
      { ...outbound, vendor: 'checkpoint', kind: 'web' },
      wf('Anonymizer'),
      'harmful-web',
    ],
    [
      'unknown vendor falls back to generic names',
      { ...outbound, vendor: 'cef', kind: 'web' },
      wf('Social Network'),
      'sns-webmail',
    ],
    [
      'unknown vendor uses another vendor list when unambiguous',
      { ...outbound, vendor: 'cef', kind: 'web' },
      wf('proxy-avoidance-and-anonymizers'),
      'harmful-web',
    ],
    [
      'domain beats category',
      { ...outbound, kind: 'web', domain: 'drive.google.com' },
      wf('Information Technology'),
      'online-storage',
    ],
    [
      'block of an unlisted category → harmful-web',
      { ...outbound, kind: 'web', action: 'block' },
      wf('Games'),
      'harmful-web',
    ],
    [
      'allow of an unlisted category → none',
      { ...outbound, kind: 'web', action: 'allow' },
      wf('Games'),
      null,
    ],
    [
      'inbound web filter event → none',
      { ...inbound, kind: 'web', action: 'block' },
      wf('Malicious Websites'),
      null,
    ],
    [
      'web filter on a kill-switch domain → malicious-outbound',
      { ...outbound, kind: 'web', domain: 'www.iuqerfsodp9ifjaposdfjhgosurijfaewrwergwea.com' },
      wf(),
      'malicious-outbound',
    ],
  ]);
});

describe('application control', () => {
  const app = (appCategory?: string): Hints =>
    appCategory === undefined ? { threatType: 'app' } : { threatType: 'app', appCategory };
  table([
    ['FortiGate TeamViewer', { ...outbound, app: 'TeamViewer' }, app('Remote.Access'), 'remote-access'],
    [
      'FortiGate sub-app Dropbox_File.Upload',
      { ...outbound, app: 'Dropbox_File.Upload' },
      app(),
      'online-storage',
    ],
    ['FortiGate Baidu.IME', { ...outbound, app: 'Baidu.IME' }, app(), 'risky-input-tool'],
    [
      'PAN-OS teamviewer-base',
      { ...outbound, vendor: 'paloalto', app: 'teamviewer-base' },
      app(),
      'remote-access',
    ],
    [
      'PAN-OS google-drive-web',
      { ...outbound, vendor: 'paloalto', app: 'google-drive-web' },
      app(),
      'online-storage',
    ],
    [
      'PAN-OS ms-onedrive-base',
      { ...outbound, vendor: 'paloalto', app: 'ms-onedrive-base' },
      app(),
      'online-storage',
    ],
    [
      'PAN-OS facebook-posting',
      { ...outbound, vendor: 'paloalto', app: 'facebook-posting' },
      app(),
      'sns-webmail',
    ],
    ['PAN-OS line-base', { ...outbound, vendor: 'paloalto', app: 'line-base' }, app(), 'sns-webmail'],
    ['PAN-OS gmail-base', { ...outbound, vendor: 'paloalto', app: 'gmail-base' }, app(), 'sns-webmail'],
    [
      'Suricata policy rule app Baidu → risky-input-tool',
      { ...outbound, vendor: 'suricata', app: 'Baidu', threat: 'ET POLICY Baidu IME Activity' },
      app(),
      'risky-input-tool',
    ],
    [
      'Suricata policy rule app Box → online-storage',
      { ...outbound, vendor: 'suricata', app: 'Box' },
      app(),
      'online-storage',
    ],
    [
      'Check Point Chrome Remote Desktop',
      { ...outbound, vendor: 'checkpoint', app: 'Chrome Remote Desktop' },
      app(),
      'remote-access',
    ],
    [
      'unknown app, category Social.Media',
      { ...outbound, app: 'SomeNew.SNS' },
      app('Social.Media'),
      'sns-webmail',
    ],
    [
      'unknown app, PAN-OS subcategory remote-access',
      { ...outbound, vendor: 'paloalto', app: 'new-rat' },
      app('remote-access'),
      'remote-access',
    ],
    ['unlisted app → none', { ...outbound, app: 'Microsoft.Teams' }, app('Collaboration'), null],
    ['"linear" is not LINE', { ...outbound, app: 'linear-app' }, app(), null],
    ['"boxcar" is not Box', { ...outbound, app: 'Boxcar' }, app(), null],
    ['inbound app use → none', { ...inbound, app: 'TeamViewer' }, app(), null],
    ['internal RDP is not remote-access', { ...internal, app: 'RDP' }, app(), null],
    [
      'internal Dropbox LAN sync still online-storage',
      { ...internal, app: 'Dropbox' },
      app(),
      'online-storage',
    ],
  ]);
});

describe('plain traffic, DNS and web logs', () => {
  table([
    [
      'DNS query dropbox.com from inside (to inside resolver)',
      { ...internal, domain: 'www.dropbox.com' },
      {},
      'online-storage',
    ],
    ['gigafile.nu', { ...outbound, kind: 'web', domain: '46.gigafile.nu' }, {}, 'online-storage'],
    ['firestorage.jp', { ...outbound, domain: 'firestorage.jp' }, {}, 'online-storage'],
    ['filesend.to (宅ファイル便)', { ...outbound, domain: 'www.filesend.to' }, {}, 'online-storage'],
    ['box.yahoo.co.jp', { ...outbound, domain: 'box.yahoo.co.jp' }, {}, 'online-storage'],
    ['mail.yahoo.co.jp → sns-webmail', { ...outbound, domain: 'mail.yahoo.co.jp' }, {}, 'sns-webmail'],
    ['other yahoo.co.jp → none', { ...outbound, domain: 'news.yahoo.co.jp' }, {}, null],
    [
      'mail.google.com → sns-webmail (longest suffix)',
      { ...outbound, domain: 'mail.google.com' },
      {},
      'sns-webmail',
    ],
    [
      'remotedesktop.google.com → remote-access',
      { ...outbound, domain: 'remotedesktop.google.com' },
      {},
      'remote-access',
    ],
    ['www.google.com → none', { ...outbound, domain: 'www.google.com' }, {}, null],
    ['ime.baidu.jp → risky-input-tool', { ...outbound, domain: 'ime.baidu.jp' }, {}, 'risky-input-tool'],
    ['simeji.me → risky-input-tool', { ...outbound, domain: 'api.simeji.me' }, {}, 'risky-input-tool'],
    ['line-apps.com → sns-webmail', { ...outbound, domain: 'gd2.line-apps.com' }, {}, 'sns-webmail'],
    ['x.com → sns-webmail', { ...outbound, domain: 'x.com' }, {}, 'sns-webmail'],
    ['notx.com is not x.com', { ...outbound, domain: 'notx.com' }, {}, null],
    ['trailing dot (DNS form)', { ...outbound, domain: 'twitter.com.' }, {}, 'sns-webmail'],
    ['rview.com → remote-access', { ...outbound, domain: 'www.rview.com' }, {}, 'remote-access'],
    ['magicconnect.net → remote-access', { ...outbound, domain: 'magicconnect.net' }, {}, 'remote-access'],
    [
      'unknown direction (proxy log without addresses) still usage',
      { kind: 'web', domain: 'dropbox.com' },
      {},
      'online-storage',
    ],
    [
      'inbound to our server named like a usage domain → none',
      { ...inbound, domain: 'dropbox.com' },
      {},
      null,
    ],
    [
      'blocked access still counts',
      { ...outbound, action: 'block', domain: 'www.tiktok.com' },
      {},
      'sns-webmail',
    ],
    ['traffic app name', { ...outbound, app: 'AnyDesk' }, {}, 'remote-access'],
    [
      'traffic app category (FortiGate appcat)',
      { ...outbound, app: 'Some.Storage' },
      { appCategory: 'Storage.Backup' },
      'online-storage',
    ],
    ['outbound RDP port', { ...outbound, dst_port: 3389, proto: 'tcp' }, {}, 'remote-access'],
    ['outbound VNC port 5901', { ...outbound, dst_port: 5901, proto: 'tcp' }, {}, 'remote-access'],
    ['outbound UDP 3389 is not counted', { ...outbound, dst_port: 3389, proto: 'udp' }, {}, null],
    ['internal RDP port → none', { ...internal, dst_port: 3389, proto: 'tcp' }, {}, null],
    [
      'inbound RDP port → none (recon correlator handles scans)',
      { ...inbound, dst_port: 3389, proto: 'tcp', action: 'block' },
      {},
      null,
    ],
    [
      'web log with harmful URL category',
      { ...outbound, kind: 'web' },
      { urlCategory: 'Phishing' },
      'harmful-web',
    ],
    [
      'web log with block but no web-filter verdict is not harmful',
      { ...outbound, kind: 'web', action: 'block' },
      { urlCategory: 'Games' },
      null,
    ],
    [
      'DNS query for WannaCry kill-switch → malicious-outbound',
      { ...internal, domain: 'iuqerfsodp9ifjaposdfjhgosurijfaewrwergwea.com' },
      {},
      'malicious-outbound',
    ],
    ['mail logs are never usage', { ...inbound, kind: 'mail', domain: 'gmail.com' }, {}, null],
    [
      'outbound mail log with gmail domain is not usage either',
      { ...outbound, kind: 'mail', domain: 'gmail.com' },
      {},
      null,
    ],
    ['plain outbound web → none', { ...outbound, domain: 'www.example.com', dst_port: 443 }, {}, null],
    [
      'inbound deny → none (single deny is not a scan)',
      { ...inbound, action: 'block', dst_port: 23 },
      {},
      null,
    ],
    [
      'both public, zones both outside (direction unknown) → usage still counted',
      { src_ip: OUT, dst_ip: OUT2, domain: 'dropbox.com' },
      { srcZone: 'wan', dstZone: 'wan' },
      'online-storage',
    ],
  ]);
});

describe('fields filled', () => {
  it('sets direction, category, channel and family in place', () => {
    const ev = run(
      { src_ip: OUT, dst_ip: IN, kind: 'threat', threat: 'W32/Emotet.ABC!tr', app: 'SMTP', dst_port: 25 },
      { threatType: 'virus' },
    );
    expect(ev.direction).toBe('inbound');
    expect(ev.category).toBe('virus');
    expect(ev.channel).toBe('mail-receive');
    expect(ev.threat_family).toBe('emotet');
  });
  it('channel is set for viruses and mail only', () => {
    const spam = run({ ...inbound, kind: 'mail' }, { threatType: 'spam', channel: 'mail-receive' });
    expect(spam.category).toBe('spam');
    expect(spam.channel).toBe('mail-receive');
    const web = run({ ...inbound, kind: 'web' }, { threatType: 'webfilter', service: 'HTTP' });
    expect(web.channel).toBeNull();
  });
});

describe('per-device context', () => {
  it('a context with only a network list uses the shipped tables', () => {
    const ev = makeEvent({ src_ip: '203.0.113.7', dst_ip: '198.51.100.9', domain: 'www.dropbox.com' });
    classify(ev, {}, { internal: NetworkSet.parse(['203.0.113.0/24']) });
    expect(ev.direction).toBe('outbound');
    expect(ev.category).toBe('online-storage');
  });
});
