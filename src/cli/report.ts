/**
 * `otasuke report`: a company's diagnostic report as PDF, or with --programme the
 * programme-wide results report as PDF or CSV, straight from a data folder.
 *   otasuke report --data DIR --tenant T --from 2026-10-01 --to 2026-11-01 --out r.pdf
 *   otasuke report --programme --data DIR --from … --to … --out results.pdf|results.csv
 * Bare dates are midnight in Tokyo; without --from/--to (or --month) the last whole month.
 */
import { writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { getCompany } from '../accounts/companies-repo.js';
import { openDeviceRegistry } from '../devices/index.js';
import type { DeviceRegistry } from '../devices/registry.js';
import { tokyoDate, tokyoMidnight } from '../portal/period.js';
import { gatherCompanyReport, hasEvents, renderCompanyReport } from '../reports/company/index.js';
import { programmeReportCsv } from '../reports/programme/csv.js';
import { gatherProgrammeReport } from '../reports/programme/gather.js';
import { renderProgrammeReport } from '../reports/programme/render.js';
import { dataPaths, die, openEventStore, parseId } from './common.js';

interface Opts {
  data: string;
  tenant?: string;
  programme?: boolean;
  from?: number;
  to?: number;
  month?: { from: number; to: number };
  out: string;
  lang: 'ja' | 'en';
  format?: 'pdf' | 'csv';
}

/** An ISO instant, or a bare date read as midnight in Tokyo. */
export function parseReportDate(v: string): number {
  const bare = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (bare) return tokyoMidnight(Number(bare[1]), Number(bare[2]), Number(bare[3]));
  const ms = Date.parse(v);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(v))
    throw new InvalidArgumentError('a date (2026-10-01, midnight in Tokyo) or an ISO-8601 time');
  return ms;
}

function parseMonth(v: string): { from: number; to: number } {
  const m = /^(\d{4})-(\d{2})$/.exec(v);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new InvalidArgumentError('a month such as 2026-10');
  const y = Number(m[1]);
  const mo = Number(m[2]);
  return { from: tokyoMidnight(y, mo), to: mo === 12 ? tokyoMidnight(y + 1, 1) : tokyoMidnight(y, mo + 1) };
}

function parseLang(v: string): 'ja' | 'en' {
  if (v === 'ja' || v === 'en') return v;
  throw new InvalidArgumentError('ja or en');
}

function parseFormat(v: string): 'pdf' | 'csv' {
  if (v === 'pdf' || v === 'csv') return v;
  throw new InvalidArgumentError('pdf or csv');
}

/** The last whole calendar month in Tokyo before `nowMs`. */
export function lastMonth(nowMs: number): { from: number; to: number } {
  const { y, m } = tokyoDate(nowMs);
  const to = tokyoMidnight(y, m);
  return m === 1 ? { from: tokyoMidnight(y - 1, 12), to } : { from: tokyoMidnight(y, m - 1), to };
}

function periodOf(o: Opts): { from: number; to: number } {
  if (o.month && (o.from !== undefined || o.to !== undefined))
    die('give --month or --from/--to, not both', 2);
  const p = o.month ?? (o.from === undefined && o.to === undefined ? lastMonth(Date.now()) : null);
  if (p) return p;
  if (o.from === undefined || o.to === undefined) die('give both --from and --to (or --month)', 2);
  if (!(o.from < o.to)) die('--to must be after --from', 2);
  if (o.to - o.from > 400 * 86_400_000) die('a report covers at most 13 months', 2);
  return { from: o.from, to: o.to };
}

function step(msg: string): void {
  process.stderr.write(`otasuke report: ${msg}\n`);
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      "a company's diagnostic report (PDF), or with --programme the programme's results (PDF or CSV)",
    )
    .requiredOption('--data <dir>', 'data folder', './data')
    .option('--tenant <id>', 'the company', parseId)
    .option('--programme', 'the programme-wide results report instead of one company')
    .option('--from <date>', 'start (inclusive): 2026-10-01 (Tokyo) or ISO-8601', parseReportDate)
    .option('--to <date>', 'end (exclusive): 2026-11-01 (Tokyo) or ISO-8601', parseReportDate)
    .option('--month <yyyy-mm>', 'a calendar month instead of --from/--to', parseMonth)
    .requiredOption('--out <file>', 'where to write the report (.pdf, or .csv with --programme)')
    .option('--lang <ja|en>', 'language of the report', parseLang, 'ja')
    .option('--format <pdf|csv>', 'output format (default: from the file name)', parseFormat)
    .action(async (opts: Opts) => {
      if (!!opts.tenant === !!opts.programme) die('give --tenant <id> or --programme', 2);
      const format = opts.format ?? (extname(opts.out).toLowerCase() === '.csv' ? 'csv' : 'pdf');
      if (format === 'csv' && !opts.programme) die('a company report is a PDF; CSV is for --programme', 2);
      const period = periodOf(opts);
      const started = performance.now();
      const store = await openEventStore(opts.data);
      let registry: DeviceRegistry | null = null;
      try {
        registry = await openDeviceRegistry(dataPaths(opts.data).state, {
          flushIntervalMs: 0,
          refreshIntervalMs: 0,
        });
        const deps = { store, db: registry.db, registry };
        let bytes: Uint8Array | string;
        let pages: number | null = null;
        if (opts.tenant) {
          const tenant = opts.tenant;
          if (
            !(await getCompany(registry.db, tenant)) &&
            (await registry.listDevices(tenant)).length === 0 &&
            !(await hasEvents(store, tenant))
          )
            die(`no company "${tenant}" in ${dataPaths(opts.data).dir} (no record, no UTM, no logs)`);
          step(`gathering ${tenant}…`);
          const data = await gatherCompanyReport(deps, {
            tenant,
            ...period,
            lang: opts.lang,
            kind: 'on-demand',
          });
          step('drawing the PDF…');
          const r = await renderCompanyReport(data);
          bytes = r.pdf;
          pages = r.pages;
        } else {
          step('gathering the programme…');
          const data = await gatherProgrammeReport(deps, { ...period, lang: opts.lang });
          if (format === 'csv') bytes = programmeReportCsv(data);
          else {
            step('drawing the PDF…');
            const r = await renderProgrammeReport(data);
            bytes = r.pdf;
            pages = r.pages;
          }
        }
        const out = resolve(opts.out);
        writeFileSync(out, bytes);
        process.stdout.write(
          `${JSON.stringify({
            file: out,
            format,
            tenant: opts.tenant ?? null,
            from: new Date(period.from).toISOString(),
            to: new Date(period.to).toISOString(),
            lang: opts.lang,
            pages,
            bytes: typeof bytes === 'string' ? Buffer.byteLength(bytes) : bytes.byteLength,
            seconds: Math.round(performance.now() - started) / 1000,
          })}\n`,
        );
      } finally {
        await registry?.close();
        await store.close();
      }
    });
}
