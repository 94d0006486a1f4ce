import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests that spawn servers, replay whole data sets or crash child processes are CPU-heavy;
    // two workers match the two cores CI has.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
