// `npm run bench:render`: render time for 3, 10, 100 and 300 synthetic apps across all three
// environments, against a floor measured in the same run: building the same objects as plain
// values (deep copies of the rendered ones) and writing them as YAML with the same layout; then,
// in the same run, the cloud program's offline plan of its four stacks with the policy pack.
// Appends the tables to BENCHMARKS.md with the date and machine.
import './without-render-cache.js';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { renderCommand } from '../workbench/src/commands/render.js';
import { cloudStacksOf, renderCloudStack } from '../workbench/src/render/render-cloud.js';
import { publishBenchmark } from './benchmarks-file.js';
import { layoutEnvironment } from '../workbench/src/render/layout.js';
import { syntheticRenderWorkspace as workspace } from './synthetic-apps.js';

const SIZES = (process.env.BENCH_SIZES ?? '3,10,100,300').split(',').map(Number);
const ENVIRONMENTS = ['staging', 'production', 'lab'] as const;

async function measure(apps: number) {
  const dir = await workspace(apps);
  try {
    // Twice: the first render in a new checkout also bundles the programs for it; the second is
    // a render whose bundles are current, as on a machine that rendered before or in CI with
    // main's caches restored.
    const render = async () => {
      const started = performance.now();
      const summary = await renderCommand({ repoRoot: dir, environments: [...ENVIRONMENTS], check: false, cloud: false, quiet: true, out: () => undefined });
      return { summary, seconds: (performance.now() - started) / 1000 };
    };
    const firstSeconds = (await render()).seconds;
    const { summary, seconds: renderSeconds } = await render();
    if (!summary.ok) throw new Error(`render of ${apps} apps failed`);
    const objects = summary.rendered.reduce((n, r) => n + r.objects.length, 0);
    const peakBytes = summary.rendered.reduce((n, r) => n + r.maxRssBytes, 0);

    // The floor: the same objects as plain values, laid out and written as YAML, in this process.
    const floorDir = join(dir, 'floor');
    const floorStarted = performance.now();
    for (const r of summary.rendered) {
      const plain = r.objects.map((o) => ({ ...o, manifest: structuredClone(o.manifest) }));
      const layers = [...new Set(plain.map((o) => o.layer))];
      for (const [path, content] of layoutEnvironment(r.env, plain, layers)) {
        await mkdir(dirname(join(floorDir, r.env, path)), { recursive: true });
        await writeFile(join(floorDir, r.env, path), content);
      }
    }
    const floorSeconds = (performance.now() - floorStarted) / 1000;
    const phase = (key: 'startupMs' | 'programMs' | 'settleMs' | 'layoutMs') => summary.rendered.map((r) => (r.timings[key] / 1000).toFixed(1)).join(' / ');
    const breakdown = `start ${phase('startupMs')} · program ${phase('programMs')} · settle ${phase('settleMs')} · YAML ${phase('layoutMs')}`;

    // The cloud plan of the same workspace: four stacks, one process each, policies included.
    const cloudStarted = performance.now();
    const stacks = await Promise.all(cloudStacksOf(ENVIRONMENTS).map((stack) => renderCloudStack(dir, stack)));
    const cloudSeconds = (performance.now() - cloudStarted) / 1000;
    const failed = stacks.flatMap((r) => r.problems.map((p) => `[${r.env}] ${p.message}`));
    if (failed.length) throw new Error(`cloud plan of ${apps} apps failed:\n${failed.join('\n')}`);
    const cloud = {
      seconds: cloudSeconds,
      resources: stacks.reduce((n, r) => n + (r.cloudResources?.length ?? 0), 0),
      peakBytes: stacks.reduce((n, r) => n + r.maxRssBytes, 0),
      perStack: stacks.map((r) => `${r.env.split('/')[1]} ${r.cloudResources?.length ?? 0} in ${((r.timings.startupMs + r.timings.programMs + r.timings.settleMs) / 1000).toFixed(1)} s`).join(' · '),
    };
    // Both programs at once, as `workbench render` runs them: seven processes on the machine's cores.
    const wholeStarted = performance.now();
    const whole = await renderCommand({ repoRoot: dir, environments: [...ENVIRONMENTS], check: false, quiet: true, out: () => undefined });
    const wholeSeconds = (performance.now() - wholeStarted) / 1000;
    if (!whole.ok) throw new Error(`the whole render of ${apps} apps failed`);
    const wholePeakBytes = whole.rendered.reduce((n, r) => n + r.maxRssBytes, 0);
    return { apps, objects, firstSeconds, renderSeconds, floorSeconds, peakBytes, breakdown, cloud, whole: { seconds: wholeSeconds, peakBytes: wholePeakBytes } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const rows = [];
const cloudRows = [];
for (const apps of SIZES) {
  process.stdout.write(`rendering ${apps} apps × ${ENVIRONMENTS.length} environments …\n`);
  const r = await measure(apps);
  process.stdout.write(`  ${r.objects} objects in ${r.renderSeconds.toFixed(1)} s (first render ${r.firstSeconds.toFixed(1)} s; floor ${r.floorSeconds.toFixed(2)} s); seconds per environment: ${r.breakdown}\n`);
  rows.push(
    `| ${r.apps} | ${r.objects} | ${r.renderSeconds.toFixed(1)} s | ${r.firstSeconds.toFixed(1)} s | ${((r.renderSeconds * 1000) / r.objects).toFixed(2)} ms | ${(r.peakBytes / 2 ** 20).toFixed(0)} MiB | ${r.floorSeconds.toFixed(2)} s | ${(r.renderSeconds / r.floorSeconds).toFixed(1)}× | ${r.breakdown} |`,
  );
  process.stdout.write(`  cloud plan: ${r.cloud.resources} resources in ${r.cloud.seconds.toFixed(1)} s (${r.cloud.perStack})\n`);
  process.stdout.write(`  everything (workloads and cloud, one render): ${r.whole.seconds.toFixed(1)} s, ${(r.whole.peakBytes / 2 ** 20).toFixed(0)} MiB\n`);
  cloudRows.push(
    `| ${r.apps} | ${r.cloud.resources} | ${r.cloud.seconds.toFixed(1)} s | ${((r.cloud.seconds * 1000) / r.cloud.resources).toFixed(2)} ms | ${(r.cloud.peakBytes / 2 ** 20).toFixed(0)} MiB | ${r.renderSeconds.toFixed(1)} s | ${(r.cloud.seconds / r.renderSeconds).toFixed(2)}× | ${r.whole.seconds.toFixed(1)} s, ${(r.whole.peakBytes / 2 ** 20).toFixed(0)} MiB | ${r.cloud.perStack} |`,
  );
}
await publishBenchmark({
  title: `Render: synthetic apps across staging, production and lab`,
  method: `\`workbench render\` of all three environments (one process each, in parallel; every program run: no result cache) against the floor measured in the same run: the same objects as plain values written as YAML with the same layout in one process. "render" is the second render of the workspace, whose program bundles are current (as after any earlier render, or in CI with main's caches); "first render" also bundles the programs for the new checkout. Peak memory is the sum of the three render processes' peak RSS.`,
  columns: ['apps', 'objects', 'render', 'first render', 'per object', 'peak memory', 'floor', 'ratio to floor', 'seconds per environment (staging / production / lab)'],
  rows,
});
await publishBenchmark({
  title: `Cloud plan: the cloud program's four stacks for the same synthetic apps`,
  method: `The offline plan \`workbench render\` writes to environments/cloud/ — the shared stack and one per environment, one process each, in parallel, with the policy pack run over every resource — for the workspaces of the table above, in the same run. The workloads render of the same apps is the baseline. Peak memory is the sum of the four processes' peak RSS. "Everything" is one \`workbench render\` of both programs (seven processes at once; memory summed over all seven).`,
  columns: ['apps', 'cloud resources', 'plan', 'per resource', 'peak memory', 'workloads render (baseline)', 'ratio to baseline', 'everything: wall, peak memory', 'resources and seconds per stack'],
  rows: cloudRows,
});
