/**
 * One demo record in a vendor's own syslog layout, per scenario. The layouts follow the
 * parser fixtures (src/ingest/parsers/<vendor>/fixtures), so each line goes through the
 * real parser and classifier into the intended monitoring item. A writer returns null for
 * a scenario its device cannot log (a Palo Alto has no antispam, a Yamaha router no web
 * filter); the generator then writes nothing for it. Addresses: RFC 5737 documentation
 * ranges outside, RFC 1918 inside.
 */
import type { Rng } from './random.js';

export type Scenario =
  | 'traffic'
  | 'deny'
  | 'spam'
  /** A clean mail received / sent, logged by UTMs set to log every mail (CLEAN_MAIL_VENDORS). */
  | 'mail-in'
  | 'mail-out'
  | 'scan'
  | 'ips-in'
  | 'cnc'
  | 'wannacry'
  | 'virus-web'
  | 'virus-ftp'
  | 'virus-mail-in'
  | 'virus-mail-out'
  | 'harmful-web'
  | 'storage'
  | 'remote'
  | 'ime'
  | 'sns';

/** Vendor ids the demo can write (each is also the parser / device format id). */
export type DemoVendor =
  | 'fortigate'
  | 'paloalto'
  | 'sophos'
  | 'checkpoint'
  | 'watchguard'
  | 'sonicwall'
  | 'suricata'
  | 'yamaha-rtx'
  | 'pfsense';

export interface DeviceCtx {
  /** Device host name as it writes it (devname, device_name …). */
  name: string;
  serial: string;
  /** Inside /24 prefix, e.g. "192.168.12". */
  lan: string;
  /** Inside hosts: .20 … .20+hosts-1. */
  hosts: number;
  /** The company's public address. */
  wan: string;
  /** The one infected PC (WannaCry scenario). */
  infectedPc: string;
  /** Set for the denies of a port-scan burst: the scanner and the port probed. */
  burst?: { src: string; port: number };
}

export type Writer = (r: Rng, s: Scenario, ms: number, d: DeviceCtx) => string | null;

// ---- shared pieces ----

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

interface Jst {
  date: string;
  time: string;
  /** 2026/01/15 09:00:01 */
  slash: string;
  /** 2026-01-15T09:00:01 (local) */
  iso: string;
  /** Jan 15 09:00:01 (RFC 3164) */
  bsd: string;
}

/** Wall-clock fields in JST (the devices log local time). */
export function jst(ms: number): Jst {
  const d = new Date(ms + 9 * 3_600_000);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  const day = d.getUTCDate();
  return {
    date,
    time,
    slash: `${date.replace(/-/g, '/')} ${time}`,
    iso: `${date}T${time}`,
    bsd: `${MON[d.getUTCMonth()]} ${day < 10 ? ' ' + day : day} ${time}`,
  };
}

export const outside = (r: Rng): string => r.pick(['198.51.100.', '203.0.113.', '192.0.2.']) + r.int(1, 254);
const inside = (r: Rng, d: DeviceCtx): string => `${d.lan}.${r.int(20, 19 + d.hosts)}`;
const sport = (r: Rng): number => r.int(1024, 65000);
const mailServer = (d: DeviceCtx): string => `${d.lan}.25`;
const webServer = (d: DeviceCtx): string => `${d.lan}.5`;

const HARMFUL: readonly (readonly [host: string, fortiCat: string, panCat: string, sophosCat: string])[] = [
  ['malware.example.net', 'Malicious Websites', 'malware', 'Spyware & Malware'],
  ['phish.example.org', 'Phishing', 'phishing', 'Phishing & Fraud'],
  ['casino.example.com', 'Gambling', 'gambling', 'Gambling'],
  ['adult.example.com', 'Pornography', 'adult', 'Sexually Explicit'],
  ['warez.example.net', 'Piracy', 'copyright-infringement', 'Hacking'],
];
const STORAGE = ['www.dropbox.com', 'drive.google.com', 'gigafile.nu', 'firestorage.jp', 'app.box.com'];
const SNS = ['www.facebook.com', 'x.com', 'mail.google.com', 'www.instagram.com', 'mail.yahoo.co.jp'];
const IME_HOSTS = ['ime.baidu.jp', 'api.ime.baidu.jp', 'simeji.baidu.jp'];
const REMOTE = ['TeamViewer', 'AnyDesk'];
const PLAIN_SITES = [
  'www.yahoo.co.jp',
  'www.google.co.jp',
  'www.nikkei.com',
  'www.city.chiba.jp',
  'www.pref.saitama.lg.jp',
  'www.e-tax.nta.go.jp',
  'outlook.office365.com',
  'www.amazon.co.jp',
];
/** Generic C&C families (never WannaCry: that is one company's story). */
const C2_FAMILIES = ['Emotet', 'Zbot', 'Conficker', 'Andromeda', 'Necurs', 'Ramnit', 'Mirai'];
const IPS_SIGS = [
  'MS.SMB.Server.SMB1.Trans2.Secondary.Handling.Code.Execution',
  'Apache.Log4j.Error.Log.Remote.Code.Execution',
  'SSL.VPN.Brute.Force.Login',
  'Fortinet.FortiOS.SSL.VPN.Heap.Buffer.Overflow',
  'MS.RDP.BlueKeep.Remote.Code.Execution',
];
const MAIL_SUBJECTS = [
  'お見積りの件',
  'お打ち合わせ日程のご相談',
  '納品のご連絡',
  '請求書送付のご案内',
  '会議資料の送付',
  'ご注文ありがとうございます',
  '来週の訪問について',
  'Re: 仕様の確認',
];
const PARTNERS = ['tanaka@partner.example.co.jp', 'sales@supplier.example.jp', 'info@customer.example.com'];
const MAIL_VIRUSES = ['W32/Emotet.A!tr', 'W32/Agent.AB!tr', 'JS/Nemucod.F!tr', 'W97M/Downloader.C!tr'];
const WEB_VIRUSES = ['W32/GenKryptik.ABC!tr', 'EICAR_TEST_FILE', 'JS/Agent.AB!tr', 'W32/Injector.D!tr'];

// ---- FortiGate (key=value) ----

