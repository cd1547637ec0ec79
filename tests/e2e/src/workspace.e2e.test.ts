import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRuleViolations } from '../support/app-rules.js';
import { createTempWorkspace, REPO_ROOT, type TempWorkspace } from '../support/temp-workspace.js';

async function projectsUnder(folder: string) {
  const names = await readdir(join(REPO_ROOT, folder)).catch(() => []);
  const projects: { root: string; tags: string[] }[] = [];
  for (const name of names) {
    const file = join(REPO_ROOT, folder, name, 'project.json');
    const json = await readFile(file, 'utf8').catch(() => undefined);
    if (json) projects.push({ root: `${folder}/${name}`, tags: (JSON.parse(json) as { tags?: string[] }).tags ?? [] });
  }
  return projects;
}

describe('workspace conventions', () => {
  it('every project has a type tag and a scope tag that match its folder', async () => {
    const apps = await projectsUnder('apps');
    const libs = await projectsUnder('libs');
    expect(apps.length).toBeGreaterThanOrEqual(3);
    for (const app of apps) {
      expect(app.tags, app.root).toContain('type:app');
      expect(app.tags.filter((t) => t.startsWith('scope:') && t !== 'scope:shared'), app.root).toHaveLength(1);
    }
    for (const lib of libs) {
      expect(lib.tags, lib.root).toContain('type:lib');
      expect(lib.tags.some((t) => t.startsWith('scope:')), lib.root).toBe(true);
    }
  });

  it('every app has a valid workload.yaml matching its scope tag, and a pinned multi-stage Dockerfile running as the user the render runs its kind as', async () => {
    expect(await appRuleViolations(REPO_ROOT)).toEqual([]);
  });
});

describe('every project with a test target has tests that the test runner finds', () => {
  it('nx test and npm test see the same, non-empty set of test files', async () => {
    const roots = [...(await projectsUnder('apps')), ...(await projectsUnder('libs')), ...(await projectsUnder('tools')), { root: 'platform', tags: [] }].map((p) => p.root);
    const { execa } = await import('execa');
    const { stdout } = await execa(join(REPO_ROOT, 'node_modules/.bin/vitest'), ['list', '--filesOnly', '--json'], { cwd: REPO_ROOT, env: { CI: 'true' } });
    const files = (JSON.parse(stdout) as { file: string }[]).map((f) => f.file.replace(`${REPO_ROOT}/`, ''));
    for (const root of roots) expect(files.some((file) => file.startsWith(`${root}/`)), `no tests found under ${root}/`).toBe(true);
  });
});

describe('every project passes the targets pull requests run', () => {
  let ws: TempWorkspace;
  beforeAll(async () => {
    ws = await createTempWorkspace();
  });
  afterAll(() => ws.dispose());

  it('nx run-many -t lint typecheck build succeeds, and the e2e tests and benchmarks typecheck and lint', async () => {
    const out = await ws.nx(['run-many', '-t', 'lint', 'typecheck', 'build', '--outputStyle=static']);
    const projects = JSON.parse(await ws.nx(['show', 'projects', '--json'])) as string[];
    expect(out).toContain(`Successfully ran targets lint, typecheck, build for ${projects.length} projects`);
    // Files outside Nx projects: the e2e tests themselves and the benchmarks.
    await ws.run(join(ws.dir, 'node_modules/.bin/tsc'), ['-p', 'tests/e2e/tsconfig.json', '--noEmit']);
    await ws.run(join(ws.dir, 'node_modules/.bin/tsc'), ['-p', 'tools/bench/tsconfig.json', '--noEmit']);
    await ws.run(join(ws.dir, 'node_modules/.bin/eslint'), ['--max-warnings=0', 'tests/e2e', 'tools/bench']);
    // The build output is a runnable bundle: the ETL runs on its sample data.
    const etl = await ws.run('node', ['dist/main.mjs'], { cwd: join(ws.dir, 'apps/globex-sales-etl') });
    expect(etl).toMatch(/"msg":"etl finished".*"rowsRead":603/);
  });
});
