/** Builders shared by the classifier tests. */
import { eventWith, type NormalizedEvent } from '../../event/event.js';
import type { Hints } from '../parsers/types.js';
import { classify, defaultClassifyContext } from './index.js';

export function makeEvent(over: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return eventWith({
    ts: '2024-04-01T00:00:00.000Z',
    tenant: 't1',
    device: 'd1',
    vendor: 'fortigate',
    kind: 'traffic',
    action: 'allow',
    ...over,
  });
}

const ctx = defaultClassifyContext();

/** Classifies with the shipped content and the default internal networks. */
export function run(over: Partial<NormalizedEvent>, hints: Hints = {}): NormalizedEvent {
  const ev = makeEvent(over);
  classify(ev, hints, ctx);
  return ev;
}

/** Documentation / RFC 1918 addresses used throughout. */
export const IN = '192.168.1.10';
export const IN2 = '10.0.0.5';
export const OUT = '203.0.113.7';
export const OUT2 = '198.51.100.9';