export const fortigate: Writer = (r, s, ms, d) => {
  const { date, time } = jst(ms);
  const head = `date=${date} time=${time} devname="${d.name}" devid="${d.serial}" eventtime=${ms}000000 tz="+0900"`;
  const sip = inside(r, d);
  const dip = outside(r);
  const sp = sport(r);
  const lanOut = `srcip=${sip} srcport=${sp} srcintf="internal" srcintfrole="lan" dstip=${dip}`;
  switch (s) {
    case 'traffic': {
      const host = r.pick(PLAIN_SITES);
      return `${head} logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" ${lanOut} dstport=443 dstintf="wan1" dstintfrole="wan" proto=6 action="close" policyid=1 service="HTTPS" hostname="${host}" duration=${r.int(1, 300)} sentbyte=${r.int(200, 90000)} rcvdbyte=${r.int(200, 900000)} sentpkt=12 rcvdpkt=30 appcat="unscanned"`;
    }
    case 'deny':
      return `${head} logid="0000000013" type="traffic" subtype="forward" level="notice" vd="root" srcip=${dip} srcport=${sp} srcintf="wan1" srcintfrole="wan" dstip=${d.wan} dstport=${r.pick([22, 23, 445, 3389, 8080])} dstintf="internal" dstintfrole="lan" proto=6 action="deny" policyid=0 service="tcp" sentbyte=0 rcvdbyte=0`;
    case 'spam':
      return `${head} logid="0510020491" type="utm" subtype="emailfilter" eventtype="smtp" level="notice" vd="root" srcip=${dip} srcport=${sp} srcintf="wan1" srcintfrole="wan" dstip=${mailServer(d)} dstport=25 dstintf="internal" dstintfrole="lan" proto=6 service="SMTP" action="blocked" from="promo${r.int(1, 99)}@example.org" to="info@example.co.jp" subject="今すぐ確認" direction="incoming" msg="from FortiGuard - AntiSpam ip check" eventtype2="spam"`;
    // "general email log" (logid 20503): the mail filter profile logs every mail, not only verdicts
    case 'mail-in':
    case 'mail-out': {
      const partner = r.pick(PARTNERS);
      const staff = `staff${r.int(1, Math.max(1, d.hosts))}@example.co.jp`;
      const [from, to] = s === 'mail-in' ? [partner, staff] : [staff, partner];
      const route =
        s === 'mail-in'
          ? `srcip=${dip} srcport=${sp} srcintf="wan1" srcintfrole="wan" dstip=${mailServer(d)} dstport=25 dstintf="internal" dstintfrole="lan" policyid=7`
          : `srcip=${mailServer(d)} srcport=${sp} srcintf="internal" srcintfrole="lan" dstip=${dip} dstport=25 dstintf="wan1" dstintfrole="wan" policyid=8`;
      return `${head} logid="0508020503" type="utm" subtype="emailfilter" eventtype="smtp" level="information" vd="root" ${route} proto=6 service="SMTP" profile="default" action="log-only" from="${from}" to="${to}" sender="${from}" recipient="${to}" direction="${s === 'mail-in' ? 'incoming' : 'outgoing'}" msg="general email log" subject="${r.pick(MAIL_SUBJECTS)}" size="${r.int(2, 900) * 1024}" attachment="${r.next() < 0.3 ? 'yes' : 'no'}"`;
    }
    case 'scan':
      return `${head} logid="0720018432" type="utm" subtype="anomaly" eventtype="anomaly" level="alert" vd="root" severity="critical" srcip=${dip} srcport=${sp} srcintf="wan1" srcintfrole="wan" dstip=${d.wan} dstport=${r.int(1, 1024)} dstintf="root" proto=6 service="tcp" action="detected" count=${r.int(50, 900)} attack="${r.pick(['tcp_port_scan', 'udp_scan', 'icmp_sweep'])}" attackid=100663396 msg="anomaly: tcp_port_scan"`;
    case 'ips-in':
      return `${head} logid="0419016384" type="utm" subtype="ips" eventtype="signature" level="alert" vd="root" severity="critical" srcip=${dip} srcport=${sp} srcintf="wan1" srcintfrole="wan" dstip=${webServer(d)} dstport=443 dstintf="internal" dstintfrole="lan" proto=6 service="HTTPS" action="dropped" attack="${r.pick(IPS_SIGS)}" attackid=${r.int(10000, 50000)} direction="incoming" msg="ips signature"`;
    case 'cnc':
      return `${head} logid="0422016400" type="utm" subtype="ips" eventtype="botnet" level="warning" vd="root" severity="critical" ${lanOut} dstport=443 dstintf="wan1" dstintfrole="wan" action="dropped" proto=6 service="HTTPS" policyid=1 attack="${r.pick(C2_FAMILIES)}.Botnet" direction="outgoing" attackid=${r.int(7000000, 7999999)} msg="botnet: C&C"`;
    case 'wannacry':
      return `${head} logid="1501054802" type="utm" subtype="dns" eventtype="dns-response" level="warning" vd="root" srcip=${d.infectedPc} srcport=${sp} srcintf="internal" srcintfrole="lan" dstip=198.51.100.53 dstport=53 dstintf="wan1" dstintfrole="wan" proto=17 service="DNS" qname="www.iuqerfsodp9ifjaposdfjhgosurijfaewrwergwea.com" qtype="A" action="block" msg="Domain was blocked because it is in the Botnet C&C domain list" botnetdomain="www.iuqerfsodp9ifjaposdfjhgosurijfaewrwergwea.com"`;
    case 'virus-web':
      return `${head} logid="0211008192" type="utm" subtype="virus" eventtype="infected" level="warning" vd="root" msg="File is infected." action="blocked" service="HTTP" ${lanOut} dstport=80 dstintf="wan1" dstintfrole="wan" policyid=1 proto=6 direction="incoming" filename="invoice.exe" virus="${r.pick(WEB_VIRUSES)}" dtype="Virus" url="http://dl.example.net/invoice.exe"`;
    case 'virus-ftp':
      return `${head} logid="0211008192" type="utm" subtype="virus" eventtype="infected" level="warning" vd="root" msg="File is infected." action="blocked" service="FTP" ${lanOut} dstport=21 dstintf="wan1" dstintfrole="wan" policyid=1 proto=6 direction="incoming" filename="setup.exe" virus="W32/Agent.XYZ!tr" dtype="Virus" url="ftp://ftp.example.net/pub/setup.exe"`;
    case 'virus-mail-in':
      return `${head} logid="0211008192" type="utm" subtype="virus" eventtype="infected" level="warning" vd="root" msg="File is infected." action="blocked" service="SMTP" srcip=${dip} dstip=${mailServer(d)} srcport=${sp} dstport=25 srcintf="wan1" srcintfrole="wan" dstintf="dmz" dstintfrole="dmz" policyid=7 proto=6 direction="incoming" filename="invoice.doc" virus="${r.pick(MAIL_VIRUSES)}" dtype="Virus" from="sender@example.net" to="staff@example.co.jp" subject="請求書"`;
    case 'virus-mail-out':
      return `${head} logid="0211008192" type="utm" subtype="virus" eventtype="infected" level="warning" vd="root" msg="File is infected." action="blocked" service="SMTP" ${lanOut} dstport=25 dstintf="wan1" dstintfrole="wan" policyid=8 proto=6 direction="outgoing" filename="report.xls" virus="XLS/Agent.AB!tr" dtype="Virus" from="staff@example.co.jp" to="partner@example.org"`;
    case 'harmful-web': {
      const [host, cat] = r.pick(HARMFUL);
      return `${head} logid="0316013056" type="utm" subtype="webfilter" eventtype="ftgd_blk" level="warning" vd="root" policyid=1 ${lanOut} dstport=443 dstintf="wan1" dstintfrole="wan" proto=6 service="HTTPS" hostname="${host}" action="blocked" url="https://${host}/" cat=26 catdesc="${cat}" msg="URL belongs to a denied category in policy"`;
    }
    case 'storage':
    case 'sns': {
      const host = r.pick(s === 'storage' ? STORAGE : SNS);
      return `${head} logid="0317013312" type="utm" subtype="webfilter" eventtype="ftgd_allow" level="notice" vd="root" policyid=1 ${lanOut} dstport=443 dstintf="wan1" dstintfrole="wan" proto=6 service="HTTPS" hostname="${host}" action="passthrough" url="https://${host}/" cat=${s === 'storage' ? 75 : 37} catdesc="${s === 'storage' ? 'File Sharing and Storage' : 'Social Networking'}" msg="URL belongs to an allowed category in policy"`;
    }
    case 'remote':
      return `${head} logid="1059028704" type="utm" subtype="app-ctrl" eventtype="signature" level="information" vd="root" ${lanOut} dstport=443 dstintf="wan1" dstintfrole="wan" proto=6 service="HTTPS" direction="outgoing" action="pass" appid=${r.int(10000, 40000)} app="${r.pick(REMOTE)}" appcat="Remote.Access" apprisk="elevated"`;
    case 'ime':
      return `${head} logid="1059028704" type="utm" subtype="app-ctrl" eventtype="app-ctrl-all" level="information" vd="root" appid=16008 ${lanOut} dstport=443 dstintf="wan1" dstintfrole="wan" proto=6 service="HTTPS" direction="outgoing" policyid=1 applist="default" action="pass" appcat="General.Interest" app="Baidu.IME" hostname="${r.pick(IME_HOSTS)}" url="/"`;
  }
};

