/**
 * Synthetic UTM logs for the benchmark and the demo programme. The mix follows the
 * seed's 2019 pilot (SPEC §4): mostly traffic, with harmful-site accesses, outbound
 * C&C attempts, scans, spam and a few viruses, written in each vendor's documented
 * record layout (FortiGate key=value, PAN-OS CSV, Suricata EVE JSON). Addresses are
 * documentation ranges outside and RFC 1918 inside.
 */
import { Rng } from './random.js';
import {
  CLEAN_MAIL_VENDORS,
  type Scenario as DemoScenario,
  type DemoVendor,
  type DeviceCtx,
  WRITERS as VENDOR_WRITERS,
} from './vendors.js';

export type Family = 'kv' | 'csv' | 'json';

export interface GenOptions {
  seed?: number;
  /** Epoch ms of the first record. */
  startMs: number;
  /** Mean gap between records (ms). */
  stepMs: number;
  families?: readonly Family[];
}

type Scenario =
  | 'burst'
  | 'traffic'
  | 'deny'
  | 'web-block'
  | 'cnc'
  | 'ips-in'
  | 'virus-web'
  | 'virus-mail'
  | 'spam'
  | 'scan'
  | 'storage'
  | 'remote'
  | 'ime'
  | 'sns';

const MIX: Record<Scenario, number> = {
  // a port scan the device does not report itself: a burst of inbound denies (see recon-correlator)
  burst: 0.02,
  traffic: 70,
  deny: 8,
  'web-block': 6,
  cnc: 3,
  'ips-in': 2,
  'virus-web': 0.05,
  'virus-mail': 0.2,
  spam: 3,
  scan: 0.5,
  storage: 2.5,
  remote: 1.2,
  ime: 1.5,
  sns: 2,
};

const INSIDE = (r: Rng) => `192.168.${r.int(1, 3)}.${r.int(10, 250)}`;
const OUTSIDE = (r: Rng) => r.pick(['198.51.100.', '203.0.113.', '192.0.2.']) + r.int(1, 254);
const HARMFUL = [
  ['malware.example.net', 'Malicious Websites', 'malware'],
  ['phish.example.org', 'Phishing', 'phishing'],
  ['casino.example.com', 'Gambling', 'gambling'],
] as const;
const STORAGE = ['www.dropbox.com', 'drive.google.com', 'gigafile.nu', 'firestorage.jp', 'app.box.com'];
const REMOTE = ['TeamViewer', 'AnyDesk'];
const SNS = ['www.facebook.com', 'x.com', 'mail.google.com', 'www.instagram.com', 'line.me'];
const VIRUSES = ['W32/Emotet.ABC!tr', 'EICAR_TEST_FILE', 'W32/WannaCryptor.H!tr.ransom', 'JS/Agent.AB!tr'];
const IPS_SIGS = [
  'MS.SMB.Server.SMB1.Trans2.Secondary.Handling.Code.Execution',
  'Apache.Log4j.Error.Log.Remote.Code.Execution',
  'SSL.VPN.Brute.Force.Login',
];

