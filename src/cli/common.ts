/** Shared CLI plumbing: usage errors, option validation, data folder paths. */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { isValidZone } from '../core/time.js';
import { FORMAT_IDS } from '../ingest/parsers/registry.js';
import { DuckDbEventStore } from '../storage/events/duckdb/duckdb-store.js';

export function parseFormat(v: string): string {
  if (v === 'auto' || FORMAT_IDS.includes(v)) return v;
  throw new InvalidArgumentError(`unknown format; one of: auto, ${FORMAT_IDS.join(', ')}`);
}

export function parseZone(v: string): string {
  if (isValidZone(v)) return v;
  throw new InvalidArgumentError('not an IANA time zone (e.g. Asia/Tokyo, UTC)');
}

export function parseIso(v: string): string {
  const ms = Date.parse(v);
  if (Number.isNaN(ms))
    throw new InvalidArgumentError('not an ISO-8601 date/time (e.g. 2026-01-01T00:00:00+09:00)');
  return new Date(ms).toISOString();
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export function parseId(v: string): string {
  if (ID.test(v)) return v;
  throw new InvalidArgumentError('letters, digits, ".", "_" and "-" only, at most 64 characters');
}

export function dataPaths(dir: string): { dir: string; events: string; state: string } {
  const d = resolve(dir);
  return { dir: d, events: join(d, 'events.duckdb'), state: join(d, 'state.sqlite') };
}

/** Opens the data folder's event store; a clear error when a running server holds it. */
export async function openEventStore(dir: string): Promise<DuckDbEventStore> {
  const p = dataPaths(dir);
  mkdirSync(p.dir, { recursive: true });
  try {
    return await DuckDbEventStore.open({ path: p.events });
  } catch (err) {
    const msg = (err as Error).message;
    if (/lock/i.test(msg)) {
      const pid = /PID (\d+)/.exec(msg)?.[1];
      die(
        `the data folder ${p.dir} is in use by a running otasuke${pid ? ` (pid ${pid})` : ''}: ` +
          'stop it first, or send logs to its syslog / HTTP ingest ports',
      );
    }
    die(`cannot open the event store in ${p.dir}: ${msg}`);
  }
}

/** A usage or file error: message on stderr, non-zero exit. */
export function die(message: string, code = 1): never {
  process.stderr.write(`otasuke: ${message}\n`);
  process.exit(code);
}
