import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRulePack, loadRules, parseRule, RulePackError } from './loader.js';

const dir = mkdtempSync(join(tmpdir(), 'otasuke-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A valid rule; `over` replaces whole top-level blocks (YAML text after the head). */
function ruleText(id: string, body = DETECTION): string {
  return `id: ${id}
title: Test rule ${id}
title_ja: テストルール
description: A rule for tests.
description_ja: テスト用のルールです。
level: medium
tags: [attack.t1046]
falsepositives: [none]
${body}`;
}

const DETECTION = `detection:
  selection:
    category: recon
  condition: selection
`;

function problemsOf(text: string): string[] {
  return parseRule(text, 'r.yml').problems.map((p) => `${p.line}: ${p.message}`);
}

describe('parseRule', () => {
  it('compiles a valid rule with its defaults', () => {
    const { rule, problems } = parseRule(ruleText('ok'), 'ok.yml');
    expect(problems).toEqual([]);
    expect(rule).toMatchObject({
      id: 'ok',
      level: 'medium',
      status: 'stable',
      groupBy: [],
      correlation: null,
      suppressMs: 3_600_000,
      file: 'ok.yml',
      line: 1,
      index: { field: 'category', values: ['recon'] },
    });
  });

  it('collects every problem of a file with its line, not only the first', () => {
    const text = `id: Bad_Id
title: x
title_ja: x
description: x
description_ja: x
level: severe
colour: red
tags: [attack.t12, mitre]
detection:
  selection:
    catgory: virus
    threat|containz: emotet
    src_ip|cidr: 10.0.0.0/33
    url|re: '(unclosed'
    action: blocked
    dst_port: http
  filter:
    app: x
  condition: selection and not missing
correlation:
  type: event_count
  timespan: 5 minutes
  condition: { lt: 3 }
suppress: 1w
`;
    expect(problemsOf(text)).toEqual([
      '7: unknown field "colour"',
      '1: id "Bad_Id" must be lower-case words joined by "-"',
      '6: level must be one of informational, low, medium, high, critical',
      '8: tag "attack.t12" is not an ATT&CK technique id (attack.tNNNN or attack.tNNNN.NNN)',
      '8: tag "mitre" must look like attack.t1046 or attack.discovery',
      '11: unknown field "catgory": fields are the normalized event\'s (docs/detection.md)',
      '12: unknown modifier "containz" (known: contains, startswith, endswith, re, cidr, gt, gte, lt, lte, exists, all, cased, i, m, s)',
      '13: bad CIDR block: "10.0.0.0/33": prefix length must be 0–32',
      '14: bad regular expression: Invalid regular expression: /(unclosed/: Unterminated group',
      '15: "blocked" is not a action; one of: allow, block, detect, drop, reset, quarantine, redirect, other',
      '16: "http" is not a number; "dst_port" holds numbers (use "re" for patterns)',
      '19: the condition names "missing", which is not a selection of this rule',
      '19: selection "filter" is not used by the condition',
      '22: timespan: "5 minutes" is not a time span: write a whole number and one unit s, m, h or d (e.g. "5m")',
      '24: suppress: "1w" is not a time span: write a whole number and one unit s, m, h or d (e.g. "5m")',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const p = problemsOf(`${ruleText('x')}  bad: [unclosed\n`);
    expect(p.length).toBeGreaterThan(0);
    expect(p[0]).toMatch(/^1[0-9]: YAML syntax/);
  });

  it('reports missing fields and a missing condition', () => {
    expect(problemsOf('id: x\ndetection:\n  selection:\n    kind: web\n')).toEqual([
      '1: "title" is missing',
      '1: "title_ja" is missing',
      '1: "description" is missing',
      '1: "description_ja" is missing',
      '1: "level" is missing',
      '3: detection needs a condition (e.g. "condition: selection")',
    ]);
  });

  it.each([
    [
      'a condition syntax error, with its column',
      'condition: selection and',
      'condition, column 14: the condition ends',
    ],
    [
      'an old Sigma timeframe',
      'timeframe: 5m\n  condition: selection',
      'timeframe: use a `correlation:` block',
    ],
  ])('reports %s', (_, line, want) => {
    const text = ruleText('x', `detection:\n  selection:\n    kind: web\n  ${line}\n`);
    const p = problemsOf(text).join('\n');
    expect(p).toContain(want);
  });

  it.each([
    ['event_count with lt', 'type: event_count\n  timespan: 5m\n  condition: { lt: 5 }', 'use gte or gt'],
    [
      'value_count without field',
      'type: value_count\n  timespan: 5m\n  condition: { gte: 5 }',
      'needs the field',
    ],
    [
      'value_sum of a text field',
      'type: value_sum\n  timespan: 5m\n  condition: { field: app, gte: 5 }',
      'not a numeric field',
    ],
    ['a missing timespan', 'type: event_count\n  condition: { gte: 5 }', 'needs a timespan'],
    ['a zero timespan', 'type: event_count\n  timespan: 0m\n  condition: { gte: 5 }', 'longer than zero'],
    ['first_seen with a timespan', 'type: first_seen\n  timespan: 5m', 'has no timespan'],
    ['an unknown type', 'type: temporal', 'must be one of event_count'],
    [
      'a group-by field that is not one',
      'type: first_seen\n  group-by: [hostname]',
      '"hostname" is not an event field',
    ],
    ['a fractional count', 'type: event_count\n  timespan: 5m\n  condition: { gte: 2.5 }', 'whole number'],
  ])('reports a bad correlation: %s', (_, corr, want) => {
    const p = problemsOf(ruleText('x', `${DETECTION}correlation:\n  ${corr}\n`)).join('\n');
    expect(p).toContain(want);
  });

  it('turns gt into the next whole count and keeps the correlation fields', () => {
    const { rule } = parseRule(
      ruleText(
        'x',
        `${DETECTION}correlation:\n  type: value_count\n  group-by: [src_ip]\n  timespan: 1m\n  condition: { field: dst_port, gt: 9 }\n`,
      ),
      'x.yml',
    );
    expect(rule?.correlation).toEqual({
      type: 'value_count',
      timespanMs: 60_000,
      threshold: 10,
      inclusive: true,
      field: 'dst_port',
    });
    expect(rule?.groupBy).toEqual(['src_ip']);
  });

  it('gives first_seen rules a 30-day suppression by default', () => {
    const { rule } = parseRule(
      ruleText('x', `${DETECTION}correlation:\n  type: first_seen\n  group-by: [app]\n`),
      'x.yml',
    );
    expect(rule?.suppressMs).toBe(30 * 86_400_000);
  });

  it('finds conditions that can never be true', () => {
    const p = problemsOf(
      ruleText(
        'x',
        'detection:\n  a:\n    category: virus\n  b:\n    category: spam\n  condition: a and b\n',
      ),
    );
    expect(p).toEqual([
      '14: the condition can never be true: "category" would need two different values at once',
    ]);
  });

  it('indexes on the most selective required field, and not under a "not" or a one-sided "or"', () => {
    const idx = (det: string) => parseRule(ruleText('x', `detection:\n${det}`), 'x.yml').rule?.index ?? null;
    expect(idx('  a:\n    kind: traffic\n    action: [block, drop]\n  condition: a')).toEqual({
      field: 'action',
      values: ['block', 'drop'],
    });
    expect(idx('  a:\n    category: virus\n  b:\n    category: spam\n  condition: a or b')).toEqual({
      field: 'category',
      values: ['virus', 'spam'],
    });
    expect(idx('  a:\n    category: virus\n  b:\n    app: x\n  condition: a or b')).toBeNull();
    expect(idx('  a:\n    category: virus\n  condition: not a')).toBeNull();
    expect(idx('  a:\n    vendor: OtaSuke\n  condition: a')).toEqual({
      field: 'vendor',
      values: ['otasuke'],
    });
  });
});

describe('loadRules', () => {
  it('loads a folder, skips cases files, reports duplicates across files and misnamed files', () => {
    writeFileSync(join(dir, 'alpha.yml'), ruleText('alpha'));
    writeFileSync(join(dir, 'alpha.cases.yml'), 'rule: alpha\ncases: []\n');
    writeFileSync(join(dir, 'beta.yml'), ruleText('alpha'));
    writeFileSync(join(dir, 'gamma.yml'), ruleText('delta'));
    writeFileSync(
      join(dir, 'broken.yml'),
      ruleText('broken', 'detection:\n  selection:\n    nofield: 1\n  condition: selection\n'),
    );
    writeFileSync(join(dir, 'notes.txt'), 'not a rule');
    const { rules, problems } = loadRules(dir);
    expect(rules.map((r) => r.id)).toEqual(['alpha', 'delta']);
    expect(problems).toEqual([
      { file: 'beta.yml', line: 1, message: 'duplicate id "alpha" (also in alpha.yml:1)' },
      { file: 'broken.yml', line: 11, message: expect.stringContaining('unknown field "nofield"') },
      { file: 'gamma.yml', line: 1, message: 'the file of rule "delta" must be named delta.yml' },
    ]);
    expect(() => loadRulePack(dir)).toThrow(RulePackError);
    try {
      loadRulePack(dir);
    } catch (err) {
      expect((err as Error).message).toContain('beta.yml:1: duplicate id');
      expect((err as Error).message).toContain('broken.yml:11:');
    }
  });

  it('reports an unreadable folder instead of throwing', () => {
    const r = loadRules(join(dir, 'missing'));
    expect(r.rules).toEqual([]);
    expect(r.problems[0].message).toContain('cannot read');
  });
});