// ---- Palo Alto PAN-OS (syslog CSV) ----

export const paloalto: Writer = (r, s, ms, d) => {
  const { slash } = jst(ms);
  const sip = inside(r, d);
  const dip = outside(r);
  const sp = sport(r);
  const sess = r.int(1000, 999999);
  const tail = ',7001,0x0,192.168.0.0-192.168.255.255,JP,,,,,,,,,,,,,,,0,0,0,0,,PA-220,,,,,,,,,,,,,,,';
  const threat = (
    sub: string,
    src: string,
    dst: string,
    rule: string,
    app: string,
    zones: string,
    dport: number,
    proto: string,
    action: string,
    misc: string,
    name: string,
    cat: string,
    sev: string,
    dir: string,
  ) =>
    `1,${slash},${d.serial},THREAT,${sub},,${slash},${src},${dst},0.0.0.0,0.0.0.0,${rule},,,${app},vsys1,${zones},ethernet1/2,ethernet1/1,fwd-syslog,,${sess},1,${sp},${dport},0,0,0x400000,${proto},${action},${misc},${name},${cat},${sev},${dir}${tail}`;
  const traffic = (
    sub: string,
    src: string,
    dst: string,
    rule: string,
    app: string,
    zones: string,
    dport: number,
    action: string,
    cat: string,
  ) =>
    `1,${slash},${d.serial},TRAFFIC,${sub},,${slash},${src},${dst},0.0.0.0,0.0.0.0,${rule},,,${app},vsys1,${zones},ethernet1/2,ethernet1/1,fwd-syslog,,${sess},1,${sp},${dport},0,0,0x400000,tcp,${action},${r.int(500, 90000)},${r.int(100, 9000)},${r.int(100, 80000)},${r.int(2, 40)},${slash},${r.int(0, 300)},${cat},,7001,0x0,192.168.0.0-192.168.255.255,JP,,5,7,tcp-fin,0,0,0,0,,PA-220,,,,,,,,`;
  switch (s) {
    case 'traffic':
      return traffic(
        'end',
        sip,
        dip,
        'allow-out',
        r.pick(['ssl', 'web-browsing', 'ms-office365-base']),
        'trust,untrust',
        443,
        'allow',
        'computer-and-internet-info',
      );
    case 'deny':
      return traffic(
        'deny',
        dip,
        d.wan,
        'deny-all',
        'not-applicable',
        'untrust,trust',
        r.pick([22, 445, 3389]),
        'deny',
        'any',
      );
    case 'spam':
      return null; // no antispam on a PAN-OS firewall
    case 'mail-in':
    case 'mail-out':
      return null; // no mail logs at all
    case 'scan':
      return threat(
        'scan',
        dip,
        d.wan,
        '',
        'not-applicable',
        'untrust,untrust',
        0,
        'tcp',
        'drop',
        '',
        r.pick(['TCP Port scan(8001)', 'Host Sweep(8002)', 'UDP Port scan(8003)']),
        'any',
        'critical',
        'client-to-server',
      ).replace(`,${sp},0,0,0,`, ',0,0,0,0,');
    case 'ips-in':
      return threat(
        'vulnerability',
        dip,
        webServer(d),
        'dmz-in',
        'web-browsing',
        'untrust,dmz',
        443,
        'tcp',
        'reset-server',
        '',
        r.pick([
          'HTTP SQL Injection Attempt(38195)',
          'Apache Log4j Remote Code Execution Vulnerability(91991)',
          'SSL VPN Brute Force Attempt(40005)',
        ]),
        'any',
        'high',
        'client-to-server',
      );
    case 'cnc':
      return threat(
        'spyware',
        sip,
        dip,
        'web-out',
        'web-browsing',
        'trust,untrust',
        80,
        'tcp',
        'reset-both',
        '',
        `${r.pick(C2_FAMILIES)} Command and Control Traffic(${r.int(13000, 13999)})`,
        'any',
        'critical',
        'client-to-server',
      );
    case 'wannacry':
      return threat(
        'spyware',
        d.infectedPc,
        dip,
        'web-out',
        'web-browsing',
        'trust,untrust',
        80,
        'tcp',
        'reset-both',
        '',
        'WannaCry Command and Control Traffic(13436)',
        'any',
        'critical',
        'client-to-server',
      );
    case 'virus-web':
      return threat(
        'virus',
        sip,
        dip,
        'web-out',
        'web-browsing',
        'trust,untrust',
        80,
        'tcp',
        'reset-both',
        'invoice.exe',
        `Virus/Win32.WGeneric.${r.pick(['abcd', 'efgh', 'ijkl'])}(2200003)`,
        'any',
        'medium',
        'server-to-client',
      );
    case 'virus-ftp':
      return threat(
        'virus',
        sip,
        dip,
        'ftp-out',
        'ftp',
        'trust,untrust',
        21,
        'tcp',
        'reset-both',
        'tool.exe',
        'Virus/Win32.WGeneric.efgh(2200003)',
        'any',
        'medium',
        'server-to-client',
      );
    case 'virus-mail-in':
      return threat(
        'virus',
        dip,
        mailServer(d),
        'mail-in',
        'smtp',
        'untrust,dmz',
        25,
        'tcp',
        'reset-both',
        'invoice.doc',
        `${r.pick(['Virus/Win32.WGeneric.emotet', 'Trojan/Win32.agent.xyz', 'Virus/Win32.WGeneric.nemucod'])}(2200001)`,
        'any',
        'medium',
        'client-to-server',
      );
    case 'virus-mail-out':
      return threat(
        'virus',
        sip,
        dip,
        'mail-out',
        'smtp',
        'trust,untrust',
        25,
        'tcp',
        'reset-both',
        'report.xls',
        'Virus/Win32.WGeneric.xls(2200004)',
        'any',
        'medium',
        'client-to-server',
      );
    case 'harmful-web': {
      const [host, , cat] = r.pick(HARMFUL);
      return threat(
        'url',
        sip,
        dip,
        'web-out',
        'web-browsing',
        'trust,untrust',
        80,
        'tcp',
        'block-url',
        `${host}/`,
        '(9999)',
        cat,
        'informational',
        'client-to-server',
      );
    }
    case 'storage':
      return traffic(
        'end',
        sip,
        dip,
        'allow-out',
        r.pick(['dropbox-base', 'google-drive-web', 'box-base']),
        'trust,untrust',
        443,
        'allow',
        'online-storage-and-backup',
      );
    case 'remote':
      return traffic(
        'end',
        sip,
        dip,
        'allow-out',
        r.pick(['teamviewer-base', 'anydesk']),
        'trust,untrust',
        443,
        'allow',
        'computer-and-internet-info',
      );
    case 'ime':
      return traffic(
        'end',
        sip,
        dip,
        'allow-out',
        'baidu-ime',
        'trust,untrust',
        443,
        'allow',
        'computer-and-internet-info',
      );
    case 'sns':
      return traffic(
        'end',
        sip,
        dip,
        'allow-out',
        r.pick(['facebook-base', 'twitter-base', 'gmail-base', 'instagram-base']),
        'trust,untrust',
        443,
        'allow',
        'social-networking',
      );
  }
};

