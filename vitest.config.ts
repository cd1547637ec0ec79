import { defineConfig } from 'vitest/config';

// `npm test` runs every project's tests in one process pool. Each folder below is a project with
// its own root, the same root `nx run <project>:test` uses, so both ways find the same tests.
export default defineConfig({
  test: {
    projects: ['apps/*', 'libs/*', 'platform', 'tools/*', 'tests/*'],
  },
});
