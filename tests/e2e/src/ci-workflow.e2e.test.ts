import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubApiServer, type Handler } from '../../../tools/workbench/test/support/github-api-server.js';
import { addFixtureProjects, type FixtureProjects, pinInProductionAsInStaging } from '../support/fixture-projects.js';
import { addBareOrigin, checkoutFingerprint, COMMAND_ENV, createTempWorkspace, type TempWorkspace } from '../support/temp-workspace.js';
import { stackFilePath } from '@workbench/stack-config';

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
const workbench = (args: string[]) => ws.run(join(ws.dir, 'node_modules/.bin/workbench'), args);
let fixture: FixtureProjects;

beforeAll(async () => {
  ws = await createTempWorkspace();
  ({ scratch } = await addBareOrigin(ws, 'workbench-ci-'));
  // The workspace this file needs: a lib, and a service and a job that import it; the service
  // also runs in production, so a pull request can change production without a promotion.
  fixture = await addFixtureProjects(ws, 'ci');
  await pinInProductionAsInStaging(ws, fixture.apps.service);
  await ws.commit(`promote ${fixture.apps.service}`);
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
  it('derives the merge base, reports the lib, its dependents and what merging releases, and comments once then updates', async () => {
    const { lib, apps } = fixture;
    const main = await git('rev-parse', 'main');
    await git('checkout', '-q', '-b', 'feature/contracts', 'main');
    await ws.write(`libs/${lib}/src/index.ts`, (await ws.read(`libs/${lib}/src/index.ts`)) + '\n// stricter contracts soon\n');
    await ws.commit(`${lib}: note`);
    const head = await git('rev-parse', 'HEAD');

    const shas = await step(['workbench', 'ci', 'shas', '--event', 'pull_request', '--base-branch', 'main']);
    expect(shas.exitCode, shas.output).toBe(0);
    expect(shas.outputs).toEqual({ base: main, head, tag: `sha-${head.slice(0, 12)}` });
    expect(shas.output).toContain('why  merge base of origin/main and HEAD');

    // Uncommitted edits are not the pull request: the report renders --head, not the working tree.
    const workload = `apps/${apps.service}/workload.yaml`;
    await ws.write(workload, (await ws.read(workload)).replace('maxReplicas: 4', 'maxReplicas: 9'));
    const report = await step(['workbench', 'ci', 'report', `--base=${main}`, `--head=${head}`, '--output', 'pr-report.md']);
    await git('checkout', '-q', '--', workload);
    expect(report.exitCode, report.output).toBe(0);
    const body = await ws.read('pr-report.md');
    expect(body).toContain('<!-- workbench:pr-report -->');
    expect(body).toMatch(/\*\*3 of \d+ projects affected\*\*/);
    expect(body).toContain(`| \`${lib}\` | lib | changed: libs/${lib}/src/index.ts |`);
    for (const app of Object.values(apps)) expect(body).toContain(`| \`${app}\` | app (deployable) | depends on ${lib} (changed) |`);
    const merging = body.slice(body.indexOf('### What merging does'), body.indexOf('#### Rendered manifests'));
    expect(merging).toContain('**Released to staging.**');
    for (const app of Object.values(apps)) expect(merging).toContain(`| \`${app}\` | depends on ${lib} (changed) |`);
    expect(merging).toContain('**Nothing goes live at merge:**');
    expect(merging).toContain(`- @workbench/platform-team: \`libs/${lib}/src/index.ts\``);
    for (const env of ['staging', 'production', 'lab']) expect(body).toContain(`| ${env} | 0 | 0 | 0 |`);

    const first = await step(['workbench', 'ci', 'comment', '--pr', '7', '--body-file', 'pr-report.md']);
    expect(first.output).toContain('Comment created');

    await ws.write(`libs/${lib}/src/index.ts`, (await ws.read(`libs/${lib}/src/index.ts`)) + '// and again\n');
    await ws.commit(`${lib}: another push`);
    const second = await step(['workbench', 'ci', 'report', `--base=${main}`, `--head=${await git('rev-parse', 'HEAD')}`, '--output', 'pr-report.md']);
    expect(second.exitCode, second.output).toBe(0);
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

describe('pr.yml on a pull request changing one app\'s production configuration', () => {
  it('reports only that app, says production changes at merge without a promotion, and whose approval that needs', async () => {
    const { customer, apps } = fixture;
    await git('checkout', '-q', '-b', 'feature/api-scale', 'main');
    const workload = `apps/${apps.service}/workload.yaml`;
    await ws.write(workload, (await ws.read(workload)).replace('maxReplicas: 4', 'maxReplicas: 6'));
    await workbench(['render']);
    await ws.commit(`${apps.service}: scale further in production`);
    const shas = await step(['workbench', 'ci', 'shas', '--event', 'pull_request']);
    const report = await step(['workbench', 'ci', 'report', `--base=${shas.outputs.base}`, `--head=${shas.outputs.head}`, '--output', 'pr-report.md']);
    expect(report.exitCode, report.output).toBe(0);
    const body = await ws.read('pr-report.md');
    expect(body).toMatch(/\*\*1 of \d+ projects affected\*\*/);
    expect(body).toContain(`| \`${apps.service}\` | app (deployable) | changed: ${workload} |`);
    expect(body).toContain('| staging | 0 | 0 | 0 |');
    expect(body).toContain('| production | 0 | 1 | 0 |');
    expect(body).toContain(`<code>~ HorizontalPodAutoscaler ${customer}/${apps.service}</code>`);
    const merging = body.slice(body.indexOf('### What merging does'), body.indexOf('#### Rendered manifests'));
    expect(merging).toContain(`- ⚠️ **production** · \`${apps.service}\`: \`~ HorizontalPodAutoscaler ${customer}/${apps.service}\``);
    expect(merging).not.toMatch(/^- staging/m);
    expect(merging).toContain(`Configuration changed here: \`${workload}\`.`);
    expect(merging).toContain(`- @workbench/${customer}-team: \`${workload}\``);
    expect(merging).toContain(`- @workbench/platform-team: \`environments/production/apps/${customer}/horizontalpodautoscaler-${apps.service}.yaml\``);
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
    const before = parse(await ws.read(stackFilePath('staging'))) as { config: Record<string, Record<string, unknown>> };
    await git('merge', '-q', '--no-ff', '-m', 'Merge feature/contracts', 'feature/contracts');
    await git('push', '-q', 'origin', 'main');
    const head = await git('rev-parse', 'HEAD');

    const shas = await step(['workbench', 'ci', 'shas', '--event', 'push', '--workflow', 'release.yml', '--branch', 'main']);
    expect(shas.exitCode, shas.output).toBe(0);
    expect(shas.outputs.base).toBe(released);
    expect(shas.output).toContain('last successful release.yml run #7 on main (skipped 1 run(s) whose commit is gone: #8 eeeeeeeeeeee)');

    const { apps, customer } = fixture;
    const affected = await step(['workbench', 'ci', 'affected', `--base=${shas.outputs.base}`, `--head=${head}`, '--deployable', '--output', 'apps']);
    expect(JSON.parse(affected.outputs.apps!)).toEqual([apps.service, apps.job].sort());

    const digests = join(scratch, 'digests');
    await execa('mkdir', ['-p', digests]);
    await writeFile(join(digests, apps.job), `sha256:${'a'.repeat(64)}`);
    const registry = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/workbench';
    const checkout = await checkoutFingerprint(ws);
    const release = await step(['workbench', 'release', 'staging', '--apps', affected.outputs.apps!, '--tag', shas.outputs.tag!, '--commit', head, '--registry', registry, '--digests', digests, '--push']);
    expect(release.exitCode, release.output).toBe(0);
    expect(release.output).toContain('Pushed main to origin.');
    expect(await checkoutFingerprint(ws), 'release never touches the checkout it runs in').toBe(checkout);
    await git('pull', '-q', '--ff-only', 'origin', 'main');

    const originLog = await ws.run('git', ['--git-dir', join(scratch, 'origin.git'), 'log', '-1', '--format=%s%n%b', 'main']);
    expect(originLog).toContain(`release(staging): ${[apps.service, apps.job].sort().join(', ')} at ${shas.outputs.tag} [skip ci]`);
    expect(originLog).toContain(`Source commit: ${head}`);
    const changed = (await ws.run('git', ['--git-dir', join(scratch, 'origin.git'), 'show', '--name-only', '--format=', 'main'])).split('\n');
    expect(changed).toContain('platform/workloads/Pulumi.staging.yaml');
    expect(changed.every((path) => path === 'platform/workloads/Pulumi.staging.yaml' || path.startsWith('environments/staging/'))).toBe(true);

    const stack = parse(await ws.read(stackFilePath('staging'))) as { config: Record<string, Record<string, unknown>> };
    const pins = stack.config['workloads:releases']!;
    expect(pins[apps.job]).toEqual({ image: `${registry}/${apps.job}`, tag: shas.outputs.tag, digest: `sha256:${'a'.repeat(64)}`, commit: head });
    for (const [app, pin] of Object.entries(before.config['workloads:releases']!)) {
      if (app !== apps.job && app !== apps.service) expect(pins[app], `${app} is untouched`).toEqual(pin);
    }
    const deployment = await ws.read(`environments/staging/apps/${customer}/deployment-${apps.service}.yaml`);
    expect(deployment).toContain(`image: ${registry}/${apps.service}:${shas.outputs.tag}`);
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
