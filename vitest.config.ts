import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: ONNX Runtime sessions already use both, more test files at once only thrash.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
