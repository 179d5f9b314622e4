/**
 * Syslog over UDP: datagrams from a known source reach the store, through the receiver
 * thread and in-thread alike; an LF inside a datagram stays inside its record.
 */
import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { startUdpReceiver, type UdpReceiver } from '../../src/ingest/sources/syslog-udp.js';
import { fortigateLine, type LiveHarness, openLiveHarness, tags } from '../helpers/live-harness.js';

let h: LiveHarness | null = null;
let rx: UdpReceiver | null = null;

afterEach(async () => {
  await rx?.close();
  rx = null;
  await h?.close();
  h = null;
});

async function send(port: number, msgs: readonly string[]): Promise<void> {
  const s = createSocket('udp4');
  for (const m of msgs) await new Promise<void>((r) => s.send(m, port, '127.0.0.1', () => r()));
  s.close();
}

async function flushUntil(r: UdpReceiver, h: LiveHarness, n: number): Promise<void> {
  for (let i = 0; i < 100 && h.pipeline.stats.received < n; i++) {
    await r.flush();
    await new Promise((res) => setTimeout(res, 20));
  }
  await r.flush();
}

describe.each([
  ['receiver thread', false],
  ['in-thread', true],
])('syslog udp (%s)', (_name, inThread) => {
  it('stores every datagram of a known source, one with an LF inside included', async () => {
    h = await openLiveHarness();
    await h.registry.addDevice({ id: 'fw1', tenant: 't1', sources: ['127.0.0.1'] });
    rx = await startUdpReceiver({ host: '127.0.0.1', port: 0, pipeline: h.pipeline, inThread });
    expect(rx.recvBufferBytes).toBeGreaterThan(0);
    const msgs = Array.from({ length: 300 }, (_, i) => `${fortigateLine(`u-${i}`)}\n`);
    msgs.push(fortigateLine('with\nlf'));
    await send(rx.port, msgs);
    await flushUntil(rx, h, msgs.length);
    const got = await h.stored('t1');
    expect(got.events.length + got.quarantined.length).toBe(msgs.length);
    expect(tags(got.events)).toContain('u-299');
    expect(h.pipeline.stats.accepted).toBe(msgs.length);
  });
});
