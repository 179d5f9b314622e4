/** `otasuke classify`: records → NDJSON normalized events on stdout; bad records summarised on stderr. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Command } from 'commander';
import { DEFAULT_TZ } from '../core/time.js';
import type { NormalizedEvent } from '../event/event.js';
import { processLines } from '../ingest/parse/chunk-processor.js';
import { isGzip } from '../ingest/sources/file-source.js';
import { LineChunker, splitChunk } from '../ingest/sources/line-decode.js';
import { die, parseFormat, parseZone } from './common.js';

interface Opts {
  format: string;
  tz: string;
}

function writeOut(s: string): Promise<void> | null {
  return process.stdout.write(s) ? null : new Promise((r) => process.stdout.once('drain', () => r()));
}

export function registerClassify(program: Command): void {
  program
    .command('classify')
    .description(
      'parse and classify log records; one normalized event (SPEC §3) per record as NDJSON on stdout',
    )
    .argument('[file]', 'log file (plain or .gz); "-" or none reads standard input')
    .option('--format <id>', 'force a format instead of per-record auto-detection', parseFormat, 'auto')
    .option(
      '--tz <zone>',
      'time zone of the device clock for times written without a zone',
      parseZone,
      DEFAULT_TZ,
    )
    .action(async (file: string | undefined, opts: Opts) => {
      let input: Readable;
      if (!file || file === '-') input = process.stdin;
      else {
        if (!existsSync(file) || !statSync(file).isFile()) die(`cannot read ${file}: no such file`);
        try {
          const raw = createReadStream(file);
          input = isGzip(file) ? raw.pipe(createGunzip()) : raw;
        } catch (err) {
          die(`cannot read ${file}: ${(err as Error).message}`);
        }
      }
      const spec = { tenant: '', device: null, tz: opts.tz, format: opts.format };
      const chunker = new LineChunker();
      const reasons = new Map<string, { n: number; sample: string; line: number }>();
      let records = 0;
      let events = 0;
      const run = async (bytes: Buffer): Promise<void> => {
        if (!bytes.length) return;
        const lines = splitChunk(bytes);
        const out: NormalizedEvent[] = [];
        const r = processLines(lines, { spec, nowMs: Date.now(), useNowWhenMissing: true }, out);
        r.quarantine.forEach((q, k) => {
          const key = `${q.code}: ${q.message}`;
          const cur = reasons.get(key);
          if (cur) cur.n++;
          else
            reasons.set(key, { n: 1, sample: q.raw.slice(0, 120), line: records + r.quarantineLines[k] + 1 });
        });
        records += r.records;
        events += out.length;
        let text = '';
        for (const e of out) {
          text += JSON.stringify({ ...e, tenant: null }) + '\n';
        }
        const p = writeOut(text);
        if (p) await p;
      };
      input.on('error', (err) => die(`cannot read ${file ?? 'stdin'}: ${err.message}`));
      for await (const data of input as AsyncIterable<Buffer>) await run(chunker.push(data));
      await run(chunker.end());
      const bad = records - events;
      if (bad > 0) {
        process.stderr.write(`otasuke classify: ${records} records, ${events} events, ${bad} not parsed:\n`);
        for (const [reason, v] of [...reasons.entries()].sort((a, b) => b[1].n - a[1].n)) {
          process.stderr.write(
            `  ${v.n} × ${reason} (first at line ${v.line}: ${JSON.stringify(v.sample)})\n`,
          );
        }
      } else {
        process.stderr.write(`otasuke classify: ${records} records, ${events} events, 0 not parsed\n`);
      }
    });
}