// ---- Sophos Firewall (XG / SFOS) ----

export const sophos: Writer = (r, s, ms, d) => {
  const { date, time } = jst(ms);
  const head = `device="SFW" date=${date} time=${time} timezone="JST" device_name="${d.name}" device_id=${d.serial}`;
  const sip = inside(r, d);
  const dip = outside(r);
  const sp = sport(r);
  const fw = (
    sub: string,
    status: string,
    src: string,
    dst: string,
    dport: number,
    extra: string,
    zones: string,
  ) =>
    `${head} log_id=01010${sub === 'Allowed' ? '1' : '2'}600001 log_type="Firewall" log_component="Firewall Rule" log_subtype="${sub}" status="${status}" priority=Information duration=${r.int(0, 300)} fw_rule_id=2 policy_type=1 user_name="" ${extra}in_interface="Port1" out_interface="Port2" src_ip=${src} dst_ip=${dst} protocol="TCP" src_port=${sp} dst_port=${dport} sent_pkts=12 recv_pkts=30 sent_bytes=${r.int(200, 90000)} recv_bytes=${r.int(200, 900000)} ${zones}`;
  const web = (sub: string, cat: string, type: string, host: string, path: string) =>
    `${head} log_id=05090${sub === 'Allowed' ? '1' : '2'}616001 log_type="Content Filtering" log_component="HTTPS" log_subtype="${sub}" priority=Information fw_rule_id=2 user_name="" iap=13 category="${cat}" category_type="${type}" url="https://${host}${path}" contenttype="text/html" src_ip=${sip} dst_ip=${dip} protocol="TCP" src_port=${sp} dst_port=443 sent_bytes=1310 recv_bytes=45630 domain=${host} exceptions= activityname=""`;
  const av = (comp: string, logId: string, src: string, dst: string, dport: number, extra: string) =>
    `${head} log_id=${logId} log_type="Anti-Virus" log_component="${comp}" log_subtype="Virus" priority=Critical fw_rule_id=2 user_name="" ${extra} src_ip=${src} dst_ip=${dst} protocol="TCP" src_port=${sp} dst_port=${dport} sent_bytes=0 recv_bytes=353`;
  switch (s) {
    case 'traffic':
      return fw('Allowed', 'Allow', sip, dip, 443, '', 'srczone="LAN" dstzone="WAN"');
    case 'deny':
      return fw(
        'Denied',
        'Deny',
        d.burst?.src ?? dip,
        d.wan,
        d.burst?.port ?? r.pick([22, 23, 445, 3389]),
        '',
        'srczone="WAN" dstzone="LAN"',
      );
    case 'spam':
      return `${head} log_id=041107413001 log_type="Anti-Spam" log_component="SMTP" log_subtype="Spam" status="" priority=Warning fw_rule_id=0 user_name="" av_policy_name="default" from_email_address="promo${r.int(1, 99)}@example.net" to_email_address="info@example.co.jp" email_subject="【重要】アカウント確認" spamaction="DROP" reason="" src_ip=${dip} dst_ip=${mailServer(d)} protocol="TCP" src_port=${sp} dst_port=25 sent_bytes=0 recv_bytes=0`;
    case 'mail-in':
    case 'mail-out':
      return null; // logs mail verdicts only, not every mail
    case 'scan':
      return null; // SFOS logs no scan verdict: a burst of denies (see the recon correlator)
    case 'ips-in':
      return `${head} log_id=020804407002 log_type="IDP" log_component="Signatures" log_subtype="Drop" priority=Warning idp_policy_id=2 fw_rule_id=1 user_name="" signature_id=${r.int(20000, 60000)} signature_msg="${r.pick(['SERVER-APACHE Apache Log4j logging remote code execution attempt', 'SERVER-WEBAPP Apache Struts remote code execution attempt', 'OS-WINDOWS Microsoft RDP BlueKeep remote code execution attempt'])}" classification="Attempted User Privilege Gain" rule_priority=1 src_ip=${dip} dst_ip=${webServer(d)} protocol="TCP" src_port=${sp} dst_port=80 platform="Linux" category="Server Software" target="Server"`;
    case 'cnc':
    case 'wannacry': {
      const name = s === 'wannacry' ? 'Troj/WannaCry-A' : `Troj/${r.pick(C2_FAMILIES)}-C2`;
      const src = s === 'wannacry' ? d.infectedPc : sip;
      return `${head} log_id=086320518009 log_type="ATP" log_component="Web" log_subtype="Drop" priority=Notice user_name="" protocol="TCP" src_port=${sp} dst_port=80 sourceip=${src} destinationip=${dip} url=http://cc.example.net/gate.php threatname=${name} eventtype="Standard" login_user="" process_user=""`;
    }
    case 'virus-web':
      return av(
        'HTTPS',
        '034806208001',
        sip,
        dip,
        443,
        `iap=13 virus="${r.pick(['Troj/Agent-BAB', 'EICAR-AV-Test', 'Mal/Generic-S'])}" url="https://dl.example.net/invoice.exe" domainname="dl.example.net"`,
      );
    case 'virus-ftp':
      return av(
        'FTP',
        '031006209001',
        sip,
        dip,
        21,
        'virus="Troj/Agent-XYZ" FTP_url="/pub/setup.exe" FTP_direction="Download" filename="/pub/setup.exe" file_size=68 ftpcommand="RETR" dstdomain="ftp.example.net"',
      );
    case 'virus-mail-in':
      return av(
        'SMTP',
        '031106210001',
        dip,
        mailServer(d),
        25,
        `av_policy_name="default" from_email_address="sender@example.net" to_email_address="staff@example.co.jp" subject="請求書" mailsize=2064 virus="${r.pick(['Troj/Emotet-A', 'Troj/DocDl-ABC', 'Mal/Phish-A'])}" filename="invoice.doc" quarantine="quarantined"`,
      );
    case 'virus-mail-out':
      return av(
        'SMTP',
        '031106210001',
        sip,
        dip,
        25,
        'av_policy_name="default" from_email_address="staff@example.co.jp" to_email_address="partner@example.org" subject="報告書" mailsize=2064 virus="Troj/DocDl-XLS" filename="report.xls" quarantine="quarantined"',
      );
    case 'harmful-web': {
      const [host, , , cat] = r.pick(HARMFUL);
      return web('Denied', cat, 'Objectionable', host, '/');
    }
    case 'storage':
      return web('Allowed', 'Online Storage and Backup', 'Acceptable', r.pick(STORAGE), '/home');
    case 'sns':
      return web('Allowed', 'Social Networking', 'Acceptable', r.pick(SNS), '/');
    case 'ime':
      return web('Allowed', 'Information Technology', 'Acceptable', r.pick(IME_HOSTS), '/update');
    case 'remote':
      return fw(
        'Allowed',
        'Allow',
        sip,
        dip,
        443,
        `application="${r.pick(REMOTE)}" application_risk=4 application_technology="Client Server" application_category="Remote Access" `,
        'srczone="LAN" dstzone="WAN"',
      );
  }
};

