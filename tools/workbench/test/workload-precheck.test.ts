import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProgramInWorker } from '../src/engine/run-in-worker.js';
import { renderEnvironment, workloadsProgramJob } from '../src/render/render-environment.js';
import { workloadInputProblems } from '../src/render/workload-precheck.js';
import { createRenderWorkspace, type RenderWorkspace } from './support/render-workspace.js';

// A workload.yaml the programs refuse is reported before a program's process starts, with the
// message the program itself gives.
let ws: RenderWorkspace;
const file = 'apps/demo-api/workload.yaml';
let original: string;
beforeAll(async () => {
  ws = await createRenderWorkspace();
  original = await readFile(join(ws.dir, file), 'utf8');
});
afterAll(() => ws.dispose());

describe('workload.yaml checked before a program runs', () => {
  it.each([
    ['a reserved customer', (t: string) => t.replace('customer: initech', 'customer: kube-system')],
    ['a YAML syntax error', (t: string) => `${t}ports: [8080\n`],
    ['an unknown kind', (t: string) => t.replace(/^kind: .*$/m, 'kind: daemon')],
  ])('%s: the problem the program reports, and no process started', async (_, edit) => {
    await writeFile(join(ws.dir, file), edit(original));
    try {
      const program = await runProgramInWorker({ ...workloadsProgramJob(ws.dir, 'staging'), resultCache: undefined });
      expect(program.problems.length).toBeGreaterThan(0);
      expect(program.maxRssBytes).toBeGreaterThan(0); // the program's own process ran and refused
      const rendered = await renderEnvironment(ws.dir, 'staging');
      expect(rendered.problems).toEqual(program.problems);
      expect(rendered.problems[0]!.message).toContain(file);
      expect(rendered.maxRssBytes).toBe(0); // no process
    } finally {
      await writeFile(join(ws.dir, file), original);
    }
  });

  it('finds nothing in valid files, and reads them again when their bytes change', async () => {
    expect(workloadInputProblems(ws.dir)).toEqual([]);
    await writeFile(join(ws.dir, file), original.replace('customer: initech', 'customer: kube-system'));
    try {
      expect(workloadInputProblems(ws.dir)).toEqual([expect.objectContaining({ message: expect.stringContaining('"kube-system" is reserved') })]);
    } finally {
      await writeFile(join(ws.dir, file), original);
    }
    expect(workloadInputProblems(ws.dir)).toEqual([]);
    expect((await renderEnvironment(ws.dir, 'staging')).problems).toEqual([]);
  });
});
