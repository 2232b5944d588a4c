import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // The default report, then one plain `N passed, N failed, N skipped` line for tools that read closing lines.
    reporters: ['default', './test/plain-summary-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