// ---- Check Point (syslog, RFC 5424 structured data) ----

export const checkpoint: Writer = (r, s, ms, d) => {
  const { iso } = jst(ms);
  const sec = Math.floor(ms / 1000);
  const sip = inside(r, d);
  const dip = outside(r);
  const sp = sport(r);
  const rec = (body: string) =>
    `<134>1 ${iso}+09:00 ${d.name} CheckPoint ${r.int(1000, 30000)} - [${body}; loguid:"{0x${sec.toString(16)},0x0,0x100a8c0,0xc0000001}"; origin:"${d.wan}"; time:"${sec}"; version:"5"]`;
  switch (s) {
    case 'traffic':
      return rec(
        `action:"Accept"; flags:"411908"; ifdir:"inbound"; ifname:"eth1"; conn_direction:"Outgoing"; dst:"${dip}"; inzone:"Internal"; layer_name:"Network"; outzone:"External"; product:"VPN-1 & FireWall-1"; proto:"6"; rule_action:"Accept"; rule_name:"Allow web"; s_port:"${sp}"; service:"443"; service_id:"https"; src:"${sip}"`,
      );
    case 'deny':
      return rec(
        `action:"Drop"; flags:"425984"; ifdir:"inbound"; ifname:"eth0"; conn_direction:"Incoming"; dst:"${d.wan}"; inzone:"External"; outzone:"Internal"; product:"VPN-1 & FireWall-1"; proto:"6"; rule:"12"; rule_name:"Cleanup rule"; s_port:"${sp}"; service:"${r.pick([22, 23, 445, 3389])}"; src:"${dip}"`,
      );
    case 'spam':
      return rec(
        `action:"Reject"; flags:"401664"; ifdir:"inbound"; ifname:"eth0"; dst:"${mailServer(d)}"; email_subject:"You have won"; from:"promo${r.int(1, 99)}@example.net"; product:"Anti-Spam and Email Security"; proto:"6"; s_port:"${sp}"; service:"25"; service_id:"smtp"; src:"${dip}"; to:"info@example.co.jp"`,
      );
    case 'mail-in':
    case 'mail-out':
      return null; // logs mail verdicts only, not every mail
    case 'scan':
      return rec(
        `action:"Detect"; flags:"393216"; ifdir:"inbound"; ifname:"eth0"; attack:"Port Scan"; dst:"${d.wan}"; product:"SmartDefense"; protection_name:"${r.pick(['Port Scan', 'Host Port Scan', 'Sweep Scan'])}"; proto:"6"; s_port:"0"; service:"0"; severity:"Medium"; src:"${dip}"`,
      );
    case 'ips-in':
      return rec(
        `action:"Prevent"; flags:"393216"; ifdir:"inbound"; ifname:"eth0"; attack:"${r.pick(['SQL Injection', 'Apache Log4j Remote Code Execution', 'SSL VPN Brute Force'])}"; conn_direction:"Incoming"; confidence_level:"3"; dst:"${webServer(d)}"; product:"IPS"; protection_name:"${r.pick(['SQL Servers SQL Injection', 'Apache Log4j Remote Code Execution (CVE-2021-44228)', 'Microsoft RDP Remote Code Execution (CVE-2019-0708)'])}"; protection_type:"IPS"; proto:"6"; rule_name:"IPS"; s_port:"${sp}"; service:"80"; service_id:"http"; severity:"High"; src:"${dip}"`,
      );
    case 'cnc':
    case 'wannacry': {
      const fam = s === 'wannacry' ? 'WannaCry' : r.pick(C2_FAMILIES);
      return rec(
        `action:"Prevent"; flags:"401664"; ifdir:"outbound"; ifname:"eth0"; conn_direction:"Outgoing"; dst:"${dip}"; malware_action:"Communication with C&C site"; malware_family:"${fam}"; product:"Anti-Bot"; protection_name:"${s === 'wannacry' ? 'Ransomware' : 'Trojan'}.Win32.${fam}.TC.a"; proto:"6"; resource:"http://c2.example.net/gate.php"; s_port:"${sp}"; service:"80"; severity:"Critical"; src:"${s === 'wannacry' ? d.infectedPc : sip}"`,
      );
    }
    case 'virus-web':
    case 'virus-ftp': {
      const ftp = s === 'virus-ftp';
      return rec(
        `action:"Prevent"; flags:"401664"; ifdir:"outbound"; ifname:"eth0"; conn_direction:"Outgoing"; dst:"${dip}"; file_name:"setup.exe"; malware_action:"Malicious file download"; malware_family:"Agent"; product:"Anti-Virus"; protection_name:"Trojan.Win32.Agent.TC.${r.pick(['a', 'b', 'c'])}"; proto:"6"; resource:"${ftp ? 'ftp://ftp.example.net/pub/setup.exe' : 'http://download.example.com/setup.exe'}"; s_port:"${sp}"; service:"${ftp ? 21 : 80}"; service_id:"${ftp ? 'ftp' : 'http'}"; severity:"Critical"; src:"${sip}"`,
      );
    }
    case 'virus-mail-in':
      return rec(
        `action:"Prevent"; flags:"401664"; ifdir:"inbound"; ifname:"eth0"; conn_direction:"Incoming"; dst:"${mailServer(d)}"; file_name:"invoice.doc"; product:"Threat Emulation"; protection_name:"${r.pick(['Exploit.Wins.Emotet.TC.a', 'Trojan.Wins.Agent.TC.b', 'Exploit.Wins.Downloader.TC.c'])}"; proto:"6"; s_port:"${sp}"; service:"25"; service_id:"smtp"; severity:"High"; src:"${dip}"; verdict:"Malicious"`,
      );
    case 'virus-mail-out':
      return rec(
        `action:"Prevent"; flags:"401664"; ifdir:"outbound"; ifname:"eth0"; conn_direction:"Outgoing"; dst:"${dip}"; file_name:"report.xls"; malware_action:"Malicious file sent"; product:"Anti-Virus"; protection_name:"Trojan.Win32.Downloader.TC.x"; proto:"6"; s_port:"${sp}"; service:"25"; service_id:"smtp"; severity:"High"; src:"${sip}"`,
      );
    case 'harmful-web': {
      const [host, cat] = r.pick(HARMFUL);
      return rec(
        `action:"Block"; flags:"401664"; ifdir:"outbound"; ifname:"eth0"; app_risk:"5"; conn_direction:"Outgoing"; dst:"${dip}"; matched_category:"${cat}"; categories:"${cat}"; product:"URL Filtering"; proto:"6"; resource:"https://${host}/"; s_port:"${sp}"; service:"443"; service_id:"https"; src:"${sip}"`,
      );
    }
    case 'storage':
      return rec(
        `action:"Accept"; flags:"401664"; ifdir:"outbound"; ifname:"eth0"; app_category:"File Storage and Sharing"; appi_name:"Dropbox"; dst:"${dip}"; matched_category:"File Storage and Sharing"; product:"Application Control"; proto:"6"; resource:"https://${r.pick(STORAGE)}/"; s_port:"${sp}"; service:"443"; src:"${sip}"`,
      );
    case 'remote':
      return rec(
        `action:"Accept"; flags:"401664"; ifdir:"outbound"; ifname:"eth0"; app_category:"Remote Administration"; app_risk:"4"; appi_name:"${r.pick(REMOTE)}"; conn_direction:"Outgoing"; dst:"${dip}"; matched_category:"Remote Administration"; product:"Application Control"; proto:"6"; s_port:"${sp}"; service:"443"; src:"${sip}"`,
      );
    case 'ime':
      return rec(
        `action:"Accept"; flags:"401664"; ifdir:"outbound"; ifname:"eth0"; app_category:"Computers / Internet"; appi_name:"Baidu IME"; conn_direction:"Outgoing"; dst:"${dip}"; product:"Application Control"; proto:"6"; resource:"https://${r.pick(IME_HOSTS)}/"; s_port:"${sp}"; service:"443"; src:"${sip}"`,
      );
    case 'sns':
      return rec(
        `action:"Accept"; flags:"401664"; ifdir:"outbound"; ifname:"eth0"; conn_direction:"Outgoing"; dst:"${dip}"; matched_category:"Social Networking"; product:"URL Filtering"; proto:"6"; resource:"https://${r.pick(SNS)}/"; s_port:"${sp}"; service:"443"; service_id:"https"; src:"${sip}"`,
      );
  }
};

