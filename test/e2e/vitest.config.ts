import { defineConfig } from 'vitest/config';

/**
 * Browser tests (`npm run test:e2e`): the real server started as a user would (`tsx server/main.ts`
 * on a free port, embedded database and SMTP catcher, manual clock), driven through Chromium.
 * One server for the run; each file uses its own customers. Files run one after another.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/helpers/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
