import { defineConfig } from 'vitest/config';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  test: {
    // .tsx: component tests of the renderer, rendered with react-dom/server.
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // The model zoo fetches models from the registry and runs on its own: npm run test:zoo.
    exclude: ['tests/zoo/**', '**/node_modules/**'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: ONNX Runtime sessions already use both, more test files at once only thrash.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
