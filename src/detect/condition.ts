/**
 * The `condition` of a rule's detection (Sigma's grammar, without the deprecated
 * `| count()` aggregations, which are correlations here):
 *
 *   expr    := or
 *   or      := and ("or" and)*
 *   and     := not ("and" not)*
 *   not     := "not" not | primary
 *   primary := "(" expr ")" | quant "of" target | NAME
 *   quant   := "1" | "any" | "all"
 *   target  := "them" | NAME        NAME may hold "*" wildcards: selection_*
 *
 * Keywords are case-insensitive; selection names are case-sensitive.
 */

export type Cond =
  | { t: 'ref'; name: string }
  | { t: 'and'; items: Cond[] }
  | { t: 'or'; items: Cond[] }
  | { t: 'not'; item: Cond }
  | { t: 'of'; all: boolean; target: string };

export interface ConditionError {
  message: string;
  /** 0-based column in the condition text. */
  col: number;
}

interface Token {
  v: string;
  col: number;
}

const NAME = /^[A-Za-z_*][A-Za-z0-9_*.-]*$/;
const KEYWORDS = new Set(['and', 'or', 'not', 'of', 'them', 'all', 'any']);

function tokenize(text: string): Token[] | ConditionError {
  const out: Token[] = [];
  const re = /\s*([()]|[^\s()]+)/y;
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while (re.lastIndex < text.length && (m = re.exec(text)) !== null) {
    if (m[1] === undefined) break;
    out.push({ v: m[1], col: m.index + m[0].length - m[1].length });
  }
  return out;
}

export function parseCondition(text: string): Cond | ConditionError {
  const toks = tokenize(text);
  if (!Array.isArray(toks)) return toks;
  if (toks.length === 0) return { message: 'the condition is empty', col: 0 };
  const pipe = toks.find((t) => t.v === '|' || t.v.startsWith('|'));
  if (pipe) {
    return {
      message: 'Sigma "| count()" aggregations are not supported: use a `correlation:` block',
      col: pipe.col,
    };
  }
  let i = 0;
  const peek = (): string | undefined => toks[i]?.v.toLowerCase();
  const colHere = (): number => toks[i]?.col ?? text.length;
  const fail = (message: string): ConditionError => ({ message, col: colHere() });

  const parseOr = (): Cond | ConditionError => {
    const items: Cond[] = [];
    for (;;) {
      const a = parseAnd();
      if ('message' in a) return a;
      items.push(a);
      if (peek() !== 'or') break;
      i++;
    }
    return items.length === 1 ? items[0] : { t: 'or', items };
  };
  const parseAnd = (): Cond | ConditionError => {
    const items: Cond[] = [];
    for (;;) {
      const a = parseNot();
      if ('message' in a) return a;
      items.push(a);
      if (peek() !== 'and') break;
      i++;
    }
    return items.length === 1 ? items[0] : { t: 'and', items };
  };
  const parseNot = (): Cond | ConditionError => {
    if (peek() === 'not') {
      i++;
      const a = parseNot();
      if ('message' in a) return a;
      return { t: 'not', item: a };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Cond | ConditionError => {
    const tok = toks[i];
    if (tok === undefined) return fail('the condition ends too early: a selection name is missing');
    const low = tok.v.toLowerCase();
    if (tok.v === '(') {
      i++;
      const inner = parseOr();
      if ('message' in inner) return inner;
      if (toks[i]?.v !== ')') return fail('a ")" is missing');
      i++;
      return inner;
    }
    if (tok.v === ')') return fail('unexpected ")"');
    if (low === '1' || low === 'any' || low === 'all') {
      if (toks[i + 1]?.v.toLowerCase() === 'of') {
        i += 2;
        const target = toks[i];
        if (target === undefined) return fail('"of" needs "them" or a selection name pattern after it');
        if (target.v !== 'them' && (!NAME.test(target.v) || KEYWORDS.has(target.v.toLowerCase()))) {
          return fail(`"${target.v}" is not a selection name pattern`);
        }
        i++;
        return { t: 'of', all: low === 'all', target: target.v };
      }
    }
    if (/^[0-9]+$/.test(tok.v)) {
      return fail(`"${tok.v} of" is not supported: write "1 of" or "all of"`);
    }
    if (KEYWORDS.has(low)) return fail(`unexpected "${tok.v}": a selection name is missing`);
    if (!NAME.test(tok.v)) return fail(`"${tok.v}" is not a selection name`);
    if (tok.v.includes('*')) return fail(`a wildcard name needs "1 of" or "all of" before it: "${tok.v}"`);
    i++;
    return { t: 'ref', name: tok.v };
  };

  const ast = parseOr();
  if ('message' in ast) return ast;
  if (i < toks.length) return fail(`unexpected "${toks[i].v}": an "and" or "or" is missing`);
  return ast;
}

function wildcard(pattern: string): RegExp {
  const body = pattern.replace(/[.+?^${}()|[\]\\-]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}$`);
}

/** Selection names an `of` target stands for, in detection order. */
export function expandTarget(target: string, names: readonly string[]): string[] {
  if (target === 'them') return names.filter((n) => !n.startsWith('_'));
  if (!target.includes('*')) return names.includes(target) ? [target] : [];
  const re = wildcard(target);
  return names.filter((n) => re.test(n));
}

/** Problems of references to selections that do not exist; fills `used` with the ones that do. */
export function checkReferences(ast: Cond, names: readonly string[], used: Set<string>): string[] {
  const problems: string[] = [];
  const walk = (c: Cond): void => {
    switch (c.t) {
      case 'ref':
        if (names.includes(c.name)) used.add(c.name);
        else problems.push(`the condition names "${c.name}", which is not a selection of this rule`);
        return;
      case 'and':
      case 'or':
        for (const x of c.items) walk(x);
        return;
      case 'not':
        walk(c.item);
        return;
      case 'of': {
        const got = expandTarget(c.target, names);
        if (got.length === 0) problems.push(`"${c.target}" matches no selection of this rule`);
        for (const n of got) used.add(n);
        return;
      }
    }
  };
  walk(ast);
  return problems;
}

/** The condition with every `of` expanded into and / or over plain references. */
export function expandCondition(ast: Cond, names: readonly string[]): Cond {
  switch (ast.t) {
    case 'ref':
      return ast;
    case 'and':
    case 'or':
      return { t: ast.t, items: ast.items.map((x) => expandCondition(x, names)) };
    case 'not':
      return { t: 'not', item: expandCondition(ast.item, names) };
    case 'of': {
      const refs: Cond[] = expandTarget(ast.target, names).map((name) => ({ t: 'ref', name }));
      if (refs.length === 1) return refs[0];
      return { t: ast.all ? 'and' : 'or', items: refs };
    }
  }
}