// ---- WatchGuard Firebox (syslog) ----

export const watchguard: Writer = (r, s, ms, d) => {
  const { bsd, iso } = jst(ms);
  const h = (pri: number, proc: string) => `<${pri}>${bsd} ${d.name} ${d.serial} (${iso}) ${proc}: `;
  const sip = inside(r, d);
  const dip = outside(r);
  const sp = sport(r);
  const proxy = (
    id: string,
    disp: string,
    msg: string,
    extra: string,
    host: string,
    path: string,
    dport = 80,
  ) =>
    `${h(140, 'http-proxy[2090]')}msg_id="${id}" ${disp} 1-Trusted 0-External tcp ${sip} ${dip} ${sp} ${dport} msg="${msg}" proxy_act="HTTP-Client.Standard.1" ${extra}host="${host}" path="${path}" (HTTP-proxy-00)`;
  switch (s) {
    case 'traffic':
      return `${h(140, 'firewall')}msg_id="3000-0151" Allow 1-Trusted 0-External tcp ${sip} ${dip} ${sp} 443 app_id="63" app_cat_id="18" duration="${r.int(1, 300)}" sent_bytes="${r.int(200, 90000)}" rcvd_bytes="${r.int(200, 900000)}" (HTTPS-00)`;
    case 'scan':
      return null; // no scan verdict of its own: a burst of denies (see the recon correlator)
    case 'deny':
      return `${h(140, 'firewall')}msg_id="3000-0148" Deny 0-External Firebox 44 tcp 20 49 ${d.burst?.src ?? dip} ${d.wan} ${sp} ${d.burst?.port ?? r.pick([22, 23, 445, 3389])} offset 6 S ${r.int(1000000, 9999999)} win 1024 (Unhandled External Packet-00)`;
    case 'spam':
      return `${h(140, 'smtp-proxy[2091]')}msg_id="1BFF-0031" Allow 0-External 2-DMZ tcp ${dip} ${mailServer(d)} ${sp} 25 msg="ProxyAllow: SMTP spamBlocker tagged as spam" proxy_act="SMTP-Incoming.Standard.1" spam_type="Confirmed" action="tag" sender="promo${r.int(1, 99)}@example.net" recipients="info@example.co.jp" (SMTP-proxy-00)`;
    case 'mail-in':
    case 'mail-out':
      return null; // logs mail verdicts only, not every mail
    case 'ips-in':
      return `${h(142, 'firewall')}msg_id="3000-0150" Deny 0-External 2-DMZ 1440 tcp 20 61 ${dip} ${webServer(d)} ${sp} 80 offset 5 A 447868 win 54 signature_name="${r.pick(['WEB Apache Log4j Remote Code Execution -1', 'WEB SQL injection attempt -33', 'WEB Apache Struts2 Remote Code Execution -5'])}" signature_cat="Web Attack" signature_id="${r.int(1100000, 1199999)}" severity="5" sig_vers="18.200" msg="IPS detected" (HTTP-00)`;
    case 'cnc':
    case 'wannacry': {
      const sig =
        s === 'wannacry'
          ? 'MALWARE WannaCry Ransomware C2 Communication -1'
          : `MALWARE ${r.pick(C2_FAMILIES)} C2 Communication -2`;
      const src = s === 'wannacry' ? d.infectedPc : sip;
      return `${h(140, 'http-proxy[2090]')}msg_id="1AFF-0025" Deny 1-Trusted 0-External tcp ${src} ${dip} ${sp} 80 msg="ProxyDeny: HTTP header IPS match" proxy_act="HTTP-Client.Standard.1" signature_id="${r.int(1000000, 1099999)}" severity="4" signature_name="${sig}" signature_cat="Malware" sig_vers="18.200" host="cc.example.net" path="/gate.php" (HTTP-proxy-00)`;
    }
    case 'virus-web':
      return proxy(
        '1AFF-0028',
        'Deny',
        'ProxyDrop: HTTP Virus found',
        `virus="${r.pick(['Trojan.GenericKD', 'EICAR_Test_File', 'Trojan.Agent'])}" `,
        'dl.example.net',
        '/files/invoice.exe',
      );
    case 'virus-ftp':
      return `${h(140, 'ftp-proxy[2092]')}msg_id="1CFF-0004" Deny 1-Trusted 0-External tcp ${sip} ${dip} ${sp} 21 msg="ProxyDrop: FTP Virus found" proxy_act="FTP-Client.Standard.1" virus="Trojan.Agent" (FTP-proxy-00)`;
    case 'virus-mail-in':
      return `${h(140, 'smtp-proxy[2091]')}msg_id="1BFF-0004" Deny 0-External 2-DMZ tcp ${dip} ${mailServer(d)} ${sp} 25 msg="ProxyDrop: SMTP Virus found" proxy_act="SMTP-Incoming.Standard.1" virus="${r.pick(['Trojan.Agent', 'Trojan.Emotet', 'W97M.Downloader'])}" sender="sender@example.net" recipients="staff@example.co.jp" (SMTP-proxy-00)`;
    case 'virus-mail-out':
      return `${h(140, 'smtp-proxy[2091]')}msg_id="1BFF-0004" Deny 1-Trusted 0-External tcp ${sip} ${dip} ${sp} 25 msg="ProxyDrop: SMTP Virus found" proxy_act="SMTP-Outgoing.Standard.1" virus="W97M.Downloader" sender="staff@example.co.jp" recipients="partner@example.org" (SMTP-proxy-00)`;
    case 'harmful-web': {
      const [host, cat] = r.pick(HARMFUL);
      return `${h(142, 'http-proxy[2090]')}msg_id="1AFF-0021" Deny 1-Trusted 0-External tcp ${sip} ${dip} ${sp} 80 msg="ProxyDeny: HTTP Request categories" proxy_act="HTTP-Client.Standard.1" cats="${cat}" op="GET" dstname="${host}" arg="/" (HTTP-proxy-00)`;
    }
    case 'sns':
    case 'ime': {
      const host = r.pick(s === 'sns' ? SNS : IME_HOSTS);
      const cat = s === 'sns' ? 'Social Networking' : 'Information Technology';
      return `${h(142, 'http-proxy[2090]')}msg_id="1AFF-0021" Allow 1-Trusted 0-External tcp ${sip} ${dip} ${sp} 443 msg="ProxyAllow: HTTP Request categories" proxy_act="HTTPS-Client.Standard.1" cats="${cat}" op="GET" dstname="${host}" arg="/" (HTTPS-proxy-00)`;
    }
    case 'storage':
    case 'remote': {
      const app = s === 'storage' ? r.pick(['Dropbox', 'Google Drive']) : r.pick(REMOTE);
      const cat = s === 'storage' ? 'File Transfer' : 'Remote Access';
      return `${h(142, 'firewall')}msg_id="3000-0149" Allow 1-Trusted 0-External 40 tcp 20 127 ${sip} ${dip} ${sp} 443 offset 5 AF 3212 win 257 app_name="${app}" cat_name="${cat}" app_beh_name="connect" app_id="${r.int(10, 2000)}" app_cat_id="9" app_ctl_disp="2" sig_vers="18.123" msg="Application identified" (HTTPS-00)`;
    }
  }
};

