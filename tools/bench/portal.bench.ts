// `npm run bench:portal`: `workbench portal build` (the real CLI) in a copy of this workspace and
// in the same workspace grown by 300 synthetic apps, with the time of each phase; the ratio is to
// the example workspace measured in the same run. Appends to BENCHMARKS.md.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { publishBenchmark } from './benchmarks-file.js';
import { addSyntheticApps, copyOfRepo, ENV } from './workspace-copy.js';

const SIZES = (process.env.BENCH_PORTAL_APPS ?? '0,300').split(',').map(Number);

async function measure(syntheticApps: number) {
  const dir = await copyOfRepo();
  const out = await mkdtemp(join(tmpdir(), 'workbench-portal-bench-'));
  try {
    if (syntheticApps) await addSyntheticApps(dir, syntheticApps);
    for (const args of [['init', '-q', '-b', 'main'], ['add', '-A'], ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'bench']]) await execa('git', args, { cwd: dir });
    const started = performance.now();
    const { stdout } = await execa(join(dir, 'node_modules/.bin/workbench'), ['portal', 'build', '--out', join(out, 'site')], { cwd: dir, env: ENV });
    const seconds = (performance.now() - started) / 1000;
    const found = /wrote (\d+) pages .*\(reading the repository ([\d.]+) s, pages ([\d.]+) s, search index ([\d.]+) s\): (\d+) projects/.exec(stdout);
    if (!found) throw new Error(`unexpected output: ${stdout}`);
    const [, pages, data, layout, search, projects] = found;
    return { syntheticApps, projects: Number(projects), pages: Number(pages), seconds, phases: `${data} / ${layout} / ${search}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
  }
}

const results = [];
for (const apps of SIZES) {
  process.stdout.write(`portal build: example workspace${apps ? ` + ${apps} synthetic apps` : ''} …\n`);
  results.push(await measure(apps));
}
const baseline = results[0]!.seconds;
await publishBenchmark({
  title: 'Portal: `workbench portal build`',
  method: 'The real CLI in a copy of this workspace (its git history one commit), then with synthetic Nx apps added (workload.yaml, README, Dockerfile, code importing a lib; pinned and rendered in staging). Wall time of the command; phases as it reports them; ratio to the example workspace in the same run. Goal: under 30 s for 300 apps.',
  columns: ['workspace', 'projects', 'pages', 'build', 'reading / pages / search (s)', 'ratio to the example'],
  rows: results.map((r) => `| ${r.syntheticApps ? `example + ${r.syntheticApps} synthetic apps` : 'example workspace'} | ${r.projects} | ${r.pages} | ${r.seconds.toFixed(1)} s | ${r.phases} | ${(r.seconds / baseline).toFixed(1)}× |`),
});
