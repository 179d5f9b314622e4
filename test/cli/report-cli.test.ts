/**
 * `otasuke report` as a user runs it (the built bin/otasuke.js; npm test builds first):
 * logs imported into a data folder, then a company's PDF and the programme's PDF and CSV.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_POPPLER, pdfText } from '../helpers/poppler.js';

const BIN = resolve(import.meta.dirname, '../../bin/otasuke.js');
const dir = mkdtempSync(join(tmpdir(), 'otasuke-report-cli-'));
const data = join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
}

const fg = (day: string, time: string, rest: string) =>
  `date=${day} time=${time} devname="FG60F" devid="FGT60F" logid="0211008192" level="warning" vd="root" ${rest}`;
const LINES = [
  fg(
    '2026-10-15',
    '10:00:00',
    'type="utm" subtype="virus" eventtype="infected" srcip=203.0.113.7 srcport=25 srcintf="wan1" dstip=192.168.1.20 dstport=50000 dstintf="internal" proto=6 service="SMTP" action="blocked" direction="incoming" virus="W32/Emotet.ABC!tr" filename="a.zip"',
  ),
  fg(
    '2026-10-16',
    '11:00:00',
    'type="traffic" subtype="forward" srcip=192.168.1.20 srcport=50001 srcintf="internal" dstip=198.51.100.9 dstport=443 dstintf="wan1" proto=6 action="close" policyid=1 service="HTTPS" sentbyte=100 rcvdbyte=200',
  ),
];

beforeAll(() => {
  const log = join(dir, 'fg.log');
  writeFileSync(log, LINES.join('\n') + '\n');
  const r = run(['import', '--data', data, '--tenant', 'acme', '--device', 'fw1', log]);
  expect(r.status, r.stderr).toBe(0);
});

describe('otasuke report', () => {
  it("writes a company's diagnostic report for a period and prints a JSON summary", () => {
    const out = join(dir, 'acme.pdf');
    const r = run([
      'report',
      '--data',
      data,
      '--tenant',
      'acme',
      '--from',
      '2026-10-01',
      '--to',
      '2026-11-01',
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({
      file: out,
      format: 'pdf',
      tenant: 'acme',
      from: '2026-09-30T15:00:00.000Z',
      to: '2026-10-31T15:00:00.000Z',
      lang: 'ja',
    });
    expect(summary.pages).toBeGreaterThan(3);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(summary.bytes).toBe(pdf.length);
    expect(r.stderr).toContain('drawing the PDF');
    if (HAS_POPPLER) {
      const text = pdfText(pdf);
      expect(text).toContain('acme');
      expect(text).toContain('2026年10月');
    }
  });

  it('writes the programme report as PDF or CSV (from the file name)', () => {
    const csv = join(dir, 'results.csv');
    const r = run(['report', '--programme', '--data', data, '--month', '2026-10', '--out', csv]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ format: 'csv', tenant: null, pages: null });
    const text = readFileSync(csv, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).not.toContain('acme');
    const pdf = join(dir, 'results.pdf');
    const p = run([
      'report',
      '--programme',
      '--data',
      data,
      '--month',
      '2026-10',
      '--lang',
      'en',
      '--out',
      pdf,
    ]);
    expect(p.status, p.stderr).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses what it cannot do, with a clear message', () => {
    const cases: [string[], RegExp][] = [
      [['report', '--data', data, '--out', join(dir, 'x.pdf')], /--tenant <id> or --programme/],
      [
        ['report', '--data', data, '--tenant', 'nobody', '--month', '2026-10', '--out', join(dir, 'x.pdf')],
        /no company "nobody"/,
      ],
      [
        ['report', '--data', data, '--tenant', 'acme', '--from', '2026-10-01', '--out', join(dir, 'x.pdf')],
        /both --from and --to/,
      ],
      [
        ['report', '--data', data, '--tenant', 'acme', '--month', '2026-13', '--out', join(dir, 'x.pdf')],
        /a month such as 2026-10/,
      ],
      [
        ['report', '--data', data, '--tenant', 'acme', '--month', '2026-10', '--out', join(dir, 'x.csv')],
        /CSV is for --programme/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = run(args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(message);
    }
  });
});
