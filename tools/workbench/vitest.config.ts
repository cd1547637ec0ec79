import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@workbench/cli',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    // Each render starts a Pulumi program in its own process (~2 s); a busy CI machine is slower.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
