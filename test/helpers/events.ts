/** Factory for normalized events in tests. */
import { eventWith, type NormalizedEvent } from '../../src/event/event.js';

export function makeEvent(over: Partial<NormalizedEvent> = {}): NormalizedEvent {
  return eventWith({
    ts: '2026-01-15T03:10:00.000Z',
    tenant: 'acme',
    device: 'fw1',
    vendor: 'fortigate',
    kind: 'traffic',
    action: 'allow',
    direction: 'outbound',
    src_ip: '192.168.1.10',
    src_port: 51234,
    dst_ip: '203.0.113.5',
    dst_port: 443,
    proto: 'tcp',
    bytes_in: 100,
    bytes_out: 200,
    severity: 0,
    rule: '1',
    raw: 'raw line',
    ...over,
  });
}
