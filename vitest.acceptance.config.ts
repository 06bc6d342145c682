import { defineConfig } from 'vitest/config';

/** Acceptance tests against real servers and frameworks from PyPI: run by .ci/serving-acceptance after npm test. */
export default defineConfig({
  test: {
    include: ['tests/acceptance/**/*.accept.ts'],
    pool: 'forks',
    testTimeout: 600_000,
    hookTimeout: 300_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
