import { describe, expect, it } from 'vitest';
import { parseCases, runCases } from './cases.js';
import { parseRule } from './loader.js';
import type { Rule } from './model.js';

const RULE = parseRule(
  `id: virus-seen
title: t
title_ja: t
description: d
description_ja: d
level: low
detection:
  s:
    category: virus
  condition: s
group-by: [dst_ip]
`,
  'virus-seen.yml',
).rule as Rule;

function run(text: string): string[] {
  const { cases, problems } = parseCases(text, 'virus-seen.cases.yml');
  if (cases === null) return problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
  return runCases([RULE], cases).flatMap((o) => o.failures);
}

const VIRUS_LINE =
  'date=2026-01-05 time=10:00:0{i} devname="FG60F" devid="FGT60F" logid="0211008192" type="utm" subtype="virus" eventtype="infected" level="warning" vd="root" srcip=203.0.113.7 srcport=25 srcintf="wan1" dstip=192.168.1.20 dstport=50000 dstintf="internal" proto=6 service="SMTP" action="blocked" direction="incoming" virus="W32/Emotet.ABC!tr" filename="a.zip"';

describe('rule cases', () => {
  it('passes when lines and events give exactly the expected signals', () => {
    expect(
      run(`rule: virus-seen
cases:
  - name: three lines and an event
    input:
      - line: '${VIRUS_LINE}'
        repeat: 3
      - event: { ts: '2026-01-05T01:10:00Z', kind: threat, category: virus, dst_ip: 192.168.1.21 }
    expect:
      - group: { dst_ip: 192.168.1.20 }
        count: 3
      - group: { dst_ip: 192.168.1.21 }
  - name: no virus
    input:
      - event: { ts: '2026-01-05T01:10:00Z', kind: threat, category: spam }
    expect: []
`),
    ).toEqual([]);
  });

  it('names the file and line of an expectation that is not met and of an unexpected signal', () => {
    expect(
      run(`rule: virus-seen
cases:
  - name: wrong count
    input:
      - line: '${VIRUS_LINE}'
        repeat: 2
    expect:
      - count: 5
  - name: should be quiet
    input:
      - event: { ts: '2026-01-05T01:10:00Z', kind: threat, category: virus, dst_ip: 192.168.1.21 }
    expect: []
`),
    ).toEqual([
      'virus-seen.cases.yml:8: wrong count: expected virus-seen count=5; got virus-seen [dst_ip=192.168.1.20] tenant=tenant-a count=2',
      'virus-seen.cases.yml:3: wrong count: unexpected signal virus-seen [dst_ip=192.168.1.20] tenant=tenant-a count=2',
      'virus-seen.cases.yml:9: should be quiet: unexpected signal virus-seen [dst_ip=192.168.1.21] tenant=tenant-a count=1',
    ]);
  });

  it('fails a case whose line does not parse, so a broken fixture cannot pass as a miss', () => {
    expect(
      run(`rule: virus-seen
cases:
  - name: garbage
    input:
      - line: 'this is not a log line'
    expect: []
`),
    ).toEqual([
      'virus-seen.cases.yml:5: garbage: the line was quarantined (unknown-format: no parser recognises this record)',
    ]);
  });

  it('reports unknown fields, bad enum values and missing keys with their lines', () => {
    expect(
      run(`rule: virus-seen
colour: red
cases:
  - name: typos
    input:
      - event: { ts: '2026-01-05T01:10:00Z', kind: threat, categry: virus, action: blocked }
      - line: 'x'
        every: 5s
    expect: []
  - name: no expect
    input:
      - flush: true
`),
    ).toEqual([
      'virus-seen.cases.yml:2: unknown key "colour"',
      'virus-seen.cases.yml:6: unknown event field "categry"',
      'virus-seen.cases.yml:6: "blocked" is not a action; one of: allow, block, detect, drop, reset, quarantine, redirect, other',
      'virus-seen.cases.yml:8: "every" goes with event inputs; a line carries its own time (use {i} in it)',
      'virus-seen.cases.yml:10: expect must be a list (empty: the case must not alert)',
    ]);
  });
});
