// `npm run bench:lab`: render time of one lab with 10, 50 and 200 participants (the lab
// environment plus the lab), against two baselines measured in the same run: the lab environment
// without a lab, and the floor of writing the same objects as YAML by hand. Validation time is
// shown too, since lab.yml runs both. Each lab renders twice in its new checkout: the first run
// also bundles the programs for it; the second is what lab.yml runs, whose bundles come with
// main's caches. Appends a table to BENCHMARKS.md with the date and machine.
import './without-render-cache.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderCommand } from '../workbench/src/commands/render.js';
import { RENDER_CACHE_VARIABLE } from '../workbench/src/render/render-environment.js';
import { layoutEnvironment } from '../workbench/src/render/layout.js';
import { VALIDATE_CACHE_VARIABLE, validateEnvironment } from '../workbench/src/validate/validate-environment.js';
import { createRenderWorkspace } from '../workbench/test/support/render-workspace.js';
import { publishBenchmark } from './benchmarks-file.js';

const SIZES = (process.env.BENCH_SIZES ?? '10,50,200').split(',').map(Number);
const LAB_FILE = 'platform/labs/bench.yaml';

// The render refuses an expired lab, so the bench's lab runs from an hour ago for three days.
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
const labSpec = (participants: number) => `template: spark-notebook
participants: ${participants}
resources: { cpu: "1", memory: 2Gi, storage: 5Gi }
dataset: sample:retail-sales
starts: ${iso(-3600_000)}
expires: ${iso(3 * 86400_000)}
`;

async function renderLab(participants: number | undefined) {
  const ws = await createRenderWorkspace({ apps: {} });
  try {
    if (participants !== undefined) await ws.write(LAB_FILE, labSpec(participants));
    const render = async () => {
      const started = performance.now();
      const summary = await renderCommand({ repoRoot: ws.dir, environments: ['lab'], check: false, quiet: true, out: () => undefined });
      return { summary, seconds: (performance.now() - started) / 1000 };
    };
    const firstSeconds = (await render()).seconds;
    const { summary, seconds: renderSeconds } = await render();
    if (!summary.ok) throw new Error(`render of a lab with ${participants} participants failed`);
    const lab = summary.rendered[0]!;
    const floorStarted = performance.now();
    const plain = lab.objects.map((o) => ({ ...o, manifest: structuredClone(o.manifest) }));
    layoutEnvironment('lab', plain, [...new Set(plain.map((o) => o.layer))]);
    const floorSeconds = (performance.now() - floorStarted) / 1000;
    const validateStarted = performance.now();
    const validation = await validateEnvironment(ws.dir, 'lab');
    const validateSeconds = (performance.now() - validateStarted) / 1000;
    const errors = validation.findings.filter((f) => f.severity === 'error');
    if (errors.length) throw new Error(`the rendered lab is not valid: ${errors[0]!.message}`);
    const workflow = participants === undefined ? undefined : await asLabWorkflowRuns(ws, participants);
    return { objects: lab.objects.length, firstSeconds, renderSeconds, floorSeconds, validateSeconds, peakMiB: lab.maxRssBytes / 2 ** 20, workflow };
  } finally {
    await ws.dispose();
  }
}

/**
 * lab.yml's render and validate as they run on a lab branch: main's results restored (main
 * rendered and validated the lab environment without this lab, so the lab's cloud stack plan and
 * the files kustomize built are reused), then the lab branch's render and validate, timed.
 */
