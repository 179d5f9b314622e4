import { describe, expect, it } from 'vitest';
import type { Level, ScenarioId } from './content.js';
import { type Evidence, type ItemEvidence, rateScenario } from './scenarios.js';

const seen = (
  count: number,
  stopped = count,
  families: string[] = [],
  channels?: Record<string, number>,
): ItemEvidence => ({
  count,
  stopped,
  families,
  channels,
});

const cases: [string, ScenarioId, Evidence, Level, string][] = [
  ['nothing at all', 'ransomware', {}, 'none', 'no-evidence'],
  ['spam only, all stopped', 'ransomware', { spam: seen(1200) }, 'low', 'entry-routes-only'],
  ['harmful web blocked', 'ransomware', { 'harmful-web': seen(30) }, 'low', 'entry-routes-only'],
  ['virus blocked', 'ransomware', { spam: seen(5), virus: seen(2) }, 'medium', 'stopped-inside-chain'],
  ['intrusion blocked', 'ransomware', { 'intrusion-inbound': seen(9) }, 'medium', 'stopped-inside-chain'],
  ['C&C blocked', 'ransomware', { 'malicious-outbound': seen(4) }, 'medium', 'stopped-inside-chain'],
  [
    'WannaCry C&C even when blocked',
    'ransomware',
    { 'malicious-outbound': seen(1, 1, ['wannacry']) },
    'high',
    'ransomware-family',
  ],
  ['Emotet attachment blocked', 'ransomware', { virus: seen(1, 1, ['emotet']) }, 'high', 'ransomware-family'],
  ['a virus got through', 'ransomware', { virus: seen(3, 2) }, 'high', 'not-stopped'],
  ['C&C only detected', 'ransomware', { 'malicious-outbound': seen(2, 0) }, 'high', 'not-stopped'],
  ['targeted: nothing', 'targeted-attack', { spam: seen(3) }, 'none', 'no-evidence'],
  [
    'targeted: web virus does not count',
    'targeted-attack',
    { virus: seen(2, 2, [], { web: 2 }) },
    'none',
    'no-evidence',
  ],
  [
    'targeted: mail virus blocked',
    'targeted-attack',
    { virus: seen(2, 2, [], { 'mail-receive': 2 }) },
    'low',
    'one-step',
  ],
  ['targeted: intrusion blocked', 'targeted-attack', { 'intrusion-inbound': seen(5) }, 'low', 'one-step'],
  [
    'targeted: mail virus and C&C blocked',
    'targeted-attack',
    { virus: seen(2, 2, [], { 'mail-receive': 2 }), 'malicious-outbound': seen(1) },
    'medium',
    'several-steps',
  ],
  [
    'targeted: C&C not stopped',
    'targeted-attack',
    { 'malicious-outbound': seen(1, 0) },
    'high',
    'not-stopped',
  ],
  [
    'targeted: mail virus not stopped',
    'targeted-attack',
    { virus: seen(4, 0, [], { 'mail-receive': 4 }) },
    'high',
    'not-stopped',
  ],
  ['insider: nothing', 'insider-leak', {}, 'none', 'no-evidence'],
  ['insider: storage blocked', 'insider-leak', { 'online-storage': seen(10) }, 'low', 'stopped-only'],
  ['insider: storage in use', 'insider-leak', { 'online-storage': seen(10, 0) }, 'medium', 'one-in-use'],
  [
    'insider: storage and remote PCs in use',
    'insider-leak',
    { 'online-storage': seen(10, 3), 'remote-access': seen(1, 0) },
    'high',
    'both-in-use',
  ],
  ['careless: SNS in use', 'careless-leak', { 'sns-webmail': seen(100, 0) }, 'medium', 'one-in-use'],
  ['careless: Baidu blocked', 'careless-leak', { 'risky-input-tool': seen(7) }, 'low', 'stopped-only'],
  [
    'careless: Baidu and SNS in use',
    'careless-leak',
    { 'risky-input-tool': seen(7, 1), 'sns-webmail': seen(3, 0) },
    'high',
    'both-in-use',
  ],
];

describe('rateScenario', () => {
  it.each(cases)('%s', (_name, id, evidence, level, reason) => {
    const r = rateScenario(id, evidence);
    expect(r.level).toBe(level);
    expect(r.reason).toBe(reason);
  });

  it('lists the evidence items with their counts (mail viruses only for targeted attacks)', () => {
    const e: Evidence = {
      virus: { count: 5, stopped: 5, families: [], channels: { web: 3, 'mail-receive': 2 } },
    };
    expect(rateScenario('targeted-attack', e).evidence).toEqual([
      { item: 'virus', count: 2 },
      { item: 'malicious-outbound', count: 0 },
      { item: 'intrusion-inbound', count: 0 },
    ]);
    expect(rateScenario('ransomware', e).evidence.find((x) => x.item === 'virus')?.count).toBe(5);
  });
});