// ---- SonicWall (SonicOS key=value) ----

export const sonicwall: Writer = (r, s, ms, d) => {
  const { date, time } = jst(ms);
  const h = (pri: number, c: number, m: number) =>
    `<${pri}>id=firewall sn=${d.serial} time="${date} ${time}" fw=${d.wan} pri=${pri - 128} c=${c} m=${m}`;
  const sip = inside(r, d);
  const dip = outside(r);
  const sp = sport(r);
  const n = r.int(1000, 999999);
  switch (s) {
    case 'traffic':
      return `${h(134, 1024, 537)} msg="Connection Closed" app=49177 appName='General HTTPS' n=${n} src=${sip}:${sp}:X0 dst=${dip}:443:X1 proto=tcp/https sent=${r.int(200, 90000)} rcvd=${r.int(200, 900000)} spkt=12 rpkt=10 cdur=${r.int(100, 300000)} rule="5 (LAN->WAN)" fw_action="NA"`;
    case 'deny':
      return `${h(133, 256, 36)} msg="TCP packet dropped" n=${n} src=${dip}:${sp}:X1 dst=${d.wan}:${r.pick([22, 23, 445, 3389])}:X1 proto=tcp/${r.pick(['telnet', 'ssh', '445'])} fw_action="drop"`;
    case 'spam':
      return null; // the demo's SonicWalls have no anti-spam licence
    case 'mail-in':
    case 'mail-out':
      return null; // no mail logs at all
    case 'scan':
      return `${h(129, 32, 82)} msg="Possible port scan detected" n=${n} src=${dip}:${sp}:X1 dst=${d.wan}:445:X1 note="TCP scanned port list, 445, 139, 3389, 22, 23" fw_action="NA"`;
    case 'ips-in':
      return `${h(129, 32, 609)} msg="IPS Prevention Alert: ${r.pick(['WEB-ATTACKS Apache Log4j2 JNDI Remote Code Execution', 'WEB-ATTACKS SQL Injection Attempt', 'RDP Microsoft Remote Desktop Brute Force'])}" sid=${r.int(1000, 9999)} ipscat="WEB-ATTACKS" ipspri=1 n=${n} src=${dip}:${sp}:X1 dst=${webServer(d)}:8080:X2 proto=tcp/8080 fw_action="drop"`;
    case 'cnc':
    case 'wannacry': {
      const name = s === 'wannacry' ? 'WannaCry.Ransomware (Worm)' : `${r.pick(C2_FAMILIES)}.C (Worm)`;
      const src = s === 'wannacry' ? d.infectedPc : sip;
      return `${h(129, 32, 794)} msg="Anti-Spyware Prevention Alert: ${name} blocked." sid=${r.int(1000, 9999)} spycat="Spyware" n=${n} src=${src}:${sp}:X0 dst=${dip}:80:X1 proto=tcp/http fw_action="drop"`;
    }
    case 'virus-web':
      return `${h(129, 32, 809)} msg="Gateway Anti-Virus Alert: ${r.pick(['Trojan.Agent (Trojan)', 'EICAR (Test File)', 'GenKryptik (Trojan)'])} blocked." sid=${r.int(5, 99999)} catid=1 n=${n} src=${dip}:80:X1 dst=${sip}:${sp}:X0 dstname=dl.example.net arg=/files/invoice.exe proto=tcp/http fw_action="drop"`;
    case 'virus-ftp':
      return `${h(129, 32, 809)} msg="Gateway Anti-Virus Alert: Trojan.Agent (Trojan) blocked." sid=31337 catid=1 n=${n} src=${dip}:21:X1 dst=${sip}:${sp}:X0 proto=tcp/ftp fw_action="drop"`;
    case 'virus-mail-in':
      return `${h(129, 32, 809)} msg="Gateway Anti-Virus Alert: ${r.pick(['Trojan.Agent (Trojan)', 'Emotet (Trojan)', 'Downloader (Trojan)'])} blocked." sid=31337 n=${n} src=${dip}:25:X1 dst=${mailServer(d)}:25:X2 proto=tcp/smtp fw_action="drop"`;
    case 'virus-mail-out':
      return `${h(129, 32, 809)} msg="Gateway Anti-Virus Alert: Downloader (Trojan) blocked." sid=31338 n=${n} src=${sip}:${sp}:X0 dst=${dip}:25:X1 proto=tcp/smtp fw_action="drop"`;
    case 'harmful-web': {
      const [host, cat] = r.pick(HARMFUL);
      return `${h(131, 4, 14)} msg="Web site access denied" app=49177 appName='General HTTPS' n=${n} src=${sip}:${sp}:X0 dst=${dip}:443:X1 proto=tcp/https dstname=${host} arg=/ code=20 Category="${cat}" fw_action="NA"`;
    }
    case 'storage':
    case 'sns':
    case 'ime': {
      const [host, cat] =
        s === 'storage'
          ? [r.pick(STORAGE), 'Online Storage and Backup']
          : s === 'sns'
            ? [r.pick(SNS), 'Social Networking']
            : [r.pick(IME_HOSTS), 'Information Technology/Computers'];
      return `${h(134, 1024, 97)} msg="Web site hit" n=${n} src=${sip}:${sp}:X0 srcZone=LAN dst=${dip}:443:X1 dstZone=WAN proto=tcp/https sent=${r.int(500, 9000)} rcvd=${r.int(500, 90000)} dstname=${host} arg=/ code=41 Category="${cat}" fw_action="NA"`;
    }
    case 'remote':
      return `${h(134, 262144, 98)} msg="Connection Opened" n=${n} src=${sip}:${sp}:X0 srcZone=LAN dst=${dip}:5938:X1 dstZone=WAN proto=tcp/5938 app=4127 appName='${r.pick(REMOTE)}' fw_action="NA"`;
  }
};

