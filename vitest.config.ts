import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    // Builds the web console when its sources changed, for the browser tests (test/browser).
    globalSetup: ['./test/browser/support/build.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // The summary reporter prints `N passed, N failed` as the very last line for CI.
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
