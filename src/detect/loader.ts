/**
 * content/rules/*.yml → compiled rules. Every problem is collected with its file and
 * line (unknown keys and fields, modifiers, regexes, CIDR blocks, conditions, time
 * spans, duplicate ids …) so a provider fixing a rule sees all mistakes in one run.
 * The format is documented in docs/detection.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { contentDir } from '../core/paths.js';
import { type Cond, checkReferences, expandCondition, parseCondition } from './condition.js';
import { parseDuration } from './duration.js';
import { type EventField, INDEX_FIELDS, isEventField, NUMERIC_FIELDS } from './fields.js';
import {
  CORRELATION_TYPES,
  type Correlation,
  type CorrelationType,
  DEFAULT_FIRST_SEEN_SUPPRESS_MS,
  DEFAULT_SUPPRESS_MS,
  RULE_LEVELS,
  RULE_STATUSES,
  type Rule,
  type RuleLevel,
  type RuleStatus,
} from './model.js';
import {
  allOf,
  andConstraints,
  anyOf,
  type CompiledSelection,
  type Constraint,
  compileSelection,
  orConstraints,
  type Pred,
} from './selection.js';
import { type RuleProblem, stringPairs, YamlSource } from './yaml-source.js';

export type { RuleProblem } from './yaml-source.js';

export class RulePackError extends Error {
  constructor(readonly problems: RuleProblem[]) {
    super(
      `detection rules have ${problems.length} problem(s):\n  ${problems
        .map((p) => `${p.file}:${p.line}: ${p.message}`)
        .join('\n  ')}`,
    );
    this.name = 'RulePackError';
  }
}

export function defaultRulesDir(): string {
  return contentDir('rules');
}

const ID_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const TAG_RE = /^[a-z]+\.[a-z0-9_.-]+$/;
const TECHNIQUE_RE = /^attack\.t[0-9]{4}(\.[0-9]{3})?$/;
const SELECTION_NAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const TOP_KEYS = new Set([
  'id',
  'title',
  'title_ja',
  'description',
  'description_ja',
  'status',
  'level',
  'author',
  'date',
  'modified',
  'references',
  'tags',
  'logsource',
  'detection',
  'correlation',
  'group-by',
  'suppress',
  'falsepositives',
  'falsepositives_ja',
]);
const CORRELATION_KEYS = new Set(['type', 'group-by', 'timespan', 'condition']);
const LOGSOURCE_KEYS = new Set(['product', 'category', 'service', 'definition']);

/** Top-level text fields every rule needs: staff read `title`, owners read the Japanese texts. */
const REQUIRED_TEXT = ['id', 'title', 'title_ja', 'description', 'description_ja', 'level'] as const;

function text(src: YamlSource, node: Node | null, what: string): string | null {
  if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value.trim();
  src.problem(node, `${what} must be a non-empty text`);
  return null;
}

function textList(src: YamlSource, node: Node | null, what: string): string[] | null {
  if (!isSeq(node)) {
    src.problem(node, `${what} must be a list of texts`);
    return null;
  }
  const out: string[] = [];
  for (const it of node.items as Node[]) {
    if (isScalar(it) && typeof it.value === 'string' && it.value.trim() !== '') out.push(it.value.trim());
    else src.problem(it, `${what} must be a list of texts`);
  }
  return out;
}

function fieldList(src: YamlSource, node: Node | null, what: string): EventField[] | null {
  if (!isSeq(node)) {
    src.problem(node, `${what} must be a list of event fields, e.g. [src_ip]`);
    return null;
  }
  const out: EventField[] = [];
  for (const it of node.items as Node[]) {
    const v = isScalar(it) ? it.value : undefined;
    if (typeof v !== 'string' || !isEventField(v)) {
      src.problem(it, `${what}: "${String(v)}" is not an event field`);
    } else if (v === 'ts' || v === 'raw') {
      src.problem(it, `${what}: "${v}" cannot group events`);
    } else if (v === 'tenant') {
      src.problem(it, `${what}: state is always per tenant; leave "tenant" out`);
    } else if (out.includes(v)) {
      src.problem(it, `${what}: "${v}" is listed twice`);
    } else {
      out.push(v);
    }
  }
  return out;
}

interface DetectionOut {
  test: Pred;
  constraint: Constraint;
}

