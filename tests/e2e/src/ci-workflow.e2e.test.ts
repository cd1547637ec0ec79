import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubApiServer, type Handler } from '../../../tools/workbench/test/support/github-api-server.js';
import { addBareOrigin, COMMAND_ENV, createTempWorkspace, type TempWorkspace } from '../support/temp-workspace.js';

// The commands pr.yml and release.yml run, in the order they run them, on a scratch history in a
// temp clone with a bare repository as origin and the local GitHub API server.
let ws: TempWorkspace;
let server: GitHubApiServer;
let scratch: string;
const comments: { id: number; body: string; html_url: string }[] = [];
let releaseRuns: { id: number; run_number: number; head_sha: string }[] = [];

const handlers: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/issues/{issue_number}/comments': () => ({ status: 200, body: comments }),
  'POST /repos/{owner}/{repo}/issues/{issue_number}/comments': ({ body }) => {
    const comment = { id: 900 + comments.length, body: (body as { body: string }).body, html_url: `https://github.test/pr/7#c${comments.length}` };
    comments.push(comment);
    return { status: 201, body: comment };
  },
  'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}': ({ path, body }) => {
    const comment = comments.find((c) => c.id === Number(path.split('/').pop()))!;
    comment.body = (body as { body: string }).body;
    return { status: 200, body: comment };
  },
  'GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs': () => ({ status: 200, body: { total_count: releaseRuns.length, workflow_runs: releaseRuns } }),
};

/** Runs a workflow step's command with the variables GitHub Actions would set. */
async function step(args: string[], cwd = ws.dir) {
  const outputFile = join(scratch, `output-${Math.random().toString(16).slice(2)}`);
  await writeFile(outputFile, '');
  const result = await execa(join(ws.dir, 'node_modules/.bin', args[0]!), args.slice(1), {
    cwd,
    reject: false,
    all: true,
    env: { ...COMMAND_ENV, GITHUB_API_URL: server.baseUrl, GITHUB_TOKEN: 'test-token', GITHUB_REPOSITORY: 'workbench/workbench', GITHUB_OUTPUT: outputFile },
  });
  const outputs = Object.fromEntries((await readFile(outputFile, 'utf8')).split('\n').filter(Boolean).map((line) => line.split(/=(.*)/s).slice(0, 2)));
  return { exitCode: result.exitCode, output: String(result.all), outputs: outputs as Record<string, string> };
}

const git = (...args: string[]) => ws.run('git', ['-c', 'user.name=dev', '-c', 'user.email=dev@example.com', ...args]);

beforeAll(async () => {
  ws = await createTempWorkspace();
  ({ scratch } = await addBareOrigin(ws, 'workbench-ci-'));
  await git('push', '-q', 'origin', 'main');
  server = new GitHubApiServer(handlers);
  await server.start();
});
afterAll(async () => {
  await server.stop();
  await ws.dispose();
  await rm(scratch, { recursive: true, force: true });
});

