import { describe, expect, it } from 'vitest';
import { eventWith, type NormalizedEvent } from '../event/event.js';
import { parseRule } from './loader.js';
import { groupKeyOf, RuleMatcher } from './matcher.js';
import type { Rule, RuleHit } from './model.js';

function rule(id: string, detection: string, extra = ''): Rule {
  const text = `id: ${id}
title: t
title_ja: t
description: d
description_ja: d
level: low
detection:
${detection}
${extra}`;
  const { rule: r, problems } = parseRule(text, `${id}.yml`);
  if (r === null) throw new Error(problems.map((p) => `${p.line}: ${p.message}`).join('\n'));
  return r;
}

const base: NormalizedEvent = eventWith({
  ts: '2026-01-05T01:00:00.000Z',
  tenant: 'acme',
  device: 'fw1',
  vendor: 'fortigate',
  kind: 'threat',
  action: 'block',
  direction: 'outbound',
  src_ip: '192.168.1.23',
  src_port: 50000,
  dst_ip: '203.0.113.66',
  dst_port: 443,
  proto: 'tcp',
  category: 'malicious-outbound',
  threat: 'Trojan-Downloader/Win32.Emotet.a',
  threat_family: 'emotet',
  url: 'https://evil.example.net/gate.php?id=1',
  domain: 'evil.example.net',
  app: 'TeamViewer',
  bytes_out: 5000,
  severity: 3,
  raw: 'date=2026-01-05 msg="Mimikatz seen"',
});

function matches(r: Rule, over: Partial<NormalizedEvent> = {}): boolean {
  const out: RuleHit[] = [];
  new RuleMatcher([r]).match({ ...base, ...over }, 0, out);
  return out.length > 0;
}

/** Rows: the selection body (one YAML line), events that must match, events that must not. */
type Row = [string, Partial<NormalizedEvent>[], Partial<NormalizedEvent>[]];

describe('field modifiers', () => {
  const rows: Record<string, Row> = {
    'plain text, case-insensitive': ['threat_family: EMOTET', [{}], [{ threat_family: 'qakbot' }]],
    'plain list = any': [
      'app: [anydesk, teamviewer]',
      [{}, { app: 'AnyDesk' }],
      [{ app: 'RDP' }, { app: null }],
    ],
    'wildcard *': ['app: Team*', [{}, { app: 'teamviewer-base' }], [{ app: 'XTeamViewer' }]],
    'wildcard ?': ['app: TeamVie?er', [{}], [{ app: 'TeamVieer' }]],
    'escaped wildcard': [String.raw`threat: 'a\*b'`, [{ threat: 'a*b' }], [{ threat: 'axxb' }]],
    'null = absent': ['user: null', [{}], [{ user: 'taro' }]],
    'enum exact': ['category: malicious-outbound', [{}], [{ category: 'virus' }, { category: null }]],
    'number equality': ['dst_port: 443', [{}], [{ dst_port: 80 }, { dst_port: null }]],
    'number list, numeric text': ["dst_port: [80, '443']", [{}, { dst_port: 80 }], [{ dst_port: 8080 }]],
    contains: ['threat|contains: emotet', [{}], [{ threat: 'Qakbot' }, { threat: null }]],
    'contains on a number field': ['dst_port|contains: 44', [{}], [{ dst_port: 80 }]],
    startswith: ['url|startswith: HTTPS://evil', [{}], [{ url: 'http://evil.example.net/' }]],
    endswith: ['domain|endswith: .example.net', [{}], [{ domain: 'example.org' }]],
    'contains|all': [
      'url|contains|all: [gate.php, id=]',
      [{}],
      [{ url: 'https://evil.example.net/gate.php' }, { url: 'https://evil.example.net/?id=1' }],
    ],
    'contains|cased': ['threat|contains|cased: Emotet', [{}], [{ threat: 'EMOTET' }]],
    're (case-sensitive by default)': [
      String.raw`threat|re: 'Win32\.[A-Z]\w+'`,
      [{}],
      [{ threat: 'win32.emotet' }, { threat: null }],
    ],
    're|i': [String.raw`threat|re|i: 'win32\.emotet'`, [{}], [{ threat: 'Win64.Emotet' }]],
    'cidr v4': ['src_ip|cidr: 192.168.0.0/16', [{}], [{ src_ip: '10.0.0.1' }, { src_ip: null }]],
    'cidr v6 and list': ['src_ip|cidr: [10.0.0.0/8, 2001:db8::/32]', [{ src_ip: '2001:db8::1' }], [{}]],
    gt: ['severity|gt: 2', [{}], [{ severity: 2 }, { severity: null }]],
    gte: ['bytes_out|gte: 5000', [{}], [{ bytes_out: 4999 }]],
    lt: ['severity|lt: 4', [{}], [{ severity: 4 }]],
    lte: ['src_port|lte: 50000', [{}], [{ src_port: 50001 }]],
    'exists: true': ['threat_family|exists: true', [{}], [{ threat_family: null }]],
    'exists: false': ['user|exists: false', [{}], [{ user: 'taro' }]],
  };
  for (const [name, [sel, yes, no]] of Object.entries(rows)) {
    it(name, () => {
      const r = rule('m', `  selection:\n    ${sel}\n  condition: selection`);
      for (const e of yes) expect(matches(r, e), `${sel} should match ${JSON.stringify(e)}`).toBe(true);
      for (const e of no) expect(matches(r, e), `${sel} should not match ${JSON.stringify(e)}`).toBe(false);
    });
  }

  it('a map is AND, a list of maps is OR, keywords search the raw text', () => {
    const and = rule('a', '  s:\n    category: malicious-outbound\n    severity|gte: 4\n  condition: s');
    expect(matches(and)).toBe(false);
    expect(matches(and, { severity: 4 })).toBe(true);
    const or = rule('o', '  s:\n    - { app: RDP }\n    - { dst_port: 443 }\n  condition: s');
    expect(matches(or)).toBe(true);
    expect(matches(or, { dst_port: 80 })).toBe(false);
    const kw = rule('k', '  keywords:\n    - mimikatz\n    - lazagne\n  condition: keywords');
    expect(matches(kw)).toBe(true);
    expect(matches(kw, { raw: 'nothing here' })).toBe(false);
  });

  it('conditions combine selections: and, or, not, 1 of, all of', () => {
    const r = rule(
      'c',
      [
        '  sel_a:',
        '    category: malicious-outbound',
        '  sel_b:',
        '    app: TeamViewer',
        '  filter_x:',
        '    severity: 4',
        '  condition: all of sel_* and not 1 of filter_*',
      ].join('\n'),
    );
    expect(matches(r)).toBe(true);
    expect(matches(r, { app: 'x' })).toBe(false);
    expect(matches(r, { severity: 4 })).toBe(false);
  });
});