function compileCondition(ast: Cond, sels: Map<string, CompiledSelection>): DetectionOut {
  switch (ast.t) {
    case 'ref': {
      const s = sels.get(ast.name) as CompiledSelection;
      return { test: s.pred, constraint: s.constraint };
    }
    case 'and': {
      const parts = ast.items.map((x) => compileCondition(x, sels));
      return {
        test: allOf(parts.map((p) => p.test)),
        constraint: andConstraints(parts.map((p) => p.constraint)),
      };
    }
    case 'or': {
      const parts = ast.items.map((x) => compileCondition(x, sels));
      return {
        test: anyOf(parts.map((p) => p.test)),
        constraint: orConstraints(parts.map((p) => p.constraint)),
      };
    }
    case 'not': {
      const inner = compileCondition(ast.item, sels).test;
      return { test: (e, lc) => !inner(e, lc), constraint: new Map() };
    }
    case 'of':
      throw new Error('bug: `of` must be expanded before compiling');
  }
}

function compileDetection(src: YamlSource, node: Node | null): DetectionOut | null {
  if (!isMap(node)) {
    src.problem(node, 'detection must be a map of selections and a condition');
    return null;
  }
  const sels = new Map<string, CompiledSelection>();
  const names: string[] = [];
  let condNode: Node | null = null;
  let condKey: Node | null = null;
  let ok = true;
  for (const [key, pair, value] of stringPairs(src, node)) {
    if (key === 'condition') {
      condNode = value;
      condKey = pair.key as Node;
      continue;
    }
    if (key === 'timeframe') {
      src.problem(pair.key as Node, 'timeframe: use a `correlation:` block with a timespan');
      ok = false;
      continue;
    }
    if (!SELECTION_NAME_RE.test(key)) {
      src.problem(pair.key as Node, `"${key}" is not a selection name (letters, digits, _ . -)`);
      ok = false;
      continue;
    }
    names.push(key);
    const s = compileSelection(src, value, pair.key as Node);
    if (s === null) ok = false;
    else sels.set(key, s);
  }
  if (condKey === null) {
    src.problem(node, 'detection needs a condition (e.g. "condition: selection")');
    return null;
  }
  const condTexts: { text: string; node: Node }[] = [];
  if (isScalar(condNode) && typeof condNode.value === 'string')
    condTexts.push({ text: condNode.value, node: condNode });
  else if (
    isSeq(condNode) &&
    (condNode.items as Node[]).every((x) => isScalar(x) && typeof x.value === 'string')
  ) {
    for (const x of condNode.items as Node[])
      condTexts.push({ text: String((x as { value: string }).value), node: x });
  } else {
    src.problem(condNode ?? condKey, 'the condition must be a text such as "selection and not filter"');
    return null;
  }
  const asts: Cond[] = [];
  const used = new Set<string>();
  for (const c of condTexts) {
    const ast = parseCondition(c.text);
    if ('message' in ast) {
      src.problem(c.node, `condition, column ${ast.col + 1}: ${ast.message}`);
      ok = false;
      continue;
    }
    for (const p of checkReferences(ast, names, used)) {
      src.problem(c.node, p);
      ok = false;
    }
    asts.push(ast);
  }
  for (const n of names) {
    if (!used.has(n)) {
      src.problem(condNode, `selection "${n}" is not used by the condition`);
      ok = false;
    }
  }
  if (!ok) return null;
  const expanded = asts.map((a) => expandCondition(a, names));
  const whole: Cond = expanded.length === 1 ? expanded[0] : { t: 'or', items: expanded };
  const out = compileCondition(whole, sels);
  for (const [f, vals] of out.constraint) {
    if (vals.size === 0) {
      src.problem(
        condNode,
        `the condition can never be true: "${f}" would need two different values at once`,
      );
      return null;
    }
  }
  return out;
}

function positive(src: YamlSource, node: Node | null, what: string, integer: boolean): number | null {
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    src.problem(node, `${what} must be a ${integer ? 'whole ' : ''}number above 0`);
    return null;
  }
  return v;
}

