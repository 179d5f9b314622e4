/**
 * Which side of the UTM a zone or interface name is on. Names are free text chosen by
 * whoever configured the device, so this only recognises the conventional words and
 * vendor defaults; anything else is "don't know" and the addresses decide.
 */

export type Side = 'inside' | 'outside';

// Tokens after trailing digits are stripped ("wan1" → "wan", "LAN2" → "lan").
const OUTSIDE = new Set([
  'wan',
  'untrust',
  'untrusted',
  'outside',
  'external',
  'ext',
  'internet',
  'pppoe',
  'ppp',
  'pp', // Yamaha RTX "PP[01]"
  'isp',
  'uplink',
  'red', // Sophos UTM / IPFire: red = Internet
]);
const INSIDE = new Set([
  'lan',
  'trust',
  'trusted',
  'inside',
  'internal',
  'int',
  'dmz',
  'green', // IPFire / Sophos UTM: green = LAN
  'orange', // IPFire DMZ
  'blue', // IPFire Wi-Fi
  'local',
  'wifi',
  'wlan',
  'vpn',
  'sslvpn',
  'guest',
]);

const cache = new Map<string, Side | null>();
const CACHE_MAX = 4096;

/** Side of one zone / interface name, or null when the name says nothing we know. */
export function sideOfName(name: string | undefined): Side | null {
  if (name === undefined || name.length === 0) return null;
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const side = computeSide(name);
  // Names are few per device; the cap only guards against a parser feeding garbage.
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(name, side);
  return side;
}

function computeSide(name: string): Side | null {
  const tokens = name.toLowerCase().split(/[^a-z0-9]+/);
  for (const raw of tokens) {
    const t = raw.replace(/\d+$/, '');
    if (t.length === 0) continue;
    if (OUTSIDE.has(t)) return 'outside';
    if (INSIDE.has(t)) return 'inside';
  }
  return null;
}

/** Zone first (it is the policy's view), then interface. */
export function sideOf(zone: string | undefined, intf: string | undefined): Side | null {
  return sideOfName(zone) ?? sideOfName(intf);
}
