/**
 * The API suite on PostgreSQL state (npm run test:api:pg): test/api and every route
 * test in src, with OTASUKE_TEST_STATE_BACKEND=postgres so openTestApp, openDesk and
 * openTestRegistry open a fresh PostgreSQL schema instead of a SQLite file.
 *
 * A file that loops over the state backends itself (STATE_BACKENDS / BACKENDS) is left
 * out: `npm test` already runs it on PostgreSQL whenever OTASUKE_TEST_PG_URL is set.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

if (!process.env.OTASUKE_TEST_PG_URL)
  throw new Error(
    'npm run test:api:pg needs OTASUKE_TEST_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test)',
  );

const LOOPS_OVER_BACKENDS = /for \(const \w+ of (STATE_)?BACKENDS\)/;

/** Test files under the roots that run every backend themselves (Node 20 has no fs.globSync). */
function selfLooping(roots: readonly string[]): string[] {
  return roots.flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => join(root, f))
      .filter((f) => LOOPS_OVER_BACKENDS.test(readFileSync(f, 'utf8'))),
  );
}

export default defineConfig({
  test: {
    ...base.test,
    include: ['test/api/**/*.test.ts', 'src/api/**/*.test.ts', 'src/**/*route*.test.ts'],
    exclude: [...(base.test?.exclude ?? []), ...selfLooping(['test/api', 'src'])],
    env: { OTASUKE_TEST_STATE_BACKEND: 'postgres' },
    // The run mostly waits on PostgreSQL (a fresh schema and its migrations per app), not
    // on the CPU: more workers than cores overlap those waits (about 80 s instead of 190 s on 2 cores).
    maxWorkers: 4,
  },
});
