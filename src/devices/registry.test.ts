/** The registry over every state backend: commands, repo, unassigned sources, health, silence. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BACKENDS } from './backends.test-helper.js';
import { DeviceError } from './errors.js';
import { presentDevice } from './present.js';
import { DeviceRegistry } from './registry.js';

const T0 = Date.UTC(2026, 0, 15, 3, 0, 0);
const MIN = 60_000;
const HOUR = 60 * MIN;

async function codeOf(p: Promise<unknown>): Promise<{ code: string; field?: string }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DeviceError) return { code: e.code, field: e.field };
    throw e;
  }
  throw new Error('expected a DeviceError');
}

for (const backend of BACKENDS) {
  const title = `DeviceRegistry on ${backend.name}${backend.skip ? ` (skipped: ${backend.skip})` : ''}`;
  describe.skipIf(backend.skip !== null)(title, () => {
    let now = T0;
    let reg: DeviceRegistry;
    let dispose: () => Promise<void>;

    beforeEach(async () => {
      now = T0;
      const opened = await backend.open();
      dispose = opened.dispose;
      reg = await DeviceRegistry.open(opened.db, {
        now: () => now,
        flushIntervalMs: 0,
        refreshIntervalMs: 0,
      });
    });
    afterEach(async () => {
      await reg.close();
      await dispose();
    });

    it('adds a device with defaults and shows its token once, storing only a hash', async () => {
      const { device, token } = await reg.addDevice({ id: 'fw1', tenant: 'acme', sources: ['192.0.2.10'] });
      expect(token).toMatch(/^otk_[A-Za-z0-9_-]{32}$/);
      expect(device).toMatchObject({
        id: 'fw1',
        tenant: 'acme',
        format: 'auto',
        timezone: 'Asia/Tokyo',
        sources: ['192.0.2.10'],
        internalNetworks: null,
        enabled: true,
        silentAfterMs: 2 * HOUR,
        hasToken: true,
        createdAt: T0,
      });
      const shown = JSON.stringify(presentDevice(device));
      expect(shown).not.toContain(token);
      const row = await reg.db.selectFrom('devices').select('token_hash').executeTakeFirstOrThrow();
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(reg.resolve({ address: '198.51.100.1', hostname: null, token })?.id).toBe('fw1');
    });

    it('canonicalises sources, host names and fingerprints', async () => {
      const fp = 'AB:'.repeat(31) + 'AB';
      const { device } = await reg.addDevice({
        id: 'fw1',
        tenant: 'acme',
        sources: ['192.0.2.77/24', '2001:DB8:0:0::1', '203.0.113.5/32'],
        hostnames: ['FW-Osaka.example.jp.'],
        tls_fingerprint: fp,
        internal_networks: ['10.1.0.0/16'],
        format: 'fortigate',
        timezone: 'UTC',
        silent_after_minutes: 30,
      });
      expect(device.sources.sort()).toEqual(['192.0.2.0/24', '2001:db8::1', '203.0.113.5']);
      expect(device.hostnames).toEqual(['fw-osaka.example.jp']);
      expect(device.tlsFingerprint).toBe('ab'.repeat(32));
      expect(device.silentAfterMs).toBe(30 * MIN);
    });

    it('refuses bad input naming the field, duplicate ids and taken sources', async () => {
      await reg.addDevice({
        id: 'fw1',
        tenant: 'acme',
        sources: ['192.0.2.10'],
        hostnames: ['fw1.example.jp'],
      });
      expect(await codeOf(reg.addDevice({ id: 'fw1', tenant: 'other' }))).toEqual({
        code: 'device-exists',
        field: 'id',
      });
      expect(
        await codeOf(reg.addDevice({ id: 'fw2', tenant: 'other', sources: ['192.0.2.10'] })),
      ).toMatchObject({
        code: 'source-taken',
      });
      expect(
        await codeOf(reg.addDevice({ id: 'fw2', tenant: 'o', hostnames: ['FW1.example.jp'] })),
      ).toMatchObject({
        code: 'source-taken',
        field: 'hostnames',
      });
      const bad: [Record<string, unknown>, string][] = [
        [{ id: 'bad id', tenant: 't' }, 'id'],
        [{ id: 'd', tenant: '' }, 'tenant'],
        [{ id: 'd', tenant: 't', sources: ['10.0.0.0/33'] }, 'sources.0'],
        [{ id: 'd', tenant: 't', sources: ['192.0.2.1', '300.1.1.1'] }, 'sources.1'],
        [{ id: 'd', tenant: 't', hostnames: ['not a host'] }, 'hostnames.0'],
        [{ id: 'd', tenant: 't', timezone: 'Mars/Olympus' }, 'timezone'],
        [{ id: 'd', tenant: 't', format: 'nope' }, 'format'],
        [{ id: 'd', tenant: 't', internal_networks: ['10.0.0.0/99'] }, 'internal_networks.0'],
        [{ id: 'd', tenant: 't', tls_fingerprint: 'abc' }, 'tls_fingerprint'],
        [{ id: 'd', tenant: 't', silent_after_minutes: 1 }, 'silent_after_minutes'],
        [{ id: 'd', tenant: 't', colour: 'red' }, 'colour'],
      ];
      for (const [input, field] of bad) {
        expect(await codeOf(reg.addDevice(input as never)), JSON.stringify(input)).toEqual({
          code: 'invalid-input',
          field,
        });
      }
      expect(await reg.listDevices()).toHaveLength(1);
    });

    it('lists and reads tenant first', async () => {
      await reg.addDevice({ id: 'a1', tenant: 'acme' });
      await reg.addDevice({ id: 'b1', tenant: 'beta' });
      expect((await reg.listDevices()).map((d) => d.id)).toEqual(['a1', 'b1']);
      expect((await reg.listDevices('beta')).map((d) => d.id)).toEqual(['b1']);
      expect(await reg.getDevice('a1', 'beta')).toBeNull();
      expect((await reg.getDevice('a1', 'acme'))?.tenant).toBe('acme');
      expect(await reg.getDevice('zz')).toBeNull();
      expect(await codeOf(reg.updateDevice('a1', { enabled: false }, 'beta'))).toMatchObject({
        code: 'device-not-found',
      });
      expect(await codeOf(reg.rotateToken('a1', 'beta'))).toMatchObject({ code: 'device-not-found' });
    });

    it('updates a device, replacing sources and host names independently', async () => {
      await reg.addDevice({ id: 'fw1', tenant: 'acme', sources: ['192.0.2.10'], hostnames: ['fw1'] });
      now += MIN;
      const d = await reg.updateDevice('fw1', { sources: ['192.0.2.11', '192.0.2.11'], enabled: false });
      expect(d).toMatchObject({
        sources: ['192.0.2.11'],
        hostnames: ['fw1'],
        enabled: false,
        updatedAt: T0 + MIN,
      });
      expect(reg.resolve({ address: '192.0.2.10', hostname: null })).toBeNull();
      expect(reg.resolve({ address: '192.0.2.11', hostname: null })).toMatchObject({
        id: 'fw1',
        enabled: false,
      });
      const d2 = await reg.updateDevice('fw1', {
        hostnames: [],
        internal_networks: ['10.9.0.0/16'],
        timezone: 'UTC',
      });
      expect(d2).toMatchObject({ sources: ['192.0.2.11'], hostnames: [], internalNetworks: ['10.9.0.0/16'] });
      expect(reg.resolve({ address: '192.0.2.11', hostname: null })?.profile).toEqual({
        tenant: 'acme',
        device: 'fw1',
        tz: 'UTC',
        format: 'auto',
        internal: ['10.9.0.0/16'],
      });
      expect(await codeOf(reg.updateDevice('fw1', {}))).toMatchObject({ code: 'invalid-input' });
      expect(await codeOf(reg.updateDevice('fw1', { tenant: 'x' } as never))).toEqual({
        code: 'invalid-input',
        field: 'tenant',
      });
    });

    it('rotates the token: the old one stops working at once', async () => {
      const { token } = await reg.addDevice({ id: 'fw1', tenant: 'acme' });
      const fresh = await reg.rotateToken('fw1');
      expect(fresh).not.toBe(token);
      expect(reg.resolve({ address: '127.0.0.1', hostname: null, token })).toBeNull();
      expect(reg.resolve({ address: '127.0.0.1', hostname: null, token: fresh })?.id).toBe('fw1');
    });

    it('keeps unknown sources with at most 5 recent samples, and assigns them to a device', async () => {
      const src = { address: '::ffff:203.0.113.9', hostname: 'branch-fw' };
      expect(reg.resolve(src)).toBeNull();
      reg.noteUnassigned(src, ['l1', 'l2', 'l3'], T0);
      reg.noteUnassigned(src, ['l4', 'l5', 'l6', 'l7'], T0 + MIN);
      await reg.flush();
      reg.noteUnassigned(src, ['l8'], T0 + 2 * MIN);
      const [u] = await reg.listUnassigned();
      expect(u).toEqual({
        address: '203.0.113.9',
        hostname: 'branch-fw',
        firstSeenAt: T0,
        lastSeenAt: T0 + 2 * MIN,
        count: 8,
        samples: ['l4', 'l5', 'l6', 'l7', 'l8'],
      });
      await reg.addDevice({ id: 'fw1', tenant: 'acme' });
      expect(await codeOf(reg.assignUnassigned('198.51.100.1', 'fw1'))).toMatchObject({
        code: 'unassigned-not-found',
      });
      expect(await codeOf(reg.assignUnassigned('203.0.113.9', 'nope'))).toMatchObject({
        code: 'device-not-found',
      });
      expect(await codeOf(reg.assignUnassigned('203.0.113.9', 'fw1', 'beta'))).toMatchObject({
        code: 'device-not-found',
      });
      const out = await reg.assignUnassigned('203.0.113.9', 'fw1');
      expect(out.device.sources).toEqual(['203.0.113.9']);
      expect(out.source.samples).toHaveLength(5);
      expect(reg.resolve(src)?.id).toBe('fw1');
      expect(await reg.listUnassigned()).toEqual([]);
    });

    it('reports health: last seen, last hour, 24 hourly slots, errors', async () => {
      await reg.addDevice({ id: 'fw1', tenant: 'acme' });
      await reg.addDevice({ id: 'fw2', tenant: 'beta' });
      reg.noteSeen('fw1', { records: 100, errors: 2 }, T0 - 3 * HOUR);
      reg.noteSeen('fw1', { records: 10, errors: 1 }, T0 - 30 * MIN);
      reg.noteSeen('fw1', { records: 5, errors: 0 }, T0);
      reg.noteSeen('ghost', { records: 5, errors: 0 }, T0); // unknown ids are ignored
      const [h] = await reg.health('acme', T0 + 10 * MIN);
      expect(h).toMatchObject({
        device: 'fw1',
        tenant: 'acme',
        lastSeenAt: T0,
        silent: false,
        recordsLastHour: 15,
        errorsLastHour: 1,
        records24h: 115,
        errors24h: 3,
      });
      expect(h.hourly).toHaveLength(24);
      expect(h.hourly[23]).toEqual({ hour: T0, records: 5, errors: 0 });
      expect(h.hourly[22]).toEqual({ hour: T0 - HOUR, records: 10, errors: 1 });
      expect(h.hourly[20]).toEqual({ hour: T0 - 3 * HOUR, records: 100, errors: 2 });
      expect((await reg.health(undefined, T0)).map((x) => x.device)).toEqual(['fw1', 'fw2']);
      expect(await reg.deviceHealth('fw1', 'beta')).toBeNull();
      expect((await reg.getDevice('fw1'))?.lastSeenAt).toBe(T0);
    });

    it('raises device-silent once, clears it when logs resume, and clears for a disabled device', async () => {
      await reg.addDevice({ id: 'fw1', tenant: 'acme', silent_after_minutes: 60 });
      await reg.addDevice({ id: 'fw2', tenant: 'beta', silent_after_minutes: 600 });
      reg.noteSeen('fw1', { records: 1, errors: 0 }, T0);
      reg.noteSeen('fw2', { records: 1, errors: 0 }, T0);
      expect(await reg.checkSilence(T0 + 59 * MIN)).toEqual({ raised: [], cleared: [] });
      const first = await reg.checkSilence(T0 + 61 * MIN);
      expect(first.raised.map((a) => [a.device, a.tenant, a.status])).toEqual([['fw1', 'acme', 'open']]);
      expect(first.raised[0].detail).toEqual({ lastSeenAt: T0, silentAfterMs: HOUR });
      expect(await reg.checkSilence(T0 + 90 * MIN)).toEqual({ raised: [], cleared: [] });
      expect(await reg.listAlerts('beta')).toEqual([]);
      expect(await reg.listAlerts('acme', 'open')).toHaveLength(1);

      reg.noteSeen('fw1', { records: 3, errors: 0 }, T0 + 100 * MIN);
      const back = await reg.checkSilence(T0 + 101 * MIN);
      expect(back.cleared.map((a) => [a.device, a.status, a.clearedAt])).toEqual([
        ['fw1', 'cleared', T0 + 101 * MIN],
      ]);
      expect(await reg.listAlerts(undefined, 'open')).toEqual([]);

      const again = await reg.checkSilence(T0 + 200 * MIN);
      expect(again.raised.map((a) => a.device)).toEqual(['fw1']);
      await reg.updateDevice('fw1', { enabled: false });
      const off = await reg.checkSilence(T0 + 201 * MIN);
      expect(off.cleared[0].detail.reason).toBe('disabled');
      expect((await reg.listAlerts('acme')).map((a) => a.status)).toEqual(['cleared', 'cleared']);
    });

    it('sees changes made by another process after refresh()', async () => {
      const other = await DeviceRegistry.open(reg.db, { flushIntervalMs: 0, refreshIntervalMs: 0 });
      await other.addDevice({ id: 'fw9', tenant: 'acme', sources: ['198.51.100.0/24'] });
      expect(reg.resolve({ address: '198.51.100.20', hostname: null })).toBeNull();
      await reg.refresh();
      expect(reg.resolve({ address: '198.51.100.20', hostname: null })?.id).toBe('fw9');
      await other.close();
    });
  });
}