// ---- Suricata EVE JSON (an IDS behind the UTM) ----

export const suricata: Writer = (r, s, ms, d) => {
  const ts = new Date(ms + 9 * 3_600_000).toISOString().replace('Z', '+0900');
  const sip = inside(r, d);
  const dip = outside(r);
  const sp = sport(r);
  const flow = r.int(1, 2 ** 40);
  const alert = (
    src: string,
    srcPort: number,
    dst: string,
    dport: number,
    action: string,
    sid: number,
    sig: string,
    cat: string,
    sev: number,
  ) =>
    `{"timestamp":"${ts}","flow_id":${flow},"in_iface":"eth0","event_type":"alert","src_ip":"${src}","src_port":${srcPort},"dest_ip":"${dst}","dest_port":${dport},"proto":"TCP","alert":{"action":"${action}","gid":1,"signature_id":${sid},"rev":3,"signature":"${sig}","category":"${cat}","severity":${sev}}}`;
  const dns = (host: string) =>
    `{"timestamp":"${ts}","flow_id":${flow},"event_type":"dns","src_ip":"${sip}","src_port":${sp},"dest_ip":"${d.lan}.1","dest_port":53,"proto":"UDP","dns":{"type":"query","id":${r.int(1, 65535)},"rrname":"${host}","rrtype":"A","tx_id":0}}`;
  switch (s) {
    case 'traffic':
      return `{"timestamp":"${ts}","flow_id":${flow},"event_type":"flow","src_ip":"${sip}","src_port":${sp},"dest_ip":"${dip}","dest_port":443,"proto":"TCP","app_proto":"tls","flow":{"pkts_toserver":12,"pkts_toclient":30,"bytes_toserver":${r.int(200, 9000)},"bytes_toclient":${r.int(200, 90000)},"start":"${ts}","end":"${ts}","age":3,"state":"closed","reason":"timeout","alerted":false}}`;
    case 'deny':
      return `{"timestamp":"${ts}","flow_id":${flow},"event_type":"drop","src_ip":"${dip}","src_port":${sp},"dest_ip":"${webServer(d)}","dest_port":${r.pick([22, 23, 445, 3389])},"proto":"TCP","drop":{"len":60,"tos":0,"ttl":50,"ipid":1,"tcpseq":1,"tcpack":0,"tcpwin":1024,"syn":true,"ack":false,"psh":false,"rst":false,"urg":false,"fin":false}}`;
    case 'scan':
      return alert(
        dip,
        sp,
        webServer(d),
        r.pick([22, 3306, 1433, 5900]),
        'allowed',
        r.pick([2001219, 2010937, 2010935]),
        r.pick([
          'ET SCAN Potential SSH Scan',
          'ET SCAN Suspicious inbound to mySQL port 3306',
          'ET SCAN Suspicious inbound to MSSQL port 1433',
        ]),
        'Attempted Information Leak',
        2,
      );
    case 'ips-in':
      return alert(
        dip,
        sp,
        webServer(d),
        445,
        'allowed',
        2024217,
        r.pick([
          'ET EXPLOIT Possible ETERNALBLUE MS17-010 Echo Request',
          'ET EXPLOIT Apache Struts RCE CVE-2017-5638',
          'ET EXPLOIT Apache log4j RCE Attempt (http ldap) (CVE-2021-44228)',
        ]),
        'Attempted Administrator Privilege Gain',
        1,
      );
    case 'cnc':
      return alert(
        sip,
        sp,
        dip,
        443,
        'allowed',
        2027863,
        `ET MALWARE Observed Win32/${r.pick(C2_FAMILIES)} CnC Activity`,
        'A Network Trojan was detected',
        1,
      );
    case 'wannacry':
      return alert(
        d.infectedPc,
        sp,
        dip,
        80,
        'allowed',
        2024218,
        'ET MALWARE Possible WannaCry DNS Lookup 1',
        'A Network Trojan was detected',
        1,
      );
    case 'storage':
      return dns(r.pick(STORAGE));
    case 'sns':
      return dns(r.pick(SNS));
    case 'ime':
      return dns(r.pick(IME_HOSTS));
    case 'remote':
      return alert(
        sip,
        sp,
        dip,
        80,
        'allowed',
        2009475,
        'ET POLICY TeamViewer Dyngate User-Agent',
        'Potential Corporate Privacy Violation',
        1,
      );
    default:
      return null; // an IDS sees no mail verdicts, web-filter or antivirus results
  }
};

// ---- Yamaha RTX (a router in front of / beside the UTM) ----

export const yamahaRtx: Writer = (r, s, ms, d) => {
  const { slash } = jst(ms);
  const dip = outside(r);
  switch (s) {
    case 'traffic':
      return `${slash}: [INSPECT] PP[01][out][101098] TCP ${inside(r, d)}:${sport(r)} > ${dip}:443 (${slash})`;
    case 'deny':
      return `${slash}: PP[01] Rejected at IN(1011) filter: TCP ${dip}:${sport(r)} > ${d.wan}:${r.pick([22, 23, 445, 3389])}`;
    case 'scan':
      return `${slash}: [INTRUSION] PP[01][in] Port scan ${dip} > ${d.wan}`;
    case 'ips-in':
      return `${slash}: [INTRUSION] PP[01][in] ${r.pick(['SYN flood', 'IP source route option', 'Land attack'])} ${dip} > ${d.wan}`;
    default:
      return null;
  }
};

// ---- pfSense / OPNsense filterlog (a plain firewall) ----

export const pfsense: Writer = (r, s, ms, d) => {
  const { bsd } = jst(ms);
  const head = `<134>${bsd} ${d.name} filterlog[${r.int(1000, 60000)}]: `;
  switch (s) {
    case 'traffic':
      return `${head}90,,,1000000104,igb1,match,pass,out,4,0x0,,64,${r.int(1, 65000)},0,DF,6,tcp,60,${inside(r, d)},${outside(r)},${sport(r)},443,0,S,${r.int(1, 4e9)},,64240,,mss;nop;wscale;sackOK;TS`;
    case 'deny':
      return `${head}5,,,1000000103,igb0,match,block,in,4,0x0,,${r.int(40, 250)},${r.int(1, 65000)},0,none,6,tcp,60,${d.burst?.src ?? outside(r)},${d.wan},${sport(r)},${d.burst?.port ?? r.pick([22, 23, 445, 3389])},0,S,${r.int(1, 4e9)},,1024,,mss`;
    default:
      return null;
  }
};

export const WRITERS: Record<DemoVendor, Writer> = {
  fortigate,
  paloalto,
  sophos,
  checkpoint,
  watchguard,
  sonicwall,
  suricata,
  'yamaha-rtx': yamahaRtx,
  pfsense,
};

/**
 * Vendors whose writer logs every mail, clean ones too (a FortiGate with "log all email"
 * in its mail filter profile); the others log only the spam and viruses they catch, so
 * their companies' mail count stays unknown (docs/notifications.md "Weekly mail").
 */
export const CLEAN_MAIL_VENDORS: ReadonlySet<DemoVendor> = new Set(['fortigate']);

/** Vendors whose writer emits a spam verdict (the demo's spam/day figure is per such UTM). */
export const SPAM_VENDORS: ReadonlySet<DemoVendor> = new Set([
  'fortigate',
  'sophos',
  'checkpoint',
  'watchguard',
]);
