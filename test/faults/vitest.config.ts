import { defineConfig } from 'vitest/config';

// `npm run test:faults`: load and fault-injection tests (each takes a minute or more).
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/faults/**/*.faults.test.ts'],
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
