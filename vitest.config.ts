import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'jobs/**/*.test.ts', 'templates/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'test/faults/**', 'node_modules/**'],
    globalSetup: ['test/setup/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: two files at a time keeps the shared database server responsive.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