function compileCorrelation(
  src: YamlSource,
  node: Node | null,
): { corr: Correlation; groupBy: EventField[] } | null {
  if (!isMap(node)) {
    src.problem(node, 'correlation must be a map with type, group-by, timespan and condition');
    return null;
  }
  let type: CorrelationType | null = null;
  let groupBy: EventField[] = [];
  let timespan: number | null = null;
  let condNode: Node | null = null;
  let typeNode: Node | null = null;
  let timespanKey: Node | null = null;
  let ok = true;
  for (const [key, pair, value] of stringPairs(src, node)) {
    if (!CORRELATION_KEYS.has(key)) {
      src.problem(
        pair.key as Node,
        `unknown correlation key "${key}" (known: ${[...CORRELATION_KEYS].join(', ')})`,
      );
      ok = false;
    } else if (key === 'type') {
      typeNode = value;
      const v = isScalar(value) ? value.value : undefined;
      if (typeof v === 'string' && (CORRELATION_TYPES as readonly string[]).includes(v))
        type = v as CorrelationType;
      else {
        src.problem(value, `correlation type must be one of ${CORRELATION_TYPES.join(', ')}`);
        ok = false;
      }
    } else if (key === 'group-by') {
      const g = fieldList(src, value, 'group-by');
      if (g === null) ok = false;
      else groupBy = g;
    } else if (key === 'timespan') {
      timespanKey = pair.key as Node;
      const d = parseDuration(isScalar(value) ? value.value : undefined);
      if (typeof d === 'string') {
        src.problem(value, `timespan: ${d}`);
        ok = false;
      } else timespan = d;
    } else if (key === 'condition') {
      condNode = value;
    }
  }
  if (typeNode === null) {
    src.problem(node, 'correlation needs a type');
    return null;
  }
  if (!ok || type === null) return null;
  if (type === 'first_seen') {
    if (timespanKey !== null) {
      src.problem(
        timespanKey,
        'first_seen has no timespan: it remembers a group for the rule\'s "suppress" window',
      );
      return null;
    }
    if (condNode !== null) {
      src.problem(condNode, 'first_seen has no condition: it fires on the first event of each group');
      return null;
    }
    return { corr: { type, timespanMs: 0, threshold: 1, inclusive: true, field: null }, groupBy };
  }
  if (timespan === null) {
    src.problem(node, `${type} needs a timespan (e.g. "5m")`);
    return null;
  }
  if (!isMap(condNode)) {
    src.problem(condNode ?? node, `${type} needs a condition such as "{ gte: 10 }"`);
    return null;
  }
  let threshold: number | null = null;
  let inclusive = true;
  let field: EventField | null = null;
  let fieldNode: Node | null = null;
  for (const [key, pair, value] of stringPairs(src, condNode as YAMLMap)) {
    if (key === 'gte' || key === 'gt') {
      if (threshold !== null) {
        src.problem(pair.key as Node, 'give one of gte and gt');
        return null;
      }
      threshold = positive(src, value, key, type !== 'value_sum');
      if (threshold === null) return null;
      inclusive = key === 'gte';
    } else if (key === 'lt' || key === 'lte' || key === 'eq' || key === 'neq') {
      src.problem(
        pair.key as Node,
        `"${key}" cannot fire while events arrive (a window only ever grows towards a threshold): use gte or gt`,
      );
      return null;
    } else if (key === 'field') {
      fieldNode = value;
      const v = isScalar(value) ? value.value : undefined;
      if (typeof v !== 'string' || !isEventField(v) || v === 'ts') {
        src.problem(value, `"${String(v)}" is not an event field`);
        return null;
      }
      field = v;
    } else {
      src.problem(pair.key as Node, `unknown condition key "${key}" (known: gte, gt, field)`);
      return null;
    }
  }
  if (threshold === null) {
    src.problem(condNode, 'the correlation condition needs gte or gt');
    return null;
  }
  if (type === 'event_count' && field !== null) {
    src.problem(
      fieldNode,
      'event_count counts events: it takes no field (value_count counts distinct values)',
    );
    return null;
  }
  if ((type === 'value_count' || type === 'value_sum') && field === null) {
    src.problem(
      condNode,
      `${type} needs the field it ${type === 'value_count' ? 'counts' : 'sums'} ("field: …")`,
    );
    return null;
  }
  if (type === 'value_sum' && field !== null && !NUMERIC_FIELDS.has(field)) {
    src.problem(fieldNode, `value_sum adds numbers: "${field}" is not a numeric field`);
    return null;
  }
  if (type === 'value_count' && field !== null && groupBy.includes(field)) {
    src.problem(fieldNode, `"${field}" is also a group-by field: it has one value per group`);
    return null;
  }
  if (type !== 'value_sum' && !inclusive) {
    threshold += 1;
    inclusive = true;
  }
  if (type !== 'value_sum' && threshold > 100_000) {
    src.problem(condNode, 'thresholds above 100000 events are not supported (state is kept per event)');
    return null;
  }
  return { corr: { type, timespanMs: timespan, threshold, inclusive, field }, groupBy };
}

