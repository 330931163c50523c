import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Files in name order, on every machine (vitest's default order follows its cache of durations). */
class ByName extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => a.moduleId.localeCompare(b.moduleId));
  }
}

/**
 * Browser tests (`npm run test:e2e`): the real server started as a user would (`tsx server/main.ts`
 * on a free port, embedded database and SMTP catcher, manual clock), driven through Chromium.
 * One server for the run; each file uses its own customers. Files run one after another, in name
 * order (the starter library test in cadences.e2e expects no cadence yet: only auth runs before it).
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/helpers/global-setup.ts'],
    fileParallelism: false,
    sequence: { sequencer: ByName },
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    reporters: ['default'],
  },
});
