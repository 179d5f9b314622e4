import { describe, expect, it } from 'vitest';
import { type Cond, checkReferences, expandCondition, parseCondition } from './condition.js';

/** The condition as a compact string, to compare parse trees in tables. */
function show(c: Cond): string {
  switch (c.t) {
    case 'ref':
      return c.name;
    case 'and':
      return `(${c.items.map(show).join(' & ')})`;
    case 'or':
      return `(${c.items.map(show).join(' | ')})`;
    case 'not':
      return `!${show(c.item)}`;
    case 'of':
      return `${c.all ? 'all' : 'one'}(${c.target})`;
  }
}

function parsed(text: string): string {
  const c = parseCondition(text);
  if ('message' in c) throw new Error(`${text}: ${c.message}`);
  return show(c);
}

describe('parseCondition', () => {
  it.each([
    ['selection', 'selection'],
    ['a and b', '(a & b)'],
    ['a or b and c', '(a | (b & c))'],
    ['a and b or c', '((a & b) | c)'],
    ['(a or b) and c', '((a | b) & c)'],
    ['not a and b', '(!a & b)'],
    ['not (a or b)', '!(a | b)'],
    ['not not a', '!!a'],
    ['a AND NOT b', '(a & !b)'],
    ['1 of selection_*', 'one(selection_*)'],
    ['any of them', 'one(them)'],
    ['all of them', 'all(them)'],
    ['selection and not 1 of filter_*', '(selection & !one(filter_*))'],
    ['  a   or\tb  ', '(a | b)'],
    ['sel.one and sel-two', '(sel.one & sel-two)'],
  ])('%s', (text, want) => {
    expect(parsed(text)).toBe(want);
  });

  it.each([
    ['', 0, 'empty'],
    ['a and', 5, 'too early'],
    ['a b', 2, 'an "and" or "or" is missing'],
    ['(a or b', 7, '")" is missing'],
    ['a)', 1, 'an "and" or "or" is missing'],
    ['and a', 0, 'unexpected "and"'],
    ['2 of them', 0, 'write "1 of" or "all of"'],
    ['1 of', 4, '"of" needs'],
    ['selection_*', 0, 'needs "1 of" or "all of"'],
    ['selection | count() > 5', 10, 'correlation'],
    ['a and $b', 6, 'is not a selection name'],
  ])('rejects %j at column %i', (text, col, message) => {
    const c = parseCondition(text);
    expect('message' in c).toBe(true);
    if (!('message' in c)) return;
    expect(c.message).toContain(message);
    expect(c.col).toBe(col);
  });
});

describe('references', () => {
  const names = ['selection', 'selection_web', 'filter_a', 'filter_b', '_hidden'];

  it('reports names that are not selections and wildcards that match none', () => {
    const used = new Set<string>();
    const c = parseCondition('selection and not missing and 1 of nothing_*') as Cond;
    expect(checkReferences(c, names, used)).toEqual([
      'the condition names "missing", which is not a selection of this rule',
      '"nothing_*" matches no selection of this rule',
    ]);
    expect([...used]).toEqual(['selection']);
  });

  it('expands wildcards and them (which leaves out names starting with _)', () => {
    const one = expandCondition(parseCondition('1 of filter_*') as Cond, names);
    expect(show(one)).toBe('(filter_a | filter_b)');
    const all = expandCondition(parseCondition('all of them') as Cond, names);
    expect(show(all)).toBe('(selection & selection_web & filter_a & filter_b)');
    const single = expandCondition(parseCondition('all of selection_w*') as Cond, names);
    expect(show(single)).toBe('selection_web');
  });
});