async function asLabWorkflowRuns(ws: Awaited<ReturnType<typeof createRenderWorkspace>>, participants: number) {
  const caches = await Promise.all([mkdtemp(join(tmpdir(), 'workbench-lab-bench-render-')), mkdtemp(join(tmpdir(), 'workbench-lab-bench-validate-'))]);
  const saved = [process.env[RENDER_CACHE_VARIABLE], process.env[VALIDATE_CACHE_VARIABLE]];
  [process.env[RENDER_CACHE_VARIABLE], process.env[VALIDATE_CACHE_VARIABLE]] = caches;
  const render = () => renderCommand({ repoRoot: ws.dir, environments: ['lab'], check: false, quiet: true, out: () => undefined });
  try {
    await rm(join(ws.dir, LAB_FILE));
    await render();
    await validateEnvironment(ws.dir, 'lab');
    await ws.write(LAB_FILE, labSpec(participants));
    const renderStarted = performance.now();
    const rendered = await render();
    const renderSeconds = (performance.now() - renderStarted) / 1000;
    if (!rendered.ok || !rendered.rendered.some((r) => r.env === 'cloud/lab' && r.cached)) throw new Error("lab.yml's render failed, or ran the unchanged cloud stack again");
    const validateStarted = performance.now();
    await validateEnvironment(ws.dir, 'lab');
    return { renderSeconds, validateSeconds: (performance.now() - validateStarted) / 1000 };
  } finally {
    [process.env[RENDER_CACHE_VARIABLE], process.env[VALIDATE_CACHE_VARIABLE]] = saved;
    await Promise.all(caches.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

process.stdout.write('rendering the lab environment without a lab (baseline) …\n');
const empty = await renderLab(undefined);
let perParticipant = 0;
const rows = [`| 0 (baseline) | ${empty.objects} | ${empty.renderSeconds.toFixed(1)} s | ${empty.firstSeconds.toFixed(1)} s | — | — | ${empty.validateSeconds.toFixed(1)} s | ${(empty.renderSeconds + empty.validateSeconds).toFixed(1)} s | — | ${empty.peakMiB.toFixed(0)} MiB |`];
for (const participants of SIZES) {
  process.stdout.write(`rendering a lab with ${participants} participants …\n`);
  const r = await renderLab(participants);
  const added = r.renderSeconds - empty.renderSeconds;
  perParticipant = (r.objects - empty.objects) / participants;
  process.stdout.write(`  as lab.yml runs: render ${r.workflow!.renderSeconds.toFixed(1)} s, validate ${r.workflow!.validateSeconds.toFixed(1)} s\n`);
  process.stdout.write(`  ${r.objects} objects: render ${r.renderSeconds.toFixed(1)} s (first ${r.firstSeconds.toFixed(1)} s; ${added.toFixed(1)} s over the baseline), floor ${r.floorSeconds.toFixed(2)} s, validate ${r.validateSeconds.toFixed(1)} s\n`);
  rows.push(
    `| ${participants} | ${r.objects} | ${r.renderSeconds.toFixed(1)} s | ${r.firstSeconds.toFixed(1)} s | ${added.toFixed(1)} s (${((added * 1000) / participants).toFixed(0)} ms per participant) | ${(r.renderSeconds / r.floorSeconds).toFixed(0)}× (floor ${r.floorSeconds.toFixed(2)} s) | ${r.validateSeconds.toFixed(1)} s | ${(r.renderSeconds + r.validateSeconds).toFixed(1)} s | ${r.workflow!.renderSeconds.toFixed(1)} + ${r.workflow!.validateSeconds.toFixed(1)} = ${(r.workflow!.renderSeconds + r.workflow!.validateSeconds).toFixed(1)} s | ${r.peakMiB.toFixed(0)} MiB |`,
  );
}
await publishBenchmark({
  title: `Lab render: one lab of 10, 50 and 200 participants`,
  method: `\`workbench render --env lab\` (the lab environment and its cloud stack's plan, every program run: no result cache) with one spark-notebook lab (${perParticipant} objects per participant), against the lab environment rendered without a lab in the same run (the baseline: process start, SDK load, platform services) and the floor of laying out the same objects as YAML in-process. "render" is the second render in the lab's checkout, as lab.yml renders with main's program bundles restored; "first" also bundles the programs for the new checkout. Validation is \`workbench validate --env lab\` (schemas, kustomize build of every folder, policies; no validate cache), which lab.yml runs after the render. "As lab.yml runs" restores main's results first (main rendered and validated the lab environment without this lab): the lab's cloud stack plan is reused, the lab environment rendered again, and kustomize builds only the files main did not.`,
  columns: ['participants', 'objects', 'render', 'first render', 'over the baseline', 'ratio to floor', 'validate', 'render + validate', 'as lab.yml runs: render + validate', 'peak memory'],
  rows,
});