describe('RuleMatcher', () => {
  it('tests a rule only against events its index allows and files rules without one separately', () => {
    let calls = 0;
    const virus = rule('v', '  s:\n    category: virus\n  condition: s');
    const spy: Rule = {
      ...virus,
      test: (e, lc) => {
        calls++;
        return virus.test(e, lc);
      },
    };
    const free = rule('f', '  s:\n    app: TeamViewer\n  condition: s');
    const m = new RuleMatcher([spy, free]);
    expect(m.unindexed).toBe(1);
    const out: RuleHit[] = [];
    m.match(base, 1, out); // malicious-outbound: the virus rule is not even tried
    expect(calls).toBe(0);
    expect(out.map((h) => h.rule)).toEqual(['f']);
    m.match({ ...base, category: 'virus' }, 2, out);
    expect(calls).toBe(1);
    expect(out.map((h) => h.rule)).toEqual(['f', 'f', 'v']);
  });

  it('makes hits with the group key, the counted value and the summed number', () => {
    const vc = rule(
      'vc',
      '  s:\n    kind: threat\n  condition: s',
      'correlation:\n  type: value_count\n  group-by: [src_ip, app]\n  timespan: 1m\n  condition: { field: dst_port, gte: 2 }',
    );
    const vs = rule(
      'vs',
      '  s:\n    kind: threat\n  condition: s',
      'correlation:\n  type: value_sum\n  group-by: [user]\n  timespan: 1m\n  condition: { field: bytes_out, gte: 2 }',
    );
    const out: RuleHit[] = [];
    new RuleMatcher([vc, vs]).match({ ...base, raw: 'x'.repeat(5000) }, 42, out);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatchObject({
      rule: 'vc',
      tsMs: 42,
      tenant: 'acme',
      device: 'fw1',
      group: 'src_ip=192.168.1.23&app=TeamViewer',
      value: '443',
      num: null,
    });
    expect(out[1]).toMatchObject({ rule: 'vs', group: 'user', value: null, num: 5000 });
    expect(out[0].event.raw).toHaveLength(1024);
    expect(out[0].event.threat).toBe(base.threat);
  });

  it('escapes separators in group keys', () => {
    expect(groupKeyOf(['user', 'url'], { ...base, user: 'a&b=c%', url: null })).toBe('user=a%26b%3Dc%25&url');
  });

  it('keeps the event itself when its raw text is short (no copy per hit)', () => {
    const out: RuleHit[] = [];
    new RuleMatcher([rule('r', '  s:\n    kind: threat\n  condition: s')]).match(base, 0, out);
    expect(out[0].event).toBe(base);
  });
});