describe('pr.yml on a pull request touching one lib', () => {
  it('derives the merge base, reports the lib and its dependents with reasons, and comments once then updates', async () => {
    const main = await git('rev-parse', 'main');
    await git('checkout', '-q', '-b', 'feature/contracts', 'main');
    await ws.write('libs/data-sdk/src/contract.ts', (await ws.read('libs/data-sdk/src/contract.ts')) + '\n// stricter contracts soon\n');
    await ws.commit('data-sdk: note');
    const head = await git('rev-parse', 'HEAD');

    const shas = await step(['workbench', 'ci', 'shas', '--event', 'pull_request', '--base-branch', 'main']);
    expect(shas.exitCode, shas.output).toBe(0);
    expect(shas.outputs).toEqual({ base: main, head, tag: `sha-${head.slice(0, 12)}` });
    expect(shas.output).toContain('why  merge base of origin/main and HEAD');

    const report = await step(['workbench', 'ci', 'report', `--base=${main}`, `--head=${head}`, '--output', 'pr-report.md']);
    expect(report.exitCode, report.output).toBe(0);
    const body = await ws.read('pr-report.md');
    expect(body).toContain('<!-- workbench:pr-report -->');
    expect(body).toMatch(/\*\*3 of \d+ projects affected\*\*/);
    expect(body).toContain('| `data-sdk` | lib | changed: libs/data-sdk/src/contract.ts |');
    expect(body).toContain('| `acme-churn-retrain` | app (deployable) | depends on data-sdk (changed) |');
    expect(body).toContain('| `globex-sales-etl` | app (deployable) | depends on data-sdk (changed) |');
    expect(body).toContain('| staging | 0 | 0 | 0 |');

    const first = await step(['workbench', 'ci', 'comment', '--pr', '7', '--body-file', 'pr-report.md']);
    expect(first.output).toContain('Comment created');

    await ws.write('libs/data-sdk/src/contract.ts', (await ws.read('libs/data-sdk/src/contract.ts')) + '// and again\n');
    await ws.commit('data-sdk: another push');
    const second = await step(['workbench', 'ci', 'report', `--base=${main}`, `--head=${await git('rev-parse', 'HEAD')}`, '--output', 'pr-report.md']);
    expect(second.exitCode).toBe(0);
    const updated = await step(['workbench', 'ci', 'comment', '--pr', '7', '--body-file', 'pr-report.md']);
    expect(updated.output).toContain('Comment updated');
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toBe(await ws.read('pr-report.md'));
    expect(server.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.template}`)).toEqual([
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
      'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
    ]);
    expect(server.violations).toEqual([]);
  });
});

describe('pr.yml on a pull request touching one app', () => {
  it('reports only that app, and the manifest diff of the environments it runs in', async () => {
    await git('checkout', '-q', '-b', 'feature/etl-resources', 'main');
    const file = 'apps/globex-sales-etl/workload.yaml';
    await ws.write(file, (await ws.read(file)).replace('cpu: 250m', 'cpu: 300m'));
    await ws.run(join(ws.dir, 'node_modules/.bin/workbench'), ['render']);
    await ws.commit('globex-sales-etl: more cpu');
    const shas = await step(['workbench', 'ci', 'shas', '--event', 'pull_request']);
    const report = await step(['workbench', 'ci', 'report', `--base=${shas.outputs.base}`, `--head=${shas.outputs.head}`, '--output', 'pr-report.md']);
    expect(report.exitCode, report.output).toBe(0);
    const body = await ws.read('pr-report.md');
    expect(body).toMatch(/\*\*1 of \d+ projects affected\*\*/);
    expect(body).toContain('| `globex-sales-etl` | app (deployable) | changed: apps/globex-sales-etl/workload.yaml |');
    expect(body).toContain('| staging | 0 | 1 | 0 |');
    expect(body).toContain('<code>~ Job globex/globex-sales-etl-');
    expect(body).toContain('| lab | 0 | 0 | 0 |');
  });
});

describe('release.yml on a push to main', () => {
  it('finds the last released commit, lists the deployable apps, pins them in staging and pushes one commit', async () => {
    const released = await git('rev-parse', 'main');
    releaseRuns = [
      { id: 2, run_number: 8, head_sha: 'e'.repeat(40) }, // its commit was force-pushed away
      { id: 1, run_number: 7, head_sha: released },
    ];
    await git('checkout', '-q', 'main');
    await git('merge', '-q', '--no-ff', '-m', 'Merge feature/contracts', 'feature/contracts');
    await git('push', '-q', 'origin', 'main');
    const head = await git('rev-parse', 'HEAD');

    const shas = await step(['workbench', 'ci', 'shas', '--event', 'push', '--workflow', 'release.yml', '--branch', 'main']);
    expect(shas.exitCode, shas.output).toBe(0);
    expect(shas.outputs.base).toBe(released);
    expect(shas.output).toContain('last successful release.yml run #7 on main (skipped 1 run(s) whose commit is gone: #8 eeeeeeeeeeee)');

    const affected = await step(['workbench', 'ci', 'affected', `--base=${shas.outputs.base}`, `--head=${head}`, '--deployable', '--output', 'apps']);
    expect(JSON.parse(affected.outputs.apps!)).toEqual(['acme-churn-retrain', 'globex-sales-etl']);

    const digests = join(scratch, 'digests');
    await execa('mkdir', ['-p', digests]);
    await writeFile(join(digests, 'globex-sales-etl'), `sha256:${'a'.repeat(64)}`);
    const registry = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/workbench';
    const release = await step(['workbench', 'release', 'staging', '--apps', affected.outputs.apps!, '--tag', shas.outputs.tag!, '--commit', head, '--registry', registry, '--digests', digests, '--push']);
    expect(release.exitCode, release.output).toBe(0);
    expect(release.output).toContain('Pushed to origin/main.');

    const originLog = await ws.run('git', ['--git-dir', join(scratch, 'origin.git'), 'log', '-1', '--format=%s%n%b', 'main']);
    expect(originLog).toContain(`release(staging): acme-churn-retrain, globex-sales-etl at ${shas.outputs.tag} [skip ci]`);
    expect(originLog).toContain(`Source commit: ${head}`);
    const changed = (await ws.run('git', ['--git-dir', join(scratch, 'origin.git'), 'show', '--name-only', '--format=', 'main'])).split('\n');
    expect(changed).toContain('platform/workloads/Pulumi.staging.yaml');
    expect(changed.every((path) => path === 'platform/workloads/Pulumi.staging.yaml' || path.startsWith('environments/staging/'))).toBe(true);

    const stack = parse(await ws.read('platform/workloads/Pulumi.staging.yaml')) as { config: Record<string, Record<string, unknown>> };
    expect(stack.config['workloads:releases']!['globex-sales-etl']).toEqual({ image: `${registry}/globex-sales-etl`, tag: shas.outputs.tag, digest: `sha256:${'a'.repeat(64)}`, commit: head });
    expect(stack.config['workloads:releases']!['acme-churn-api']).toMatchObject({ image: 'ghcr.io/workbench/acme-churn-api' }); // untouched
    const cron = await ws.read('environments/staging/apps/acme/cronjob-acme-churn-retrain.yaml');
    expect(cron).toContain(`image: ${registry}/acme-churn-retrain:${shas.outputs.tag}`);
    expect((await ws.attempt(join(ws.dir, 'node_modules/.bin/workbench'), ['render', '--check', '--env', 'staging'])).exitCode).toBe(0);
    expect(server.violations).toEqual([]);
  });
});

describe('workbench ci shas', () => {
  it('fails fast on a shallow clone, saying how to fix the checkout', async () => {
    const shallow = join(scratch, 'shallow');
    await execa('git', ['clone', '-q', '--depth', '1', `file://${join(scratch, 'origin.git')}`, shallow]);
    const result = await step(['workbench', 'ci', 'shas', '--event', 'pull_request'], shallow);
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('shallow clone');
    expect(result.output).toContain('fetch-depth: 0');
  });
});
