import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    include: ['src/**/*.e2e.test.ts'],
    // Real nx runs take seconds each; a slow machine must not turn them into failures.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
