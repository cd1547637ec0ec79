import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addFixtureProjects, type FixtureProjects } from '../support/fixture-projects.js';
import { createTempWorkspace, type TempWorkspace } from '../support/temp-workspace.js';

// Each case commits one change on a branch off main and asks the real `nx` what it affects. The
// lib and apps are the test's own (generated), so other projects in the repository change nothing.
let ws: TempWorkspace;
let fixture: FixtureProjects;
beforeAll(async () => {
  ws = await createTempWorkspace();
  fixture = await addFixtureProjects(ws, 'aff');
});
afterAll(() => ws.dispose());

async function affectedBy(branch: string, change: () => Promise<void>): Promise<string[]> {
  await ws.run('git', ['checkout', '-q', '-B', branch, 'main']);
  await change();
  await ws.commit(`change on ${branch}`);
  const out = await ws.nx(['show', 'projects', '--affected', '--base=main', '--head=HEAD', '--json']);
  return (JSON.parse(out) as string[]).sort();
}

/**
 * The projects whose package.json declares `pkg`, and every project that depends on one of them,
 * directly or through others, from the Nx project graph.
 */
async function usersOf(pkg: string): Promise<string[]> {
  const file = join(tmpdir(), `workbench-graph-${process.pid}.json`);
  await ws.nx(['graph', `--file=${file}`]);
  const { graph } = JSON.parse(await readFile(file, 'utf8')) as { graph: { nodes: Record<string, { data: { root: string } }>; dependencies: Record<string, { target: string }[]> } };
  await rm(file, { force: true });
  const declares = async (project: string) => {
    const manifest = await ws.read(join(graph.nodes[project]!.data.root, 'package.json')).catch(() => '{}');
    return Boolean((JSON.parse(manifest) as { dependencies?: Record<string, string> }).dependencies?.[pkg]);
  };
  const found = new Set<string>();
  for (const project of Object.keys(graph.nodes)) if (await declares(project)) found.add(project);
  expect(found.size, `some project must declare ${pkg} for this case`).toBeGreaterThan(0);
  for (let grew = true; grew; ) {
    const next = Object.entries(graph.dependencies).filter(([project, deps]) => !found.has(project) && deps.some((d) => found.has(d.target)));
    for (const [project] of next) found.add(project);
    grew = next.length > 0;
  }
  return [...found].sort();
}

const append = (path: string, text: string) => async () => ws.write(path, (await ws.read(path)) + text);

describe('nx affected', () => {
  it('a change to one lib affects that lib and its dependents only', async () => {
    const affected = await affectedBy('lib-change', append(`libs/${fixture.lib}/src/index.ts`, '\n// tweak\n'));
    expect(affected).toEqual([fixture.lib, fixture.apps.service, fixture.apps.job].sort());
  });

  it('a change to one app affects only that app, and `nx affected -t test` runs only its tests', async () => {
    const app = fixture.apps.job;
    const affected = await affectedBy('app-change', append(`apps/${app}/src/main.ts`, '\n// tweak\n'));
    expect(affected).toEqual([app]);
    const out = await ws.nx(['affected', '-t', 'test', '--base=main', '--head=HEAD', '--outputStyle=static']);
    expect(out).toContain(`nx run ${app}:test`);
    expect(out).not.toMatch(new RegExp(`nx run (?!${app}:)[\\w-]+:test`));
  });

  it('a lockfile change to one dependency affects only the projects that use it', async () => {
    const affected = await affectedBy('lockfile-change', async () => {
      const lock = JSON.parse(await ws.read('package-lock.json'));
      const entry = lock.packages['node_modules/csv-parse'];
      expect(entry, 'csv-parse must be in the lockfile for this case').toBeDefined();
      entry.version = `${entry.version}-patched`;
      await ws.write('package-lock.json', JSON.stringify(lock, null, 2) + '\n');
    });
    // The projects that import csv-parse and everything that depends on them; no other.
    expect(affected).toEqual(await usersOf('csv-parse'));
    expect(affected).not.toContain(fixture.apps.service);
  });

  it('changes under environments/ and .github/ affect no project', async () => {
    const affected = await affectedBy('output-change', async () => {
      await ws.write('environments/staging/README.md', 'rendered output\n');
      await ws.write('.github/workflows/example.yml', 'name: example\n');
    });
    expect(affected).toEqual([]);
  });
});