function pad(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** Wall-clock fields in JST (devices log local time). */
function jst(ms: number): { date: string; time: string; slash: string } {
  const d = new Date(ms + 9 * 3_600_000);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return { date, time, slash: `${date.replace(/-/g, '/')} ${time}` };
}

function fortigate(r: Rng, s: Scenario, ms: number): string {
  const { date, time } = jst(ms);
  const head = `date=${date} time=${time} devname="FG60F-OFFICE" devid="FGT60FTK00000001" eventtime=${ms}000000 tz="+0900"`;
  const sip = INSIDE(r);
  const dip = OUTSIDE(r);
  const sport = r.int(1024, 65000);
  switch (s) {
    case 'deny':
      return `${head} logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=${dip} srcport=${sport} srcintf="wan1" srcintfrole="wan" dstip=192.168.1.${r.int(2, 9)} dstport=${r.pick([22, 23, 445, 3389, 8080])} dstintf="internal" dstintfrole="lan" proto=6 action="deny" policyid=0 service="tcp" sentbyte=0 rcvdbyte=0`;
    case 'web-block': {
      const [host, cat] = r.pick(HARMFUL);
      return `${head} logid="0316013056" type="utm" subtype="webfilter" eventtype="ftgd_blk" level="warning" vd="root" policyid=1 srcip=${sip} srcport=${sport} srcintf="internal" srcintfrole="lan" dstip=${dip} dstport=443 dstintf="wan1" dstintfrole="wan" proto=6 service="HTTPS" hostname="${host}" action="blocked" url="https://${host}/" cat=26 catdesc="${cat}" msg="URL belongs to a denied category in policy"`;
    }
    case 'cnc':
      return `${head} logid="1501054802" type="utm" subtype="dns" eventtype="dns-response" level="warning" vd="root" srcip=${sip} srcport=${sport} srcintf="internal" srcintfrole="lan" dstip=198.51.100.53 dstport=53 dstintf="wan1" dstintfrole="wan" proto=17 service="DNS" qname="www.iuqerfsodp9ifjaposdfjhgosurijfaewrwergwea.com" qtype="A" action="block" msg="Domain was blocked because it is in the Botnet C&C domain list" botnetdomain="www.iuqerfsodp9ifjaposdfjhgosurijfaewrwergwea.com"`;
    case 'ips-in':
      return `${head} logid="0419016384" type="utm" subtype="ips" eventtype="signature" level="alert" vd="root" severity="critical" srcip=${dip} srcport=${sport} srcintf="wan1" srcintfrole="wan" dstip=192.168.1.5 dstport=443 dstintf="internal" dstintfrole="lan" proto=6 service="HTTPS" action="dropped" attack="${r.pick(IPS_SIGS)}" attackid=${r.int(10000, 50000)} msg="ips signature"`;
    case 'virus-web':
      return `${head} logid="0211008192" type="utm" subtype="virus" eventtype="infected" level="warning" vd="root" srcip=${dip} srcport=80 srcintf="wan1" dstip=${sip} dstport=${sport} dstintf="internal" proto=6 service="HTTP" action="blocked" direction="incoming" filename="invoice.exe" virus="${r.pick(VIRUSES)}" url="http://dl.example.net/invoice.exe"`;
    case 'virus-mail':
      return `${head} logid="0211008192" type="utm" subtype="virus" eventtype="infected" level="warning" vd="root" srcip=${dip} srcport=25 srcintf="wan1" dstip=${sip} dstport=${sport} dstintf="internal" proto=6 service="SMTP" action="blocked" direction="incoming" filename="doc.zip" virus="${r.pick(VIRUSES)}" from="a@example.net" to="b@example.co.jp"`;
    case 'spam':
      return `${head} logid="0510020491" type="utm" subtype="emailfilter" eventtype="smtp" level="notice" vd="root" srcip=${dip} srcport=${sport} srcintf="wan1" dstip=192.168.1.25 dstport=25 dstintf="internal" proto=6 service="SMTP" action="blocked" from="promo@example.org" to="info@example.co.jp" subject="今すぐ確認" direction="incoming" msg="from FortiGuard - AntiSpam ip check" eventtype2="spam"`;
    case 'scan':
      return `${head} logid="0720018432" type="anomaly" subtype="anomaly" level="alert" vd="root" severity="critical" srcip=${dip} srcport=${sport} srcintf="wan1" dstip=192.168.1.1 dstport=${r.int(1, 1024)} dstintf="internal" proto=6 service="tcp" action="detected" count=${r.int(50, 900)} attack="tcp_port_scan" attackid=100663396 msg="anomaly: tcp_port_scan"`;
    case 'storage':
    case 'sns': {
      const host = r.pick(s === 'storage' ? STORAGE : SNS);
      return `${head} logid="0317013312" type="utm" subtype="webfilter" eventtype="ftgd_allow" level="notice" vd="root" policyid=1 srcip=${sip} srcport=${sport} srcintf="internal" srcintfrole="lan" dstip=${dip} dstport=443 dstintf="wan1" dstintfrole="wan" proto=6 service="HTTPS" hostname="${host}" action="passthrough" url="https://${host}/" cat=${s === 'storage' ? 75 : 37} catdesc="${s === 'storage' ? 'File Sharing and Storage' : 'Social Networking'}" msg="URL belongs to an allowed category in policy"`;
    }
    case 'remote':
      return `${head} logid="1059028704" type="utm" subtype="app-ctrl" eventtype="signature" level="information" vd="root" srcip=${sip} srcport=${sport} srcintf="internal" srcintfrole="lan" dstip=${dip} dstport=443 dstintf="wan1" dstintfrole="wan" proto=6 service="HTTPS" action="pass" appid=${r.int(10000, 40000)} app="${r.pick(REMOTE)}" appcat="Remote.Access" apprisk="elevated"`;
    case 'ime':
      return `${head} logid="0317013312" type="utm" subtype="webfilter" eventtype="ftgd_allow" level="notice" vd="root" srcip=${sip} srcport=${sport} srcintf="internal" srcintfrole="lan" dstip=${dip} dstport=80 dstintf="wan1" dstintfrole="wan" proto=6 service="HTTP" hostname="ime.baidu.jp" action="passthrough" url="http://ime.baidu.jp/update" cat=52 catdesc="Information Technology"`;
    default:
      return `${head} logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=${sip} srcport=${sport} srcintf="internal" srcintfrole="lan" dstip=${dip} dstport=443 dstintf="wan1" dstintfrole="wan" proto=6 action="close" policyid=1 service="HTTPS" duration=${r.int(1, 300)} sentbyte=${r.int(200, 90000)} rcvdbyte=${r.int(200, 900000)} sentpkt=12 rcvdpkt=30 appcat="unscanned"`;
  }
}

// PAN-OS 10.x syslog CSV: FUTURE_USE,Receive Time,Serial,Type,Subtype,FUTURE_USE,Generated Time,Source,Destination,
// NAT Source,NAT Destination,Rule,Src User,Dst User,Application,Virtual System,Source Zone,Destination Zone,
// Inbound If,Outbound If,Log Action,FUTURE_USE,Session ID,Repeat Count,Source Port,Destination Port,NAT Sport,NAT Dport,
// Flags,Protocol,Action, … (docs.paloaltonetworks.com "Syslog Field Descriptions")
function paloalto(r: Rng, s: Scenario, ms: number): string {
  const { slash } = jst(ms);
  const sip = INSIDE(r);
  const dip = OUTSIDE(r);
  const sport = r.int(1024, 65000);
  const base = (
    type: string,
    sub: string,
    src: string,
    dst: string,
    rule: string,
    app: string,
    fz: string,
    tz: string,
    dport: number,
    action: string,
  ) =>
    `1,${slash},012801000001,${type},${sub},2561,${slash},${src},${dst},0.0.0.0,0.0.0.0,${rule},,,${app},vsys1,${fz},${tz},ethernet1/2,ethernet1/1,default,,${r.int(1000, 999999)},1,${sport},${dport},0,0,0x400000,tcp,${action}`;
  switch (s) {
    case 'web-block': {
      const [host, , cat] = r.pick(HARMFUL);
      return `${base('THREAT', 'url', sip, dip, 'internet', 'ssl', 'trust', 'untrust', 443, 'block-url')},"${host}/",(9999),${cat},informational,client-to-server,${r.int(1, 1e6)},0x0,192.168.0.0-192.168.255.255,JP,,,0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,`;
    }
    case 'cnc':
      return `${base('THREAT', 'spyware', sip, dip, 'internet', 'web-browsing', 'trust', 'untrust', 80, 'reset-both')},,Trojan-Downloader/Win32.emotet.a(13294),any,critical,client-to-server,${r.int(1, 1e6)},0x0,192.168.0.0-192.168.255.255,US,,,0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,`;
    case 'virus-mail':
      return `${base('THREAT', 'virus', dip, sip, 'mail-in', 'smtp', 'untrust', 'trust', 25, 'reset-both')},"doc.zip",Virus/Win32.WGeneric.emotet(273956301),any,medium,server-to-client,${r.int(1, 1e6)},0x0,US,192.168.0.0-192.168.255.255,,,0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,`;
    case 'deny':
      return (
        base(
          'TRAFFIC',
          'deny',
          dip,
          `192.168.1.${r.int(2, 9)}`,
          'deny-all',
          'not-applicable',
          'untrust',
          'trust',
          r.pick([22, 445, 3389]),
          'deny',
        ) +
        `,0,0,0,1,${slash},0,any,,${r.int(1, 1e6)},0x0,US,192.168.0.0-192.168.255.255,,1,0,policy-deny,0,0,0,0,,PA-850,from-policy,,,0,,0,,N/A,0,0,0,0`
      );
    default: {
      const app =
        s === 'storage'
          ? 'dropbox-base'
          : s === 'remote'
            ? 'teamviewer-base'
            : s === 'sns'
              ? 'facebook-base'
              : 'ssl';
      return (
        base('TRAFFIC', 'end', sip, dip, 'internet', app, 'trust', 'untrust', 443, 'allow') +
        `,${r.int(500, 90000)},${r.int(100, 9000)},${r.int(100, 80000)},${r.int(2, 40)},${slash},${r.int(0, 300)},any,,${r.int(1, 1e6)},0x0,192.168.0.0-192.168.255.255,US,,20,12,tcp-fin,0,0,0,0,,PA-850,from-policy,,,0,,0,,N/A,0,0,0,0`
      );
    }
  }
}

function suricata(r: Rng, s: Scenario, ms: number): string {
  const ts = new Date(ms + 9 * 3_600_000).toISOString().replace('Z', '+0900');
  const sip = INSIDE(r);
  const dip = OUTSIDE(r);
  const sport = r.int(1024, 65000);
  switch (s) {
    case 'cnc':
      return JSON.stringify({
        timestamp: ts,
        flow_id: r.int(1, 2 ** 40),
        in_iface: 'eth0',
        event_type: 'alert',
        src_ip: sip,
        src_port: sport,
        dest_ip: dip,
        dest_port: 80,
        proto: 'TCP',
        alert: {
          action: 'allowed',
          gid: 1,
          signature_id: 2024218,
          rev: 3,
          signature: 'ET MALWARE Possible WannaCry DNS Lookup 1',
          category: 'A Network Trojan was detected',
          severity: 1,
        },
      });
    case 'scan':
    case 'ips-in':
      return JSON.stringify({
        timestamp: ts,
        flow_id: r.int(1, 2 ** 40),
        in_iface: 'eth0',
        event_type: 'alert',
        src_ip: dip,
        src_port: sport,
        dest_ip: '192.168.1.5',
        dest_port: s === 'scan' ? r.int(1, 1024) : 445,
        proto: 'TCP',
        alert: {
          action: 'blocked',
          gid: 1,
          signature_id: s === 'scan' ? 2010937 : 2024217,
          rev: 3,
          signature:
            s === 'scan'
              ? 'ET SCAN Suspicious inbound to mySQL port 3306'
              : 'ET EXPLOIT Possible ETERNALBLUE MS17-010 Echo Request',
          category: s === 'scan' ? 'Potentially Bad Traffic' : 'Attempted Administrator Privilege Gain',
          severity: 2,
        },
      });
    case 'storage':
    case 'sns':
    case 'web-block': {
      const host = s === 'storage' ? r.pick(STORAGE) : s === 'sns' ? r.pick(SNS) : r.pick(HARMFUL)[0];
      return JSON.stringify({
        timestamp: ts,
        flow_id: r.int(1, 2 ** 40),
        event_type: 'tls',
        src_ip: sip,
        src_port: sport,
        dest_ip: dip,
        dest_port: 443,
        proto: 'TCP',
        tls: { sni: host, version: 'TLS 1.3' },
      });
    }
    default:
      return JSON.stringify({
        timestamp: ts,
        flow_id: r.int(1, 2 ** 40),
        event_type: 'flow',
        src_ip: sip,
        src_port: sport,
        dest_ip: dip,
        dest_port: 443,
        proto: 'TCP',
        app_proto: 'tls',
        flow: {
          pkts_toserver: 12,
          pkts_toclient: 30,
          bytes_toserver: r.int(200, 9000),
          bytes_toclient: r.int(200, 90000),
          start: ts,
          end: ts,
          age: 3,
          state: 'closed',
          reason: 'timeout',
        },
      });
  }
}

const WRITERS: Record<Family, (r: Rng, s: Scenario, ms: number) => string> = {
  kv: fortigate,
  csv: paloalto,
  json: suricata,
};

/** An endless stream of records; `family` chooses the vendor layout per record. */
export function* generateRecords(opts: GenOptions): Generator<string> {
  const r = new Rng(opts.seed ?? 42);
  const fams = opts.families ?? (['kv', 'kv', 'csv', 'json'] as const);
  let ms = opts.startMs;
  for (;;) {
    const s = r.weighted(MIX);
    if (s === 'burst') {
      const fam = r.pick(fams) === 'csv' ? 'csv' : 'kv';
      const src = OUTSIDE(r);
      for (let port = 20; port < 36; port++) {
        yield WRITERS[fam](r, 'deny', ms)
          .replace(/198\.51\.100\.\d+|203\.0\.113\.\d+|192\.0\.2\.\d+/, src)
          .replace(/dstport=\d+|,(22|445|3389),0,0,/, (m) =>
            m.startsWith('dstport') ? `dstport=${port}` : `,${port},0,0,`,
          );
        ms += 40;
      }
      continue;
    }
    yield WRITERS[r.pick(fams)](r, s, ms);
    ms += Math.round(r.next() * 2 * opts.stepMs);
  }
}

// ---- the demo programme: one device, one day, shaped like the seed ----

/**
 * Expected records per day for one device (a weekday for inside-originated traffic;
 * outside-originated attacks and mail come every day, around the clock).
 */
export interface DailyRates {
  traffic: number;
  deny: number;
  spam: number;
  /** Port scans: the device's own scan verdict, or a burst of denies when it has none. */
  scan: number;
  ipsIn: number;
  cnc: number;
  harmfulWeb: number;
  virusWeb: number;
  virusFtp: number;
  virusMailIn: number;
  virusMailOut: number;
  storage: number;
  remote: number;
  ime: number;
  sns: number;
  /** WannaCry kill-switch / C&C attempts from the one infected PC (0 elsewhere). */
  wannacry: number;
  /** First day index (0 = the first day of the period) the infected PC calls out. */
  wannacryFromDay?: number;
  /**
   * Clean mails received and sent on a weekday (office hours), for UTMs that log every
   * mail; absent = derived from the spam rate for those vendors (see withCleanMail).
   */
  mailIn?: number;
  mailOut?: number;
  /**
   * Plain traffic spread evenly over the clock (DNS, NTP, updates), on top of `traffic`:
   * the live demo uses it so a small company's UTM does not look silent at night.
   */
  background?: number;
}

export interface DeviceDayPlan {
  vendor: DemoVendor;
  ctx: DeviceCtx;
  rates: DailyRates;
  /** Seed of this device's stream; each day derives its own generator from it. */
  seed: number;
}

/** Inside-originated scenarios follow office hours and weekdays; the rest do not. */
const OFFICE: ReadonlySet<DemoScenario> = new Set([
  'traffic',
  'cnc',
  'wannacry',
  'harmful-web',
  'virus-web',
  'virus-ftp',
  'virus-mail-out',
  'mail-in',
  'mail-out',
  'storage',
  'remote',
  'ime',
  'sns',
]);

const RATE_KEYS: readonly [keyof DailyRates, DemoScenario][] = [
  ['background', 'traffic'],
  ['traffic', 'traffic'],
  ['deny', 'deny'],
  ['spam', 'spam'],
  ['mailIn', 'mail-in'],
  ['mailOut', 'mail-out'],
  ['scan', 'scan'],
  ['ipsIn', 'ips-in'],
  ['cnc', 'cnc'],
  ['harmfulWeb', 'harmful-web'],
  ['virusWeb', 'virus-web'],
  ['virusFtp', 'virus-ftp'],
  ['virusMailIn', 'virus-mail-in'],
  ['virusMailOut', 'virus-mail-out'],
  ['storage', 'storage'],
  ['remote', 'remote'],
  ['ime', 'ime'],
  ['sns', 'sns'],
  ['wannacry', 'wannacry'],
];

const DAY_MS = 86_400_000;
const JST_MS = 9 * 3_600_000;

/** JST weekday (0 = Sunday) of an instant. */
function jstWeekday(ms: number): number {
  return new Date(ms + JST_MS).getUTCDay();
}

/** Office rhythm: share of a weekday's inside traffic on this day. */
function dayFactor(weekday: number): number {
  return weekday === 0 ? 0.08 : weekday === 6 ? 0.22 : 1;
}

/** A JST time of day (ms since local midnight) for inside traffic: mostly 8:30–19:00, lunch dip. */
function officeTime(r: Rng): number {
  const u = r.next();
  if (u < 0.12) return Math.floor(r.next() * DAY_MS); // night shift, servers, updates
  for (;;) {
    const t = 8.5 + r.next() * 10.5; // hours
    if (t >= 12 && t < 13 && r.next() < 0.6) continue;
    return Math.floor(t * 3_600_000 + r.next() * 1000);
  }
}

/** Stochastic rounding: a rate of 2.3 gives 2 or 3 with the right mean, 0.01 gives 1 one day in 100. */
function count(r: Rng, mean: number): number {
  const base = Math.floor(mean);
  return base + (r.next() < mean - base ? 1 : 0);
}

/** Mixes a device seed and a day index into a generator seed. */
function daySeed(seed: number, day: number): number {
  let h = (seed ^ Math.imul(day + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  return (h ^ (h >>> 13)) >>> 0;
}

/**
 * A UTM that logs every mail gets clean mail beside its spam: on a weekday 2 to 3.4 times
 * as many clean mails received as spam (spam arrives every day, business mail mostly on
 * weekdays, so spam is 30–40% of a week's received mail), and sent mail about 60% of the
 * received. The mail logs take up to half of the plain traffic's share, so the demo's
 * volume stays about the same.
 */
export function withCleanMail(plan: Pick<DeviceDayPlan, 'vendor' | 'rates' | 'seed'>): DailyRates {
  const r = plan.rates;
  if (r.mailIn !== undefined || !CLEAN_MAIL_VENDORS.has(plan.vendor) || r.spam <= 0) return r;
  const mailIn = r.spam * (2 + 1.4 * ((plan.seed % 1000) / 1000));
  const mailOut = mailIn * 0.6;
  const traffic = r.traffic - Math.min(r.traffic / 2, mailIn + mailOut);
  return { ...r, traffic, mailIn, mailOut };
}

/**
 * The records of one device for one JST day, in time order, in its vendor's layout, with
 * their times. `dayStartMs` is that day's JST midnight (as epoch ms); records after
 * `endMs` are left out (today is generated up to now). A day cut at `endMs` is the prefix
 * of the whole day: same plan and day → same lines, however far the day is generated.
 */
export function generateDeviceDayTimed(
  plan: DeviceDayPlan,
  day: number,
  dayStartMs: number,
  endMs = Number.POSITIVE_INFINITY,
): [ms: number, line: string][] {
  const r = new Rng(daySeed(plan.seed, day));
  const write = VENDOR_WRITERS[plan.vendor];
  const rates = withCleanMail(plan);
  const weekday = jstWeekday(dayStartMs + 12 * 3_600_000);
  const office = dayFactor(weekday);
  // one day busier than another
  const swing = 0.8 + 0.4 * r.next();
  // C&C calls come from the few PCs a bot sits on, and a risky input tool is installed
  // on a few PCs, not on the whole office
  const fewPcs = { ...plan.ctx, hosts: Math.min(3, plan.ctx.hosts) };
  const items: [number, DemoScenario][] = [];
  for (const [key, s] of RATE_KEYS) {
    let mean = rates[key] as number;
    if (!mean) continue;
    if (s === 'wannacry' && day < (rates.wannacryFromDay ?? 0)) continue;
    const inOffice = OFFICE.has(s) && key !== 'background';
    mean *= inOffice ? office * swing : swing;
    const n = count(r, mean);
    for (let i = 0; i < n; i++) {
      const t = inOffice ? officeTime(r) : Math.floor(r.next() * DAY_MS);
      items.push([dayStartMs + t, s]);
    }
  }
  items.sort((a, b) => a[0] - b[0]);
  const out: [number, string][] = [];
  for (const [ms, s] of items) {
    if (ms > endMs) break;
    const line = write(r, s, ms, s === 'cnc' || s === 'ime' ? fewPcs : plan.ctx);
    if (line !== null) {
      out.push([ms, line]);
      continue;
    }
    if (s === 'scan') {
      // no scan verdict on this device: the probes themselves, denied on many ports within seconds
      const src = OUTSIDE(r);
      const n = r.int(11, 15);
      const ports = [
        21, 22, 23, 25, 53, 80, 110, 135, 139, 143, 443, 445, 1433, 3306, 3389, 5900, 8080, 8443,
      ];
      for (let k = 0; k < n; k++) {
        const burst = { src, port: k < ports.length ? ports[k] : r.int(1, 65535) };
        const deny = write(r, 'deny', ms + k * 150, { ...plan.ctx, burst });
        if (deny !== null) out.push([ms + k * 150, deny]);
      }
    }
  }
  return out;
}

/** generateDeviceDayTimed without the times. */
export function generateDeviceDay(
  plan: DeviceDayPlan,
  day: number,
  dayStartMs: number,
  endMs: number,
): string[] {
  return generateDeviceDayTimed(plan, day, dayStartMs, endMs).map((x) => x[1]);
}
