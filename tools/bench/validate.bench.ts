// `npm run bench:validate`: `workbench validate` of staging, production and lab (and the cloud
// plans' policy checks) in a workspace of 300 synthetic apps, and what a pull request that changes
// one app waits for. Every figure is the real CLI in a fresh process, as CI runs it. Baseline,
// same run: validate with the cache off (everything checked, every manifest file built with
// kustomize). Then with a cache of its own: validate with the cache empty, again with nothing
// changed, and after one app's workload.yaml changed and the workspace was rendered again. A pull
// request's checks are `render --check` and `validate` (issue 17: under 5 s together): for one
// that changes an app's code only, both with main's caches (nothing it renders changed); for one
// that changes the app's workload.yaml, every program runs again.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { RENDER_CACHE_VARIABLE } from '../workbench/src/render/render-environment.js';
import { VALIDATE_CACHE_VARIABLE } from '../workbench/src/validate/validate-environment.js';
import { publishBenchmark, REPO_ROOT } from './benchmarks-file.js';
import { syntheticRenderWorkspace } from './synthetic-apps.js';

const APPS = Number(process.env.BENCH_VALIDATE_APPS ?? 300);
const WORKBENCH = join(REPO_ROOT, 'tools/workbench/bin/workbench.mjs');

/** One `workbench` command in the workspace, timed; fails the benchmark when the command fails. */
async function workbench(dir: string, args: string[], env: Record<string, string>): Promise<{ seconds: number; output: string }> {
  const started = performance.now();
  const result = await execa('node', [WORKBENCH, ...args], { cwd: dir, env: { CI: 'true', NO_COLOR: '1', ...env }, reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`workbench ${args.join(' ')} failed:\n${String(result.all)}`);
  return { seconds: (performance.now() - started) / 1000, output: String(result.all) };
}

const dir = await syntheticRenderWorkspace(APPS);
const renderCache = await mkdtemp(join(tmpdir(), 'workbench-validate-bench-render-'));
const validateCache = await mkdtemp(join(tmpdir(), 'workbench-validate-bench-'));
try {
  process.stdout.write(`${APPS} apps: rendering …\n`);
  const renderEnv = { [RENDER_CACHE_VARIABLE]: renderCache };
  await workbench(dir, ['render'], renderEnv);
  const unchangedCheck = await workbench(dir, ['render', '--check'], renderEnv);
  process.stdout.write(`  render --check, every unit cached: ${unchangedCheck.seconds.toFixed(1)} s\n`);
  const validate = async (what: string, cache: string) => {
    const run = await workbench(dir, ['validate'], { [VALIDATE_CACHE_VARIABLE]: cache });
    process.stdout.write(`  ${what}: ${run.seconds.toFixed(1)} s\n`);
    return run;
  };
  const baselineRun = await validate('validate, cache off (baseline)', 'off');
  const baseline = baselineRun.seconds;
  const objects = /(\d+) objects/.exec(baselineRun.output)?.[1] ?? '?';
  const empty = (await validate('validate, empty cache', validateCache)).seconds;
  const unchanged = (await validate('validate, nothing changed', validateCache)).seconds;

  const workload = join(dir, 'apps/app-000/workload.yaml');
  await writeFile(workload, (await readFile(workload, 'utf8')).replace(/resources: .*/, 'resources: { cpu: 200m, memory: 256Mi }'));
  const rerender = await workbench(dir, ['render'], renderEnv);
  const check = await workbench(dir, ['render', '--check'], renderEnv);
  const changed = (await validate("validate, one app's workload.yaml changed", validateCache)).seconds;
  process.stdout.write(`  render --check after the change (its units cached by the render before): ${check.seconds.toFixed(1)} s; the render itself ${rerender.seconds.toFixed(1)} s\n`);

  const ratio = (s: number) => `${(s / baseline).toFixed(2)}×`;
  await publishBenchmark({
    title: `Validate: ${APPS} synthetic apps, staging, production and lab with their cloud plans`,
    method: `\`workbench validate\` (the CLI, a fresh process each run) over the three environments (${objects} objects) and the four cloud plans' policy checks. Baseline: validate with \`WORKBENCH_VALIDATE_CACHE=off\` (everything checked, kustomize builds every manifest file), same run. With the cache, an environment or plan whose files all passed before is answered from it (only the lab policies run), and in one that changed only the files kustomize has not built with this kubectl are built.`,
    columns: ['validate', 'wall time', 'ratio to baseline', 'what it shows'],
    rows: [
      `| cache off (baseline) | ${baseline.toFixed(1)} s | 1.00× | every file built, in groups of at most 150 objects |`,
      `| empty cache | ${empty.toFixed(1)} s | ${ratio(empty)} | builds everything and records it |`,
      `| nothing changed | ${unchanged.toFixed(1)} s | ${ratio(unchanged)} | every environment and plan answered from the cache; a pull request that changes only an app's code, with \`workbench render --check\` (${unchangedCheck.seconds.toFixed(1)} s, every unit cached): ${(unchanged + unchangedCheck.seconds).toFixed(1)} s |`,
      `| one app's workload.yaml changed, rendered again | ${changed.toFixed(1)} s | ${ratio(changed)} | every environment checked again, kustomize builds that app's files only; with \`workbench render --check\` (${check.seconds.toFixed(1)} s when the render before cached its units; ${rerender.seconds.toFixed(1)} s when they run, as on a pull request's first check): ${(changed + check.seconds).toFixed(1)} s / ${(changed + rerender.seconds).toFixed(1)} s |`,
    ],
  });
} finally {
  await rm(dir, { recursive: true, force: true });
  await rm(renderCache, { recursive: true, force: true });
  await rm(validateCache, { recursive: true, force: true });
}
