/**
 * Debian's poppler-utils for PDF tests: text out of a PDF (pdftotext) and pages as PNG
 * (pdftoppm) saved as test artifacts under test-artifacts/. Tests skip visibly without them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

function has(bin: string): boolean {
  return spawnSync(bin, ['-v'], { stdio: 'ignore' }).error === undefined;
}

export const HAS_POPPLER = has('pdftotext') && has('pdftoppm');
if (!HAS_POPPLER)
  console.warn('[skip] PDF text/page checks: poppler-utils (pdftotext, pdftoppm) not installed');

export const ARTIFACTS = resolve('test-artifacts');

/** The PDF's text, page by page in reading layout. */
export function pdfText(pdf: Buffer): string {
  const file = join(
    tmpdir(),
    `otasuke-pdf-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.pdf`,
  );
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}

/** Renders the pages to PNG files `test-artifacts/<name>-<n>.png`; returns how many. */
export function savePages(pdf: Buffer, name: string, dpi = 60): string[] {
  mkdirSync(ARTIFACTS, { recursive: true });
  // pdftoppm pads page numbers to the page count's width: drop an earlier run's pages
  const page = new RegExp(`^${name.replace(/[^\w-]/g, '\\$&')}-\\d+\\.png$`);
  for (const f of readdirSync(ARTIFACTS)) if (page.test(f)) rmSync(join(ARTIFACTS, f));
  const file = join(ARTIFACTS, `${name}.pdf`);
  writeFileSync(file, pdf);
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, join(ARTIFACTS, name)]);
  return readdirSync(ARTIFACTS)
    .filter((f) => page.test(f))
    .sort()
    .map((f) => join(ARTIFACTS, f));
}
