import { statSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Runs the longest test files first, whichever project they belong to, so the two workers finish
 * together instead of one waiting on a long end-to-end file started last. Vitest's own order
 * runs projects one after another and, on a clean clone (no timings from an earlier run yet),
 * guesses by file size within a project; here the known duration decides when every file has
 * one, else end-to-end files (`*.e2e.test.ts`: they drive real commands and take minutes) go
 * first, then size.
 */
export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const durations = files.map((spec) => this.ctx.cache.getTestSpecificationResult(spec)?.duration);
    const estimate = durations.every((d) => d !== undefined)
      ? (i: number) => durations[i]!
      : (i: number) => (/\.e2e\.test\.ts$/.test(files[i]!.moduleId) ? 1e9 : 0) + statSync(files[i]!.moduleId).size;
    return files
      .map((spec, i) => ({ spec, weight: estimate(i) }))
      .sort((a, b) => b.weight - a.weight)
      .map(({ spec }) => spec);
  }
}
