/**
 * `otasuke export`: the anonymised export for the programme office (docs/sharing.md).
 * Prints a JSON summary on stdout and a line per step on stderr.
 *
 *   otasuke export --data ./data --from 2026-01-01 --to 2026-02-01 --out jan.parquet
 *   otasuke export --data ./data --from 2026-01-01 --to 2026-04-01 --level aggregate --bucket month --out q1.csv
 */
import { existsSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { tokyoMidnight } from '../portal/period.js';
import {
  DEFAULT_K,
  deriveKeys,
  formatOfFile,
  loadExportSecret,
  MAX_K,
  MIN_K,
  runShareExport,
  SHARE_BUCKETS,
  SHARE_FORMATS,
  SHARE_LEVELS,
  type ShareBucket,
  ShareError,
  type ShareExportSummary,
  type ShareFormat,
  type ShareLevel,
} from '../sharing/index.js';
import { companyWords } from '../sharing/known-words.js';
import { openStateDb } from '../storage/state/state-db.js';
import { dataPaths, die, openEventStore, parseIso } from './common.js';

export interface ExportCommandOptions {
  data: string;
  from: string;
  to: string;
  out: string;
  format?: ShareFormat;
  level: ShareLevel;
  k: number;
  bucket: ShareBucket;
  secretFile?: string;
}

/** An instant; a bare date (2026-01-01) is midnight in Japan, the programme's calendar. */
export function parseInstant(v: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m) return new Date(tokyoMidnight(Number(m[1]), Number(m[2]), Number(m[3]))).toISOString();
  return parseIso(v);
}

function oneOf<T extends string>(list: readonly T[]): (v: string) => T {
  return (v) => {
    if ((list as readonly string[]).includes(v)) return v as T;
    throw new InvalidArgumentError(`one of: ${list.join(', ')}`);
  };
}

function parseK(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < MIN_K || n > MAX_K)
    throw new InvalidArgumentError(`a whole number of companies from ${MIN_K} to ${MAX_K}`);
  return n;
}

/** The command without the process around it (tests call this). */
export async function exportCommand(
  opts: ExportCommandOptions,
  io: { log: (line: string) => void; env?: NodeJS.ProcessEnv } = { log: () => undefined },
): Promise<ShareExportSummary> {
  const format = opts.format ?? formatOfFile(opts.out);
  if (!format)
    throw new ShareError(
      'invalid-format',
      '--format csv|parquet, or an --out file ending in .csv or .parquet',
    );
  if (!(Date.parse(opts.from) < Date.parse(opts.to)))
    throw new ShareError('invalid-period', '--to must be after --from');
  const paths = dataPaths(opts.data);
  // before the store: a missing secret file is the operator's to fix, not a half-done export
  const { secret } = loadExportSecret({ dataDir: paths.dir, secretFile: opts.secretFile, env: io.env });
  let words: string[] = [];
  if (existsSync(paths.state)) {
    const db = await openStateDb(paths.state);
    try {
      words = await companyWords(db);
    } finally {
      await db.destroy();
    }
  }
  const store = await openEventStore(opts.data);
  try {
    io.log(`exporting ${opts.level} ${opts.from} … ${opts.to} → ${opts.out}`);
    return await runShareExport(store, deriveKeys(secret), {
      from: opts.from,
      to: opts.to,
      level: opts.level,
      format,
      k: opts.k,
      bucket: opts.bucket,
      file: opts.out,
      knownIdentifiers: words,
      progress: io.log,
    });
  } finally {
    await store.close();
  }
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('anonymised events or counts of a period for the programme office (CSV or Parquet)')
    .requiredOption('--data <dir>', 'data folder', './data')
    .requiredOption(
      '--from <iso>',
      'start (inclusive), ISO-8601; a bare date is midnight in Japan',
      parseInstant,
    )
    .requiredOption('--to <iso>', 'end (exclusive), ISO-8601; a bare date is midnight in Japan', parseInstant)
    .requiredOption('--out <file>', 'file to write (.csv or .parquet); replaced if it exists')
    .option(
      '--format <format>',
      `${SHARE_FORMATS.join(' | ')} (default: from the file name)`,
      oneOf(SHARE_FORMATS),
    )
    .option('--level <level>', `${SHARE_LEVELS.join(' | ')}`, oneOf(SHARE_LEVELS), 'events')
    .option('--k <n>', 'fewest companies a published count or domain must come from', parseK, DEFAULT_K)
    .option(
      '--bucket <bucket>',
      `aggregate level: ${SHARE_BUCKETS.join(' | ')} (Japan calendar)`,
      oneOf(SHARE_BUCKETS),
      'day',
    )
    .option(
      '--secret-file <file>',
      'the pseudonym secret (default: $OTASUKE_EXPORT_SECRET, else DATA/secrets/export.key)',
    )
    .action(async (opts: ExportCommandOptions) => {
      try {
        const summary = await exportCommand(opts, {
          log: (l) => process.stderr.write(`otasuke: export: ${l}\n`),
          env: process.env,
        });
        process.stdout.write(`${JSON.stringify(summary)}\n`);
      } catch (e) {
        // usage problems exit 2, a missing or unreadable secret 1
        if (e instanceof ShareError) die(e.message, e.code.startsWith('secret') ? 1 : 2);
        throw e;
      }
    });
}
