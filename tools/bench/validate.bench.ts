// `npm run bench:validate`: `workbench validate` of staging, production and lab (and the cloud
// plans' policy checks) in a workspace of 300 synthetic apps, and what a pull request that changes
// one app waits for. Baseline, same run: validate with the cache off (every manifest file built
// with kustomize). Then with a cache of its own: validate with the cache empty, again with nothing
// changed, and after one app's workload.yaml changed and the workspace was rendered again; that
// last one with `render --check` beside it is the pull request's figure (issue 17: under 5 s).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCommand } from '../workbench/src/commands/render.js';
import { validateCommand } from '../workbench/src/commands/validate.js';
import { RENDER_CACHE_VARIABLE } from '../workbench/src/render/render-environment.js';
import { VALIDATE_CACHE_VARIABLE } from '../workbench/src/validate/validate-environment.js';
import { publishBenchmark } from './benchmarks-file.js';
import { syntheticRenderWorkspace } from './synthetic-apps.js';

const APPS = Number(process.env.BENCH_VALIDATE_APPS ?? 300);
const ENVIRONMENTS = ['staging', 'production', 'lab'] as const;

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { seconds: (performance.now() - started) / 1000, result };
}
const render = (dir: string, check: boolean) => timed(() => renderCommand({ repoRoot: dir, environments: [...ENVIRONMENTS], check, quiet: true, out: () => undefined, err: () => undefined }));
async function validate(dir: string, what: string) {
  const run = await timed(() => validateCommand({ repoRoot: dir, environments: [...ENVIRONMENTS], out: () => undefined }));
  if (!run.result.ok) throw new Error(`${what}: validate found errors in the synthetic workspace`);
  process.stdout.write(`  ${what}: ${run.seconds.toFixed(1)} s\n`);
  return run.seconds;
}

const dir = await syntheticRenderWorkspace(APPS);
const renderCache = await mkdtemp(join(tmpdir(), 'workbench-validate-bench-render-'));
const validateCache = await mkdtemp(join(tmpdir(), 'workbench-validate-bench-'));
try {
  process.stdout.write(`${APPS} apps: rendering …\n`);
  process.env[RENDER_CACHE_VARIABLE] = renderCache;
  const first = await render(dir, false);
  if (!first.result.ok) throw new Error(`render of ${APPS} apps failed`);
  const objects = first.result.rendered.filter((r) => !r.env.includes('/')).reduce((n, r) => n + r.objects.length, 0);

  process.env[VALIDATE_CACHE_VARIABLE] = 'off';
  const baseline = await validate(dir, 'validate, cache off (baseline)');
  process.env[VALIDATE_CACHE_VARIABLE] = validateCache;
  const empty = await validate(dir, 'validate, empty cache');
  const unchanged = await validate(dir, 'validate, nothing changed');

  const workload = join(dir, 'apps/app-000/workload.yaml');
  await writeFile(workload, (await readFile(workload, 'utf8')).replace(/resources: .*/, 'resources: { cpu: 200m, memory: 256Mi }'));
  const rerender = await render(dir, false);
  const check = await render(dir, true);
  if (!check.result.ok) throw new Error('render --check failed after the render');
  const changed = await validate(dir, "validate, one app's workload.yaml changed");
  process.stdout.write(`  render --check after the change (its units cached by the render before): ${check.seconds.toFixed(1)} s; the render itself ${rerender.seconds.toFixed(1)} s\n`);

  const ratio = (s: number) => `${(s / baseline).toFixed(2)}×`;
  await publishBenchmark({
    title: `Validate: ${APPS} synthetic apps, staging, production and lab with their cloud plans`,
    method: `\`validateCommand\` over the three environments (${objects} objects) and the four cloud plans' policy checks, in one process. Baseline: validate with \`WORKBENCH_VALIDATE_CACHE=off\` (kustomize builds every manifest file), same run. The cached runs reuse the record of files kustomize already built with this kubectl; schemas, policies, promtool and amtool run every time.`,
    columns: ['validate', 'wall time', 'ratio to baseline', 'what it shows'],
    rows: [
      `| cache off (baseline) | ${baseline.toFixed(1)} s | 1.00× | every file built, in groups of at most 150 objects |`,
      `| empty cache | ${empty.toFixed(1)} s | ${ratio(empty)} | builds everything and records it |`,
      `| nothing changed | ${unchanged.toFixed(1)} s | ${ratio(unchanged)} | no kustomize build |`,
      `| one app's workload.yaml changed, rendered again | ${changed.toFixed(1)} s | ${ratio(changed)} | builds that app's files only; with \`render --check\` (${check.seconds.toFixed(1)} s when the render before cached its units; ${rerender.seconds.toFixed(1)} s when they run, as on a pull request's first check): ${(changed + check.seconds).toFixed(1)} s / ${(changed + rerender.seconds).toFixed(1)} s |`,
    ],
  });
} finally {
  await rm(dir, { recursive: true, force: true });
  await rm(renderCache, { recursive: true, force: true });
  await rm(validateCache, { recursive: true, force: true });
}