/** One rule from its YAML text; `file` names it in problems. */
export function parseRule(textIn: string, file: string): { rule: Rule | null; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const src = new YamlSource(file, textIn, problems);
  const root = src.root;
  if (root === null) {
    if (problems.length === 0) problems.push({ file, line: 0, message: 'the file holds no rule' });
    return { rule: null, problems };
  }
  if (!isMap(root)) {
    src.problem(root, 'a rule is a YAML map (id, title, level, detection, …)');
    return { rule: null, problems };
  }
  const f = new Map<string, { node: Node | null; key: Node }>();
  for (const [key, pair, value] of stringPairs(src, root)) {
    if (!TOP_KEYS.has(key)) {
      const hint = key === 'timeframe' ? ': use a `correlation:` block with a timespan' : '';
      src.problem(pair.key as Node, `unknown field "${key}"${hint}`);
      continue;
    }
    f.set(key, { node: value, key: pair.key as Node });
  }
  for (const k of REQUIRED_TEXT) if (!f.has(k)) src.problem(root, `"${k}" is missing`);
  if (!f.has('detection')) src.problem(root, '"detection" is missing');

  const get = (k: string): Node | null => f.get(k)?.node ?? null;
  const id = f.has('id') ? text(src, get('id'), 'id') : null;
  if (id !== null && !ID_RE.test(id))
    src.problem(get('id'), `id "${id}" must be lower-case words joined by "-"`);
  const title = f.has('title') ? text(src, get('title'), 'title') : null;
  const titleJa = f.has('title_ja') ? text(src, get('title_ja'), 'title_ja') : null;
  const description = f.has('description') ? text(src, get('description'), 'description') : null;
  const descriptionJa = f.has('description_ja') ? text(src, get('description_ja'), 'description_ja') : null;
  let level: RuleLevel | null = null;
  if (f.has('level')) {
    const v = isScalar(get('level')) ? (get('level') as { value: unknown }).value : undefined;
    if (typeof v === 'string' && (RULE_LEVELS as readonly string[]).includes(v)) level = v as RuleLevel;
    else src.problem(get('level'), `level must be one of ${RULE_LEVELS.join(', ')}`);
  }
  let status: RuleStatus = 'stable';
  if (f.has('status')) {
    const v = isScalar(get('status')) ? (get('status') as { value: unknown }).value : undefined;
    if (typeof v === 'string' && (RULE_STATUSES as readonly string[]).includes(v)) status = v as RuleStatus;
    else src.problem(get('status'), `status must be one of ${RULE_STATUSES.join(', ')}`);
  }
  for (const k of ['author', 'date', 'modified']) if (f.has(k)) text(src, get(k), k);
  if (f.has('references')) textList(src, get('references'), 'references');
  let tags: string[] = [];
  if (f.has('tags')) {
    tags = textList(src, get('tags'), 'tags') ?? [];
    const tagNodes = isSeq(get('tags')) ? ((get('tags') as { items: Node[] }).items ?? []) : [];
    tags.forEach((t, i) => {
      if (!TAG_RE.test(t))
        src.problem(tagNodes[i], `tag "${t}" must look like attack.t1046 or attack.discovery`);
      else if (t.startsWith('attack.t') && /^attack\.t[0-9]/.test(t) && !TECHNIQUE_RE.test(t)) {
        src.problem(
          tagNodes[i],
          `tag "${t}" is not an ATT&CK technique id (attack.tNNNN or attack.tNNNN.NNN)`,
        );
      }
    });
  }
  const falsepositives = f.has('falsepositives')
    ? (textList(src, get('falsepositives'), 'falsepositives') ?? [])
    : [];
  const falsepositivesJa = f.has('falsepositives_ja')
    ? (textList(src, get('falsepositives_ja'), 'falsepositives_ja') ?? [])
    : [];
  if (f.has('logsource')) {
    const ls = get('logsource');
    if (!isMap(ls)) src.problem(ls, 'logsource must be a map (product, category, service, definition)');
    else {
      for (const [key, pair, value] of stringPairs(src, ls)) {
        if (!LOGSOURCE_KEYS.has(key)) src.problem(pair.key as Node, `unknown logsource key "${key}"`);
        else text(src, value, `logsource.${key}`);
      }
    }
  }
  const det = f.has('detection') ? compileDetection(src, get('detection')) : null;
  let correlation: Correlation | null = null;
  let groupBy: EventField[] = [];
  if (f.has('correlation')) {
    const c = compileCorrelation(src, get('correlation'));
    if (c !== null) {
      correlation = c.corr;
      groupBy = c.groupBy;
    }
    if (f.has('group-by')) {
      src.problem(f.get('group-by')?.key, 'a correlation rule groups by its correlation\'s "group-by"');
    }
  } else if (f.has('group-by')) {
    groupBy = fieldList(src, get('group-by'), 'group-by') ?? [];
  }
  let suppressMs = correlation?.type === 'first_seen' ? DEFAULT_FIRST_SEEN_SUPPRESS_MS : DEFAULT_SUPPRESS_MS;
  if (f.has('suppress')) {
    const node = get('suppress');
    const d = parseDuration(isScalar(node) ? node.value : undefined);
    if (typeof d === 'string') src.problem(node, `suppress: ${d}`);
    else suppressMs = d;
  }
  if (problems.length > 0 || det === null) return { rule: null, problems };
  let index: Rule['index'] = null;
  for (const field of INDEX_FIELDS) {
    const vals = det.constraint.get(field);
    if (vals !== undefined) {
      index = { field, values: [...vals] };
      break;
    }
  }
  const rule: Rule = {
    id: id as string,
    title: title as string,
    titleJa: titleJa as string,
    description: description as string,
    descriptionJa: descriptionJa as string,
    level: level as RuleLevel,
    status,
    tags,
    falsepositives,
    falsepositivesJa,
    groupBy,
    correlation,
    suppressMs,
    file,
    line: src.line(f.get('id')?.key),
    test: det.test,
    index,
  };
  return { rule, problems };
}

