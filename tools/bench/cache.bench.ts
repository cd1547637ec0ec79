// `npm run bench:cache`: what the render cache saves, in a workspace of 300 synthetic apps across
// every environment and cloud stack. Baseline, same run: the full render with the cache off. Then
// with a cache of its own: the first render (recording and storing every result), the render
// again with nothing changed (every unit reused), `render --check` with nothing changed, and the
// render after one app's workload.yaml changed (every unit reads every app, so all run again).
// Each cached render's files are compared with the full render's: a mismatch fails the benchmark.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCommand, type RenderSummary } from '../workbench/src/commands/render.js';
import { RENDER_CACHE_VARIABLE } from '../workbench/src/render/render-environment.js';
import { publishBenchmark } from './benchmarks-file.js';
import { syntheticRenderWorkspace } from './synthetic-apps.js';

const APPS = Number(process.env.BENCH_CACHE_APPS ?? 300);
const ENVIRONMENTS = ['staging', 'production', 'lab'] as const;

async function timedRender(dir: string, check = false): Promise<{ seconds: number; summary: RenderSummary }> {
  const started = performance.now();
  const summary = await renderCommand({ repoRoot: dir, environments: [...ENVIRONMENTS], check, quiet: true, out: () => undefined, err: () => undefined });
  if (!summary.ok) throw new Error(`render of ${APPS} apps failed`);
  return { seconds: (performance.now() - started) / 1000, summary };
}

const filesOf = (summary: RenderSummary) => JSON.stringify(summary.rendered.map((r) => [r.env, [...r.files]]));
const reusedOf = (summary: RenderSummary) => `${summary.rendered.filter((r) => r.cached).length}/${summary.rendered.length}`;

const dir = await syntheticRenderWorkspace(APPS);
const cache = await mkdtemp(join(tmpdir(), 'workbench-cache-bench-'));
try {
  process.stdout.write(`${APPS} apps: full render without the cache …\n`);
  process.env[RENDER_CACHE_VARIABLE] = 'off';
  const full = await timedRender(dir);
  process.env[RENDER_CACHE_VARIABLE] = cache;
  const rows: string[] = [];
  const row = (what: string, r: { seconds: number; summary: RenderSummary }, note = '') => {
    if (filesOf(r.summary) !== filesOf(full.summary)) throw new Error(`${what}: the files differ from the full render`);
    process.stdout.write(`  ${what}: ${r.seconds.toFixed(1)} s, ${reusedOf(r.summary)} reused\n`);
    rows.push(`| ${what} | ${r.seconds.toFixed(1)} s | ${(r.seconds / full.seconds).toFixed(2)}× | ${reusedOf(r.summary)} | ${note} |`);
  };
  rows.push(`| full render, cache off (baseline) | ${full.seconds.toFixed(1)} s | 1.00× | 0/${full.summary.rendered.length} | every program runs |`);
  row('first render with an empty cache', await timedRender(dir), 'records what each program reads, stores every result');
  row('render again, nothing changed', await timedRender(dir), 'every unit answered from the cache');
  row('`render --check`, nothing changed', await timedRender(dir, true), 'what CI runs on a pull request that touches no input');

  const workload = join(dir, 'apps/app-000/workload.yaml');
  await writeFile(workload, (await readFile(workload, 'utf8')).replace(/description: .*/, 'description: changed by the cache benchmark'));
  process.env[RENDER_CACHE_VARIABLE] = 'off';
  const changedFull = await timedRender(dir);
  process.env[RENDER_CACHE_VARIABLE] = cache;
  const changed = await timedRender(dir);
  if (filesOf(changed.summary) !== filesOf(changedFull.summary)) throw new Error('after one app changed: the files differ from the full render');
  process.stdout.write(`  one app's workload.yaml changed: ${changed.seconds.toFixed(1)} s, ${reusedOf(changed.summary)} reused\n`);
  rows.push(`| one app's workload.yaml changed | ${changed.seconds.toFixed(1)} s | ${(changed.seconds / full.seconds).toFixed(2)}× | ${reusedOf(changed.summary)} | every program reads every app: all run again (full render of the changed workspace, same run: ${changedFull.seconds.toFixed(1)} s) |`);

  await publishBenchmark({
    title: `Render cache: ${APPS} synthetic apps, every environment and cloud stack`,
    method: `\`renderCommand\` over staging, production and lab with their cloud stacks (${full.summary.rendered.length} units, one process each when they run). Baseline: the same render with the cache off (\`WORKBENCH_RENDER_CACHE=off\`), same run. Every cached render's files were compared with the full render's and were identical.`,
    columns: ['render', 'wall time', 'ratio to baseline', 'units reused', 'what it shows'],
    rows,
  });
} finally {
  await rm(dir, { recursive: true, force: true });
  await rm(cache, { recursive: true, force: true });
}
