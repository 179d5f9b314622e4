/**
 * The anonymised export for the programme office (SPEC §6.12): events or aggregates of
 * a period, as CSV or Parquet, with identities removed (src/sharing/policy.ts). The
 * distinct values of the identifying columns are read once, anonymised here, and handed
 * to the store as value maps; the store writes the rows itself.
 *
 * The file is written next to its final name and renamed when complete, so a failed
 * export never leaves a file that looks finished.
 */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, statSync } from 'node:fs';
import type { EventStore } from '../storage/events/event-store.js';
import { MAX_K, MIN_K, ShareError, type ShareExportOptions, type ShareExportSummary } from './model.js';
import {
  COUNT_DIMS,
  EVENT_COLUMNS,
  identifyingWords,
  loadDomainMap,
  loadIdentityMaps,
  loadIpMap,
  loadTextMaps,
  loadTokenMap,
  type PolicyContext,
  readPeriodValues,
} from './policy.js';
import type { ShareKeys } from './pseudonym.js';
import { IdentifierMatcher } from './scrub.js';

function checkOptions(o: ShareExportOptions): void {
  const from = Date.parse(o.from);
  const to = Date.parse(o.to);
  if (Number.isNaN(from) || Number.isNaN(to) || !(from < to))
    throw new ShareError('invalid-period', 'the period needs a start before its end');
  if (!Number.isInteger(o.k) || o.k < MIN_K || o.k > MAX_K)
    throw new ShareError('invalid-k', `k must be a whole number from ${MIN_K} to ${MAX_K}`);
}

const fmt = (n: number) => n.toLocaleString('en-US');

export async function runShareExport(
  store: EventStore,
  keys: ShareKeys,
  o: ShareExportOptions,
): Promise<ShareExportSummary> {
  checkOptions(o);
  const t0 = performance.now();
  const progress = o.progress ?? (() => undefined);
  const partial = `${o.file}.partial-${randomBytes(4).toString('hex')}`;
  const out = { file: partial, format: o.format, parquetCompression: o.parquetCompression };
  const session = await store.openShareSession({ from: o.from, to: o.to });
  let events: number;
  let withheld: ShareExportSummary['withheld'] = null;
  let domainsRemoved = 0;
  let companies: number;
  try {
    const values = await readPeriodValues(session, o.level);
    companies = values.tenants.length;
    progress(`${fmt(companies)} companies, ${fmt(values.devices.length)} devices in the period`);
    const ctx: PolicyContext = {
      session,
      keys,
      known: new IdentifierMatcher(identifyingWords(values, o.knownIdentifiers)),
      k: o.k,
      progress,
    };
    await loadTokenMap(ctx);
    if (o.level === 'events') {
      await loadIdentityMaps(ctx, values);
      await loadIpMap(ctx, values.ips);
      await loadTextMaps(ctx);
      domainsRemoved = await loadDomainMap(ctx, values.hosts);
      progress(`writing events (${o.format})`);
      events = await session.writeEvents(EVENT_COLUMNS, out);
    } else {
      progress(`counting per ${o.bucket} (${o.format}), cells of fewer than ${o.k} companies withheld`);
      const r = await session.writeCounts({ bucket: o.bucket, dims: COUNT_DIMS, minTenants: o.k }, out);
      events = r.events;
      withheld = { cells: r.withheldCells, events: r.withheldEvents };
    }
    renameSync(partial, o.file);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    await session.close();
  }
  const summary: ShareExportSummary = {
    level: o.level,
    format: o.format,
    from: o.from,
    to: o.to,
    k: o.k,
    bucket: o.level === 'aggregate' ? o.bucket : null,
    events,
    companies,
    withheld,
    domains_removed: domainsRemoved,
    file: o.file,
    bytes: statSync(o.file).size,
    seconds: Math.round(performance.now() - t0) / 1000,
  };
  progress(`wrote ${fmt(events)} ${o.level === 'events' ? 'events' : 'counted events'} to ${o.file}`);
  return summary;
}
