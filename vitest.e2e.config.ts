import { defineConfig } from 'vitest/config';

/** Browser journeys (test/e2e) on a built server: `npm run build && npm run test:e2e`. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
