import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Integration tests start real keepalived nodes in network namespaces: they must not overlap.
    fileParallelism: true,
    poolOptions: { forks: { singleFork: false } },
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
