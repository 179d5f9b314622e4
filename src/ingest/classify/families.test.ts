import { describe, expect, it } from 'vitest';
import { run } from './classify.test-helper.js';
import { classificationTables } from './content-loader.js';

describe('threat families', () => {
  const t = classificationTables();
  it.each([
    ['WannaCry.Botnet', 'wannacry'],
    ['Trojan-Ransom.Win32.Wanna.zbu (WanaCrypt0r)', 'wannacry'],
    ['W32/WannaCryptor.H!tr.ransom', 'wannacry'],
    ['ET TROJAN Possible WannaCry DNS Lookup 1', 'wannacry'],
    ['DNS query iuqerfsodp9ifjaposdfjhgosurijfaewrwergwea.com', 'wannacry'],
    ['WCRY ransom note', 'wannacry'],
    ['W32/Emotet.ABCD!tr', 'emotet'],
    ['Trojan.Geodo', 'emotet'],
    ['Trickbot.Botnet', 'trickbot'],
    ['Win32/Qbot.A', 'qakbot'],
    ['QakBot.Botnet', 'qakbot'],
    ['IcedID.Botnet', 'icedid'],
    ['Ransom.LockBit!gen', 'lockbit'],
    ['W32/Conficker.worm', 'conficker'],
    ['Worm:Win32/Kido.IH', 'conficker'],
    ['Linux/Mirai.B!tr', 'mirai'],
    ['CobaltStrike.Beacon', 'cobalt-strike'],
    ['ET MALWARE Cobalt Strike Beacon Observed', 'cobalt-strike'],
    ['MSIL/AgentTesla.A!tr', 'agenttesla'],
    ['Trojan.Formbook', 'formbook'],
    ['ET MALWARE LokiBot Checkin', 'lokibot'],
    ['Backdoor.MSIL.Bladabindi', 'njrat'],
    ['Remcos.RAT', 'remcos'],
    ['W32/Dridex.AB!tr', 'dridex'],
    ['Gozi.ISFB', 'ursnif'],
    ['Ursnif.Botnet', 'ursnif'],
    ['HackTool.Mimikatz', 'mimikatz'],
    ['EICAR_TEST_FILE', 'eicar'],
    ['Eicar.Virus.Test.File', 'eicar'],
    ['Apache.Log4j.Error.Log.Remote.Code.Execution', 'log4shell'],
    ['ET EXPLOIT Apache log4j RCE Attempt (CVE-2021-44228)', 'log4shell'],
    ['MS.SMB.Server.SMB1.Trans2.Secondary.Handling.Code.Execution (MS17-010)', 'eternalblue'],
    ['ET EXPLOIT Possible ETERNALBLUE Probe', 'eternalblue'],
    ['DoublePulsar.Backdoor', 'eternalblue'],
    ['Fortinet.FortiOS.SSL.VPN.Web.Portal.Pathname.Information.Disclosure CVE-2018-13379', 'fortios-sslvpn'],
  ])('%s → %s', (name, fam) => expect(t.family(name)?.id).toBe(fam));

  it.each([
    'Generic.Exploit',
    'HTTP.URI.SQL.Injection',
    'continue.processing', // 'conti' only as a whole word
    'qbots', // 'qbot' only as a whole word
    'Unknown.Tcp.Flood',
    '',
  ])('%j → no family', (name) => expect(t.family(name)).toBeNull());

  it('leftmost match wins', () => {
    expect(t.family('Emotet dropping TrickBot')?.id).toBe('emotet');
  });

  it('classify sets threat_family from the name, else from a family domain', () => {
    expect(run({ threat: 'W32/Emotet.X!tr', kind: 'threat' }, { threatType: 'virus' }).threat_family).toBe(
      'emotet',
    );
    expect(run({ domain: 'www.ifferfsodp9ifjaposdfjhgosurijfaewrwergwea.com' }).threat_family).toBe(
      'wannacry',
    );
    expect(run({ domain: 'www.example.com' }).threat_family).toBeNull();
  });

  it('every family has a label and a type', () => {
    for (const f of t.families.values()) {
      expect(f.label.length).toBeGreaterThan(0);
      expect(typeof f.c2).toBe('boolean');
    }
  });
});
