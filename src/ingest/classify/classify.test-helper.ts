/** Builders shared by the classifier tests. */
import type { NormalizedEvent } from '../../event/event.js';
import type { Hints } from '../parsers/types.js';
import { classify, defaultClassifyContext } from './index.js';

export function makeEvent(over: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return {
    ts: '2024-04-01T00:00:00.000Z',
    tenant: 't1',
    device: 'd1',
    vendor: 'fortigate',
    kind: 'traffic',
    action: 'allow',
    direction: 'unknown',
    src_ip: null,
    src_port: null,
    dst_ip: null,
    dst_port: null,
    proto: null,
    category: null,
    channel: null,
    threat: null,
    threat_family: null,
    url: null,
    domain: null,
    app: null,
    user: null,
    bytes_in: null,
    bytes_out: null,
    severity: null,
    rule: null,
    raw: '',
    ...over,
  };
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