/** Rule files of a folder: *.yml except the *.cases.yml beside them, in name order. */
export function ruleFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => (n.endsWith('.yml') || n.endsWith('.yaml')) && !/\.cases\.ya?ml$/.test(n))
    .sort();
}

/** Every rule of a folder and every problem found, each with its file and line. */
export function loadRules(dir: string): { rules: Rule[]; problems: RuleProblem[] } {
  const rules: Rule[] = [];
  const problems: RuleProblem[] = [];
  let names: string[];
  try {
    names = ruleFiles(dir);
  } catch (err) {
    return { rules, problems: [{ file: dir, line: 0, message: `cannot read: ${(err as Error).message}` }] };
  }
  const seen = new Map<string, Rule>();
  for (const name of names) {
    if (name.endsWith('.yaml')) {
      problems.push({ file: name, line: 0, message: 'rule files end in .yml' });
      continue;
    }
    let body: string;
    try {
      body = readFileSync(join(dir, name), 'utf8');
    } catch (err) {
      problems.push({ file: name, line: 0, message: `cannot read: ${(err as Error).message}` });
      continue;
    }
    const r = parseRule(body, name);
    for (const p of r.problems) problems.push(p);
    if (r.rule === null) continue;
    const rule = r.rule;
    const other = seen.get(rule.id);
    if (other !== undefined) {
      problems.push({
        file: name,
        line: rule.line,
        message: `duplicate id "${rule.id}" (also in ${other.file}:${other.line})`,
      });
      continue;
    }
    if (basename(name, '.yml') !== rule.id) {
      problems.push({
        file: name,
        line: rule.line,
        message: `the file of rule "${rule.id}" must be named ${rule.id}.yml`,
      });
    }
    seen.set(rule.id, rule);
    rules.push(rule);
  }
  return { rules, problems };
}

/** The rule pack of a folder (default content/rules); throws RulePackError listing every problem. */
export function loadRulePack(dir: string = defaultRulesDir()): Rule[] {
  const { rules, problems } = loadRules(dir);
  if (problems.length > 0) throw new RulePackError(problems);
  return rules;
}
