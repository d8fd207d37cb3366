import { defineConfig } from 'vitest/config';

// Loaded modules are process-global and a module crash kills its process:
// every test file runs in a forked process of its own.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
