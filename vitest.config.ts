import { defineConfig } from 'vitest/config';

// Loaded modules are process-global and a module crash kills its process:
// every test file runs in a forked process of its own.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: 'build/vitest-report.json' },
  },
});
