import { join } from 'node:path';
import { git } from '../adapters/git.js';
import { Listr } from 'listr2';
import type { Environment } from '../environments.js';
import { cloudStacksOf, cloudUnit, renderCloudStack } from '../render/render-cloud.js';
import { compareWithDisk, type Drift, writeEnvironments } from '../render/environment-files.js';
import { renderEnvironment, type RenderedEnvironment, renderProblems } from '../render/render-environment.js';

export interface RenderOptions {
  repoRoot: string;
  environments: Environment[];
  check: boolean;
  /** Also plan the cloud program's stacks of these environments (and the shared stack when all are rendered). Default: true. */
  cloud?: boolean;
  /** Where progress and reports go. Default: stdout/stderr. */
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Hide the progress display (tests). */
  quiet?: boolean;
}

export interface RenderSummary {
  ok: boolean;
  rendered: RenderedEnvironment[];
  drift: Map<string, Drift>;
}

/**
 * Renders the environments in parallel (one process each), then — only when every one
 * succeeded — writes them all atomically, or with `check` compares them with the committed files.
 */
export async function renderCommand(options: RenderOptions): Promise<RenderSummary> {
  const out = options.out ?? ((line: string) => process.stdout.write(line + '\n'));
  const err = options.err ?? ((line: string) => process.stderr.write(line + '\n'));
  const started = performance.now();
  const rendered: RenderedEnvironment[] = [];
  const units = renderUnits(options.environments, options.cloud ?? true);
  const tasks = new Listr(
    units.map((unit) => ({
      title: `render ${unit.folder}`,
      task: async (_ctx: unknown, task: { title: string }) => {
        const result = await unit.render(options.repoRoot);
        rendered.push(result);
        // Thrown so the progress display marks the unit failed; the problems are listed below.
        if (result.problems.length) throw new Error(`render ${unit.folder}: ${result.problems.length} problem(s), listed below`);
        const reused = result.cached ? ' (inputs unchanged: reused)' : '';
        task.title = result.cloudResources
          ? `render ${unit.folder}: ${result.cloudResources.length} cloud resources, policies passed${reused}`
          : `render ${unit.folder}: ${result.objects.length} objects, ${result.apps.length} apps${reused}`;
      },
    })),
    { concurrent: true, exitOnError: false, ...(options.quiet ? { renderer: 'silent' as const } : {}) },
  );
  await tasks.run();
  const order = units.map((unit) => unit.folder);
  rendered.sort((a, b) => order.indexOf(a.env) - order.indexOf(b.env));

  const problems = renderProblems(rendered);
  if (problems.length > 0 || rendered.length !== units.length) {
    err(`\nRender failed; nothing was written:`);
    for (const line of problems) err(`  ${line}`);
    return { ok: false, rendered, drift: new Map() };
  }

  const environmentsDir = join(options.repoRoot, 'environments');
  const drift = new Map<string, Drift>();
  if (options.check) {
    for (const r of rendered) drift.set(r.env, await compareWithDisk(join(environmentsDir, r.env), r.files));
    const lines = [...drift].flatMap(([env, d]) => [
      ...d.stale.map((p) => `  environments/${env}/${p}: differs from what the inputs render (edited by hand, or inputs changed)`),
      ...d.missing.map((p) => `  environments/${env}/${p}: missing`),
      ...d.extra.map((p) => `  environments/${env}/${p}: not produced by the render (added by hand)`),
    ]);
    if (lines.length > 0) {
      err(`\nRendered environments are out of date:`);
      for (const line of lines) err(line);
      err(`\nFix: run \`npx workbench render\` and commit environments/.`);
      return { ok: false, rendered, drift };
    }
  } else {
    await writeEnvironments(environmentsDir, rendered, err);
  }

  if (options.check) await warnUncommitted(options.repoRoot, rendered.map((r) => r.env), err);
  const objects = rendered.reduce((n, r) => n + r.objects.length, 0);
  const apps = new Set(rendered.flatMap((r) => r.apps)).size;
  const environments = rendered.filter((r) => !r.cloudResources);
  const stacks = rendered.filter((r) => r.cloudResources);
  const cloudResources = stacks.reduce((n, r) => n + (r.cloudResources?.length ?? 0), 0);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  out(
    `${options.check ? 'Checked' : 'Rendered'} ${environments.length} environment(s) (${environments.map((r) => r.env).join(', ')}): ` +
      `${apps} app(s), ${objects} objects` +
      (stacks.length ? `; ${stacks.length} cloud stack(s) (${stacks.map((r) => r.env.split('/').at(-1)).join(', ')}): ${cloudResources} resources` : '') +
      ` in ${seconds} s${options.check ? ' — committed output is current' : ''}`,
  );
  return { ok: true, rendered, drift };
}

interface RenderUnit {
  /** Its folder under environments/. */
  folder: string;
  render(repoRoot: string): Promise<RenderedEnvironment>;
}

/**
 * What a render of these environments produces: each environment's Kubernetes objects and its
 * cloud stack's plan, and the shared cloud stack when every environment is rendered.
 */
function renderUnits(environments: Environment[], cloud: boolean): RenderUnit[] {
  const units: RenderUnit[] = environments.map((env) => ({ folder: env, render: (repoRoot) => renderEnvironment(repoRoot, env) }));
  if (!cloud) return units;
  const stacks = cloudStacksOf(environments);
  return [...units, ...stacks.map((stack) => ({ folder: cloudUnit(stack), render: (repoRoot: string) => renderCloudStack(repoRoot, stack) }))];
}

/**
 * `--check` compares with the files on disk; CI compares with the commit. Output that is current
 * here but not committed would pass here and fail there, so say so.
 */
async function warnUncommitted(repoRoot: string, envs: string[], err: (line: string) => void): Promise<void> {
  const status = await git(repoRoot, ['status', '--porcelain', '--', ...envs.map((env) => `environments/${env}`)]).catch(() => '');
  const files = status.split('\n').filter(Boolean);
  if (files.length === 0) return;
  err(`Note: the rendered files are current, but ${files.length} under environments/ are not committed (git status environments/); commit them, or the check fails in CI.`);
}
