import { defineConfig } from 'vitest/config';
import { LongestFirstSequencer } from './vitest.sequencer.js';

// `npm test` runs every project's tests in one process pool. Each folder below is a project with
// its own root, the same root `nx run <project>:test` uses, so both ways find the same tests.
export default defineConfig({
  test: {
    // `npm test` passes --maxWorkers=100%: one test file per core instead of vitest's default of
    // one core idle (most test time is spent waiting on the processes a test starts). Set on the
    // command line because each project resolves its own maxWorkers.
    projects: ['apps/*', 'libs/*', 'platform', 'tools/*', 'tests/*'],
    sequence: { sequencer: LongestFirstSequencer },
  },
});
