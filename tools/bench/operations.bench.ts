// `npm run bench:operations`: what alerts and dashboards cost the render. The same synthetic
// workspace (300 apps by default) rendered twice in the same run: as the repository renders it,
// and as a baseline whose copy of platform/ declares no per-app alerts and dashboards (the
// part that grows with apps; the few per-customer and per-environment objects stay). Appends
// the table to BENCHMARKS.md with the date and machine.
import './without-render-cache.js';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderCommand } from '../workbench/src/commands/render.js';
import { publishBenchmark } from './benchmarks-file.js';
import { syntheticRenderWorkspace } from './synthetic-apps.js';

const APPS = Number(process.env.BENCH_OPERATIONS_APPS ?? 300);
const ENVIRONMENTS = ['staging', 'production', 'lab'] as const;
const APP_WORKLOAD = 'platform/components/app-workload.ts';
const ALERTS_CALL = '    declareAppAlerts(ctx, child);\n';

async function render(dir: string) {
  const started = performance.now();
  const summary = await renderCommand({ repoRoot: dir, environments: [...ENVIRONMENTS], check: false, cloud: false, quiet: true, out: () => undefined });
  const seconds = (performance.now() - started) / 1000;
  if (!summary.ok) throw new Error(`render failed in ${dir}`);
  return {
    seconds,
    objects: summary.rendered.reduce((n, r) => n + r.objects.length, 0),
    peakBytes: summary.rendered.reduce((n, r) => n + r.maxRssBytes, 0),
  };
}

process.stdout.write(`rendering ${APPS} apps × ${ENVIRONMENTS.length} environments with and without alerts and dashboards …\n`);
const withOperations = await syntheticRenderWorkspace(APPS);
const without = await syntheticRenderWorkspace(APPS);
try {
  const source = await readFile(join(without, APP_WORKLOAD), 'utf8');
  if (!source.includes(ALERTS_CALL)) throw new Error(`${APP_WORKLOAD} no longer calls declareAppAlerts as this benchmark expects; update the baseline`);
  await writeFile(join(without, APP_WORKLOAD), source.replace(ALERTS_CALL, ''));
  // Warm the program bundles of both copies, then measure each.
  await render(withOperations);
  await render(without);
  const on = await render(withOperations);
  const off = await render(without);
  process.stdout.write(`  with: ${on.objects} objects in ${on.seconds.toFixed(1)} s; without: ${off.objects} objects in ${off.seconds.toFixed(1)} s\n`);
  const row = (label: string, r: typeof on) =>
    `| ${label} | ${APPS} | ${r.objects} | ${r.seconds.toFixed(1)} s | ${(r.peakBytes / 2 ** 20).toFixed(0)} MiB | ${(r.seconds / off.seconds).toFixed(2)}× |`;
  await publishBenchmark({
    title: 'Alerts and dashboards: their cost in the render',
    method: `\`workbench render\` of staging, production and lab (one process each, in parallel, program bundles warm) for ${APPS} synthetic apps, with every app's PrometheusRule and dashboard ConfigMap, against the same workspace whose copy of platform/ declares no per-app alerts and dashboards — the baseline, measured in the same run.`,
    columns: ['render', 'apps', 'objects', 'wall time', 'peak memory', 'ratio to baseline'],
    rows: [row('without per-app alerts and dashboards (baseline)', off), row('with alerts and dashboards', on)],
  });
} finally {
  await rm(withOperations, { recursive: true, force: true });
  await rm(without, { recursive: true, force: true });
}
