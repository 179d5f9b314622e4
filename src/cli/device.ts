/**
 * `otasuke device …`: the device registry from the command line (add, list, token,
 * unassigned, assign). Output is JSON except `list`/`unassigned` on a terminal, which
 * print a table. Exit 2 for usage and invalid input, 1 for other failures.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULT_TZ } from '../core/time.js';
import { DeviceError, openDeviceRegistry, presentDevice, presentUnassigned } from '../devices/index.js';
import type { DeviceRegistry } from '../devices/registry.js';
import { openPostgresRegistry } from '../scale/backends.js';
import { loadScaleConfig, type ScaleConfig } from '../scale/config.js';
import { dataPaths, die, parseFormat, parseId, parseZone } from './common.js';

const collect = (v: string, prev: string[]): string[] => [...prev, v];

function parseMinutes(v: string): number {
  if (!/^\d{1,6}$/.test(v)) throw new InvalidArgumentError('a whole number of minutes');
  return Number(v);
}

async function withRegistry<T>(
  where: { data: string; config?: string },
  run: (r: DeviceRegistry) => Promise<T>,
): Promise<T> {
  let registry: DeviceRegistry | undefined;
  try {
    const opts = { flushIntervalMs: 0, refreshIntervalMs: 0 };
    if (where.config !== undefined) {
      let config: ScaleConfig;
      try {
        config = loadScaleConfig(where.config);
      } catch (e) {
        die((e as Error).message, 2);
      }
      registry = await openPostgresRegistry(config, opts);
    } else registry = await openDeviceRegistry(dataPaths(where.data).state, opts);
    return await run(registry);
  } catch (e) {
    if (e instanceof DeviceError) die(e.message, e.code === 'invalid-input' ? 2 : 1);
    throw e;
  } finally {
    await registry?.close();
  }
}

function printJson(v: unknown): void {
  process.stdout.write(JSON.stringify(v, null, process.stdout.isTTY ? 2 : undefined) + '\n');
}

function printTable(rows: Record<string, string>[], columns: string[]): void {
  if (rows.length === 0) {
    process.stdout.write('(none)\n');
    return;
  }
  const width = columns.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((s, i) => s.padEnd(width[i]))
      .join('  ')
      .trimEnd() + '\n';
  process.stdout.write(line(columns.map((c) => c.toUpperCase())));
  for (const r of rows) process.stdout.write(line(columns.map((c) => r[c] ?? '')));
}

interface AddOpts {
  data: string;
  config?: string;
  tenant: string;
  id: string;
  source: string[];
  hostname: string[];
  format: string;
  tz: string;
  internal: string[];
  silentAfterMinutes?: number;
  fingerprint?: string;
  disabled?: boolean;
}

export function registerDevice(program: Command): void {
  const device = program.command('device').description('register UTMs and manage their ingest credentials');

  device
    .command('add')
    .description('register a device; prints it as JSON with its new ingest token (shown only now)')
    .requiredOption('--data <dir>', 'data folder', './data')
    .option('--config <file>', "scale-out: the deployment's config file (devices live in its PostgreSQL)")
    .requiredOption('--tenant <id>', 'company the device belongs to', parseId)
    .requiredOption('--id <id>', 'device id (unique)', parseId)
    .option('--source <addr>', 'source IP address or CIDR block (repeatable)', collect, [])
    .option('--hostname <name>', 'syslog host name (repeatable)', collect, [])
    .option('--format <id>', 'log format, or auto-detection', parseFormat, 'auto')
    .option('--tz <zone>', 'time zone of the device clock', parseZone, DEFAULT_TZ)
    .option('--internal <cidr>', 'internal network (repeatable; default: private ranges)', collect, [])
    .option('--silent-after-minutes <n>', 'alert when silent this long (default 120)', parseMinutes)
    .option('--fingerprint <sha256>', 'require this TLS client certificate (SHA-256 fingerprint)')
    .option('--disabled', 'register without accepting its records yet')
    .action(async (o: AddOpts) => {
      await withRegistry(o, async (r) => {
        const { device: d, token } = await r.addDevice({
          id: o.id,
          tenant: o.tenant,
          sources: o.source,
          hostnames: o.hostname,
          format: o.format,
          timezone: o.tz,
          internal_networks: o.internal.length > 0 ? o.internal : null,
          ...(o.silentAfterMinutes !== undefined ? { silent_after_minutes: o.silentAfterMinutes } : {}),
          ...(o.fingerprint !== undefined ? { tls_fingerprint: o.fingerprint } : {}),
          enabled: !o.disabled,
        });
        printJson({ ...presentDevice(d), token });
      });
    });

  device
    .command('list')
    .description('list devices (a table on a terminal, JSON otherwise)')
    .requiredOption('--data <dir>', 'data folder', './data')
    .option('--config <file>', "scale-out: the deployment's config file (devices live in its PostgreSQL)")
    .option('--tenant <id>', 'only this company', parseId)
    .option('--json', 'JSON even on a terminal')
    .action(async (o: { data: string; config?: string; tenant?: string; json?: boolean }) => {
      await withRegistry(o, async (r) => {
        const devices = (await r.listDevices(o.tenant)).map(presentDevice);
        if (o.json || !process.stdout.isTTY) return printJson(devices);
        printTable(
          devices.map((d) => ({
            id: d.id,
            tenant: d.tenant,
            format: d.format,
            sources: [...d.sources, ...d.hostnames].join(',') || '-',
            tz: d.timezone,
            enabled: d.enabled ? 'yes' : 'no',
            last_seen: d.last_seen_at ?? 'never',
          })),
          ['id', 'tenant', 'format', 'sources', 'tz', 'enabled', 'last_seen'],
        );
      });
    });

  device
    .command('token')
    .description('issue a new ingest token for a device (the old one stops working); prints only the token')
    .argument('<device>', 'device id', parseId)
    .requiredOption('--data <dir>', 'data folder', './data')
    .option('--config <file>', "scale-out: the deployment's config file (devices live in its PostgreSQL)")
    .action(async (id: string, o: { data: string; config?: string }) => {
      await withRegistry(o, async (r) => {
        process.stdout.write((await r.rotateToken(id)) + '\n');
      });
    });

  device
    .command('unassigned')
    .description('sources sending records that no device claims (a table on a terminal, JSON otherwise)')
    .requiredOption('--data <dir>', 'data folder', './data')
    .option('--config <file>', "scale-out: the deployment's config file (devices live in its PostgreSQL)")
    .option('--json', 'JSON even on a terminal')
    .action(async (o: { data: string; config?: string; json?: boolean }) => {
      await withRegistry(o, async (r) => {
        const list = (await r.listUnassigned()).map(presentUnassigned);
        if (o.json || !process.stdout.isTTY) return printJson(list);
        printTable(
          list.map((u) => ({
            address: u.address,
            hostname: u.hostname ?? '-',
            count: String(u.count),
            first_seen: u.first_seen_at ?? '',
            last_seen: u.last_seen_at ?? '',
            sample: (u.samples.at(-1) ?? '').slice(0, 60),
          })),
          ['address', 'hostname', 'count', 'first_seen', 'last_seen', 'sample'],
        );
      });
    });

  device
    .command('assign')
    .description('assign an unassigned source address to a device; its later records are ingested')
    .argument('<address>', 'source address from `device unassigned`')
    .argument('<device>', 'device id', parseId)
    .requiredOption('--data <dir>', 'data folder', './data')
    .option('--config <file>', "scale-out: the deployment's config file (devices live in its PostgreSQL)")
    .action(async (address: string, id: string, o: { data: string; config?: string }) => {
      await withRegistry(o, async (r) => {
        const { device: d, source } = await r.assignUnassigned(address, id);
        // The CLI has no live pipeline to replay into; the running server's API route does.
        printJson({
          device: presentDevice(d),
          assigned: source.address,
          samples: source.samples.length,
          replayed: null,
        });
      });
    });
}
