import { describe, expect, it } from 'vitest';
import { IdentifierMatcher, isRuleNumber, registrableDomain, scrubText, scrubToken } from './scrub.js';

const known = new IdentifierMatcher(['alpha-kogyo', 'fw-alpha-1', 'アルファ工業', 'ab']);
const none = new IdentifierMatcher([]);

describe('scrubText (threat and application names)', () => {
  it.each([
    ['W32/Emotet.ABC!tr', 'W32/Emotet.ABC!tr'],
    ['HTTP.URI.SQL.Injection', 'HTTP.URI.SQL.Injection'],
    ['Backdoor.Win32.Agent.Bot', 'Backdoor.Win32.Agent.Bot'],
    ['Exploit.Wins.Emotet.TC.a', 'Exploit.Wins.Emotet.TC.a'],
    ['Baidu.IME', 'Baidu.IME'],
    ['TeamViewer', 'TeamViewer'],
    ['ランサムウェア検知', 'ランサムウェア検知'],
  ])('keeps a catalogue name: %s', (input, out) => {
    expect(scrubText(input, none)).toBe(out);
  });

  it.each([
    ['Phishing from taro.yamada@alpha.example.co.jp', 'Phishing from <email>'],
    ['EICAR in 見積書_山田.xlsx', 'EICAR in <file>'],
    ['Eicar-Test-File in invoice.doc (blocked)', 'Eicar-Test-File in <file> (blocked)'],
    ['Malware C:\\Users\\yamada\\AppData\\evil.exe', 'Malware <path>'],
    ['Share \\\\nas01\\keiri\\2026', 'Share <path>'],
    ['Found /home/yamada/private/notes', 'Found <path>'],
    ['Callback to http://c2.example.net/gate.php?id=alpha', 'Callback to <url>'],
    ['Scan from 192.168.1.23 to 10.0.0.1', 'Scan from <ip> to <ip>'],
    ['Beacon to 2001:db8::7', 'Beacon to <ip>'],
    ['DNS query mail.alpha-corp.co.jp', 'DNS query <host>'],
    ['  tab\tand\nnewline  ', 'tab and newline'],
  ])('replaces identifying parts: %s', (input, out) => {
    expect(scrubText(input, none)).toBe(out);
  });

  it('drops a name that carries one of the known identifiers, in any case', () => {
    expect(scrubText('Custom.ALPHA-KOGYO.VPN', known)).toBeNull();
    expect(scrubText('Block fw-alpha-1 admin', known)).toBeNull();
    expect(scrubText('アルファ工業 専用シグネチャ', known)).toBeNull();
    // identifiers shorter than four characters are not searched for
    expect(scrubText('Tab.Exploit', known)).toBe('Tab.Exploit');
    expect(scrubText('', none)).toBeNull();
    expect(scrubText('x'.repeat(500), none)).toHaveLength(200);
  });
});

describe('scrubToken (vendor, protocol, threat family)', () => {
  it('keeps one-word codes and drops anything else', () => {
    for (const v of ['fortigate', 'paloalto', 'yamaha-rtx', 'tcp', '6', 'icmpv6', 'wannacry', 'trendmicro'])
      expect(scrubToken(v, known), v).toBe(v);
    for (const v of ['alpha-kogyo', 'a b c', 'x@y.z', '192.0.2.1', 'mail.example.com', '', '-x'])
      expect(scrubToken(v, known), v).toBeNull();
  });
});

describe('rules and domains', () => {
  it('keeps rule numbers only', () => {
    expect(isRuleNumber('12')).toBe(true);
    expect(isRuleNumber('Allow web')).toBe(false);
    expect(isRuleNumber('12345678901')).toBe(false);
  });

  it.each([
    ['www.example.co.jp', 'example.co.jp'],
    ['MAIL.Example.COM.', 'example.com'],
    ['bucket.s3.amazonaws.com', 'amazonaws.com'],
    ['alpha.github.io', 'github.io'],
    ['fileserver.local', null],
    ['intranet.corp', null],
    ['nas.home.arpa', null],
    ['1.2.0.192.in-addr.arpa', null],
    ['192.168.1.5', null],
    ['localhost', null],
    ['', null],
  ])('registrable domain of %s is %s', (host, out) => {
    expect(registrableDomain(host)).toBe(out);
  });
});
