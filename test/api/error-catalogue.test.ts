/** Every ApiError the accounts and operator API throw uses a catalogued code with its catalogued status. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_ERROR_CODES, DEVICE_STATUS } from '../../src/api/errors.js';

const ROOT = join(import.meta.dirname, '..', '..');
const DIRS = ['src/accounts', 'src/api'];

function sources(): { file: string; text: string }[] {
  return DIRS.flatMap((d) =>
    readdirSync(join(ROOT, d))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => ({ file: `${d}/${f}`, text: readFileSync(join(ROOT, d, f), 'utf8') })),
  );
}

describe('API error catalogue', () => {
  it('covers every code thrown, with the same status', () => {
    const problems: string[] = [];
    let seen = 0;
    for (const { file, text } of sources()) {
      for (const m of text.matchAll(/new ApiError\(\s*(\d{3}),\s*'([a-z-]+)'/g)) {
        seen++;
        const catalogue: Record<string, number> = { ...DEVICE_STATUS, ...API_ERROR_CODES };
        const status = catalogue[m[2]];
        if (status === undefined) problems.push(`${file}: '${m[2]}' is not catalogued`);
        else if (status !== Number(m[1]))
          problems.push(`${file}: '${m[2]}' thrown with ${m[1]}, catalogued as ${status}`);
      }
    }
    expect(problems).toEqual([]);
    expect(seen).toBeGreaterThan(30);
  });
});
