import { describe, expect, it } from 'vitest';
import type { Direction } from '../../event/event.js';
import type { Hints } from '../parsers/types.js';
import { IN, IN2, OUT, OUT2 } from './classify.test-helper.js';
import { directionOf } from './direction.js';
import { DEFAULT_INTERNAL_NETWORKS, NetworkSet } from './networks.js';
import { sideOfName } from './zones.js';

const internal = NetworkSet.parse(DEFAULT_INTERNAL_NETWORKS);

describe('directionOf', () => {
  const cases: [string, string | null, string | null, Hints, Direction][] = [
    ['outside → inside', OUT, IN, {}, 'inbound'],
    ['inside → outside', IN, OUT, {}, 'outbound'],
    ['inside → inside', IN, IN2, {}, 'internal'],
    ['outside → outside, no hint', OUT, OUT2, {}, 'unknown'],
    ['no addresses', null, null, {}, 'unknown'],
    ['only source known, no hint', IN, null, {}, 'unknown'],
    ['hint wins over addresses', OUT, IN, { direction: 'outbound' }, 'outbound'],
    ['IPv6 ULA → global', 'fd00::5', '2001:db8::1', {}, 'outbound'],
    ['CGN 100.64/10 counts as inside', '100.64.1.1', OUT, {}, 'outbound'],
    ['loopback to inside is internal', '127.0.0.1', IN, {}, 'internal'],
    // Zones break ties.
    ['both public, wan → dmz (public server)', OUT, OUT2, { srcZone: 'wan1', dstZone: 'dmz' }, 'inbound'],
    ['both public, trust → untrust', OUT, OUT2, { srcZone: 'trust', dstZone: 'untrust' }, 'outbound'],
    ['both public, only src zone outside', OUT, OUT2, { srcZone: 'Untrust-L3' }, 'inbound'],
    ['both public, only dst zone outside', OUT, OUT2, { dstZone: 'External' }, 'outbound'],
    ['both public, only src zone inside', OUT, OUT2, { srcIntf: 'lan' }, 'outbound'],
    ['both public, only dst zone inside', OUT, OUT2, { dstIntf: 'internal1' }, 'inbound'],
    ['both public, both zones outside', OUT, OUT2, { srcZone: 'wan1', dstZone: 'wan2' }, 'unknown'],
    ['both public, both zones inside', OUT, OUT2, { srcZone: 'lan', dstZone: 'dmz' }, 'internal'],
    ['both public, unknown zone names', OUT, OUT2, { srcZone: 'port1', dstZone: 'port2' }, 'unknown'],
    [
      'both private, zones differ: ISP router segment on WAN',
      IN,
      IN2,
      { srcZone: 'LAN', dstZone: 'WAN' },
      'outbound',
    ],
    ['both private, same zone side', IN, IN2, { srcZone: 'lan', dstZone: 'lan2' }, 'internal'],
    ['addresses on different sides beat zones', IN, OUT, { srcZone: 'wan', dstZone: 'lan' }, 'outbound'],
    ['src only + dst zone outside', IN, null, { dstZone: 'wan1' }, 'outbound'],
    ['dst only + src interface pppoe', null, IN, { srcIntf: 'pppoe0' }, 'inbound'],
    ['Yamaha PP[01]', null, IN, { srcIntf: 'PP[01]' }, 'inbound'],
    ['no addresses, zones only', null, null, { srcZone: 'trust', dstZone: 'untrust' }, 'outbound'],
    ['interface used when zone is unknown', OUT, OUT2, { srcZone: 'zone-a', srcIntf: 'wan' }, 'inbound'],
  ];
  it.each(cases)('%s', (_name, src, dst, hints, want) => {
    expect(directionOf({ src_ip: src, dst_ip: dst }, hints, internal)).toBe(want);
  });

  it('per-device internal list (public-addressed company)', () => {
    const own = NetworkSet.parse(['203.0.113.0/24']);
    expect(directionOf({ src_ip: '203.0.113.7', dst_ip: '198.51.100.9' }, {}, own)).toBe('outbound');
    expect(directionOf({ src_ip: '192.168.1.1', dst_ip: '203.0.113.7' }, {}, own)).toBe('inbound');
  });
});

describe('sideOfName', () => {
  it.each([
    ['wan', 'outside'],
    ['WAN2', 'outside'],
    ['untrust', 'outside'],
    ['Untrust-L3', 'outside'],
    ['outside', 'outside'],
    ['External', 'outside'],
    ['internet', 'outside'],
    ['pppoe0', 'outside'],
    ['PP[01]', 'outside'],
    ['lan', 'inside'],
    ['LAN1', 'inside'],
    ['trust', 'inside'],
    ['inside', 'inside'],
    ['internal', 'inside'],
    ['internal5', 'inside'],
    ['dmz', 'inside'],
    ['ssl.root', null],
    ['port1', null],
    ['ethernet1/1', null],
    ['', null],
  ])('%j → %s', (name, want) => expect(sideOfName(name)).toBe(want));
});
