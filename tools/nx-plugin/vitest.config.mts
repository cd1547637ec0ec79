import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: '@workbench/nx-plugin',
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/files/**'],
  },
});
