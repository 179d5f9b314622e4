import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentDir } from '../core/paths.js';
import { CATEGORIES, CHANNELS } from '../event/event.js';
import { LANGS, PortalContentError, parsePortalContent, portalContent, SCENARIO_IDS } from './content.js';

const raw = (f: string): Record<string, unknown> => JSON.parse(readFileSync(contentDir('portal', f), 'utf8'));

describe('content/portal', () => {
  it('loads: every item, scenario and channel in Japanese and English', () => {
    const c = portalContent();
    expect(Object.keys(c.items)).toEqual([...CATEGORIES]);
    expect(Object.keys(c.channels)).toEqual([...CHANNELS]);
    expect(Object.keys(c.scenarios)).toEqual([...SCENARIO_IDS]);
    for (const id of CATEGORIES)
      for (const l of LANGS) {
        expect(c.items[id][l].name.length, `${id} ${l}`).toBeGreaterThan(1);
        expect(c.items[id][l].explain.length, `${id} ${l}`).toBeGreaterThan(20);
      }
  });

  it('keeps the seed wording: the port-scan comparison and the scenario steps', () => {
    const c = portalContent();
    expect(c.items.recon.ja.explain).toContain('玄関や窓');
    expect(c.scenarios.ransomware.ja.steps[0]).toContain('迷惑メール');
    expect(c.scenarios['targeted-attack'].ja.steps[1]).toContain('なりすまし');
    expect(c.scenarios['careless-leak'].ja.steps[0]).toContain('Baidu IME');
  });

  it('scenario evidence follows SPEC §5', () => {
    const c = portalContent();
    expect(c.scenarios.ransomware.evidence).toEqual([
      'spam',
      'harmful-web',
      'virus',
      'malicious-outbound',
      'intrusion-inbound',
    ]);
    expect(c.scenarios['insider-leak'].evidence).toEqual(['online-storage', 'remote-access']);
    expect(c.scenarios['careless-leak'].evidence).toEqual(['risky-input-tool', 'sns-webmail']);
  });

  it('reports every problem with file and path', () => {
    const items = raw('items.json') as { items: Record<string, Record<string, Record<string, unknown>>> };
    delete items.items.spam;
    items.items.virus.ja.explain = 'ウイルスだ';
    const scenarios = raw('scenarios.json') as { scenarios: Record<string, unknown> };
    delete scenarios.scenarios['insider-leak'];
    let err: unknown;
    try {
      parsePortalContent({ items, scenarios, visibility: { ...raw('visibility.json'), extra: 1 } });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PortalContentError);
    const problems = (err as PortalContentError).problems.join('\n');
    expect(problems).toContain('items.json: items.spam');
    expect(problems).toContain('scenarios.json: scenarios.insider-leak');
    expect(problems).toContain('visibility.json: extra');
  });
});
