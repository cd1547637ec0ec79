import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { setReleasePins, stackFilePath } from '@workbench/stack-config';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GitHubApiServer, type Handler } from '../../../tools/workbench/test/support/github-api-server.js';
import { MlflowApiServer } from '../../../tools/workbench/test/support/mlflow-api-server.js';
import { addBareOrigin, checkoutFingerprint, COMMAND_ENV, createTempWorkspace, dirtyTheCheckout, linkInstalledPackages, type TempWorkspace } from '../support/temp-workspace.js';

// Promotion, rollback and history on a scratch history: a bare repository as origin and the
// local GitHub API server checked against GitHub's OpenAPI description.
let ws: TempWorkspace;
let server: GitHubApiServer;
let scratch: string;
let failPullRequests = false;
const pulls: { number: number; head: string; title: string; body: string; html_url: string }[] = [];

const handlers: Record<string, Handler> = {
  'GET /repos/{owner}/{repo}/pulls': ({ query }) => ({ status: 200, body: pulls.filter((p) => `workbench:${p.head}` === query.head) }),
  'POST /repos/{owner}/{repo}/pulls': ({ body }) => {
    if (failPullRequests) return { status: 502, body: { message: 'Bad Gateway' } };
    const b = body as { head: string; title: string; body: string };
    const pr = { number: 100 + pulls.length, head: b.head, title: b.title, body: b.body, html_url: `https://github.test/pull/${100 + pulls.length}` };
    pulls.push(pr);
    return { status: 201, body: pr };
  },
  'PATCH /repos/{owner}/{repo}/pulls/{pull_number}': ({ path, body }) => {
    const pr = pulls.find((p) => p.number === Number(path.split('/').pop()))!;
    Object.assign(pr, body);
    return { status: 200, body: pr };
  },
};

async function workbench(args: string[], cwd?: string, env: Record<string, string | undefined> = {}) {
  const result = await execa(join(ws.dir, 'node_modules/.bin/workbench'), args, {
    cwd: cwd ?? ws.dir,
    reject: false,
    all: true,
    extendEnv: false,
    env: { ...process.env, ...COMMAND_ENV, GITHUB_API_URL: server.baseUrl, GITHUB_TOKEN: 't', GITHUB_REPOSITORY: 'workbench/workbench', ...env },
  });
  return { exitCode: result.exitCode, output: String(result.all) };
}
const git = (...args: string[]) => ws.run('git', ['-c', 'user.name=dev', '-c', 'user.email=dev@example.com', ...args]);
const pin = (app: string, commit: string) => ({ image: `ghcr.io/workbench/${app}`, tag: `sha-${commit.slice(0, 12)}`, commit });

async function setPins(env: string, pins: Record<string, unknown>, extra = '') {
  const file = stackFilePath(env);
  const text = (await ws.read(file)).replace(/ {2}workloads:(releases|overrides|freezes|holds):[\s\S]*?(?=\n {2}workloads:|\s*$)/g, '');
  await ws.write(file, `${text.trimEnd()}\n  workloads:releases: ${JSON.stringify(pins)}\n${extra}`);
}

let base: string;
let feature: string;

beforeAll(async () => {
  ws = await createTempWorkspace();
  ({ scratch } = await addBareOrigin(ws, 'workbench-promote-'));
  base = await git('rev-parse', 'HEAD');
  // Two changes to the churn API after the base: one in the app, one in a lib it uses.
  await ws.write('apps/acme-churn-api/src/churn-model.ts', (await ws.read('apps/acme-churn-api/src/churn-model.ts')) + '\n// faster scoring\n');
  await ws.commit('churn-api: faster scoring');
  await ws.write('libs/ml-sdk/src/metrics.ts', (await ws.read('libs/ml-sdk/src/metrics.ts')) + '\n// clearer errors\n');
  await ws.commit('ml-sdk: clearer errors');
  // A lib no app depends on (labs are the platform's): its commit belongs to no app's history.
  await ws.write('libs/lab-spec/src/limits.ts', (await ws.read('libs/lab-spec/src/limits.ts')) + '\n// unrelated to the API\n');
  feature = await ws.commit('lab-spec: unrelated');
  await setPins('staging', { 'acme-churn-api': pin('acme-churn-api', feature), 'globex-sales-etl': pin('globex-sales-etl', feature) });
  await setPins('production', { 'acme-churn-api': pin('acme-churn-api', base), 'globex-sales-etl': pin('globex-sales-etl', base) });
  await ws.run(join(ws.dir, 'node_modules/.bin/workbench'), ['render', '--env', 'staging', 'production']);
  await ws.commit('release(staging)');
  await git('push', '-q', 'origin', 'main');
  server = new GitHubApiServer(handlers);
  await server.start();
});
afterAll(async () => {
  await server.stop();
  await ws.dispose();
  await rm(scratch, { recursive: true, force: true });
});

describe('workbench status', () => {
  it('shows the versions per environment and how far production is behind staging', async () => {
    const result = await workbench(['status', '--json']);
    const status = JSON.parse(result.output.slice(result.output.indexOf('{'))) as { apps: { app: string; versions: Record<string, string>; productionBehindStaging: number }[] };
    const api = status.apps.find((a) => a.app === 'acme-churn-api')!;
    expect(api.versions).toEqual({ staging: `sha-${feature.slice(0, 12)}`, production: `sha-${base.slice(0, 12)}`, lab: null });
    expect(api.productionBehindStaging).toBe(2); // its own change and ml-sdk's, not lab-spec's
  });
});

describe('workbench promote', () => {
  it('refuses before writing: the same environment, an unknown environment', async () => {
    expect((await workbench(['promote', 'staging', 'staging'])).output).toContain('cannot promote staging to itself');
    const unknown = await workbench(['promote', 'staging', 'prod']);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.output).toContain('unknown environment "prod"');
  });

  it('checks the GitHub credentials first, naming each missing one, and changes nothing', async () => {
    const originBefore = await ws.run('git', ['--git-dir', join(scratch, 'origin.git'), 'for-each-ref']);
    for (const args of [['promote', 'staging', 'production'], ['rollback', 'production', '--app', 'acme-churn-api', '--reason', 'x']]) {
      const result = await workbench(args, undefined, { GITHUB_TOKEN: undefined, GITHUB_REPOSITORY: undefined });
      expect(result.exitCode, result.output).toBe(2);
      expect(result.output).toContain('GITHUB_TOKEN (a token that may push branches');
      expect(result.output).toContain('GITHUB_REPOSITORY (owner/repo');
    }
    expect(await ws.run('git', ['--git-dir', join(scratch, 'origin.git'), 'for-each-ref'])).toBe(originBefore);
    expect(await git('status', '--porcelain')).toBe('');
    expect(pulls).toHaveLength(0);
    const help = await workbench(['promote', '--help']);
    expect(help.output).toMatch(/Environment:\n\s+GITHUB_TOKEN/);
  });

  it('--dry-run prints the branch, the changed files and the body, pushing nothing and needing no token', async () => {
    const originBefore = await ws.run('git', ['--git-dir', join(scratch, 'origin.git'), 'for-each-ref']);
    const dry = await workbench(['promote', 'staging', 'production', '--app', 'acme-churn-api', '--dry-run'], undefined, { GITHUB_TOKEN: undefined });
    expect(dry.exitCode, dry.output).toBe(0);
    expect(dry.output).toMatch(/Dry run: nothing was pushed and no pull request was opened\. A real run would push promote\/production\/[0-9a-f]{10}/);
    // The render in the worktree takes seconds: it says so before and after.
    expect(dry.output).toMatch(/rendering production, (cloud\/\w+, )*cloud\/production …\nrendered in \d+\.\d s/);
    expect(dry.output).toContain('  platform/workloads/Pulumi.production.yaml');
    expect(dry.output).toMatch(/ {2}environments\/production\/apps\/acme\/deployment-acme-churn-api\.yaml/);
    expect(dry.output).toContain(`| \`acme-churn-api\` | \`sha-${base.slice(0, 12)}\` | \`sha-${feature.slice(0, 12)}\` |`);
    expect(await ws.run('git', ['--git-dir', join(scratch, 'origin.git'), 'for-each-ref'])).toBe(originBefore);
    expect(await git('branch', '--list', 'promote/*')).toBe('');
    expect(await git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(await git('status', '--porcelain')).toBe('');
    expect(pulls).toHaveLength(0);
  });

  it('promotes one app from a dirty checkout: a branch named after the change, a pull request with the commits, the checkout byte-identical', async () => {
    const clean = await dirtyTheCheckout(ws);
    const before = await checkoutFingerprint(ws);
    const result = await workbench(['promote', 'staging', 'production', '--app', 'acme-churn-api']);
    expect(result.exitCode, result.output).toBe(0);
    expect(await checkoutFingerprint(ws)).toBe(before);
    await clean();
    expect(result.output).toMatch(/Pull request created: https:\/\/github.test\/pull\/100/);
    const pr = pulls[0]!;
    expect(pr.head).toMatch(/^promote\/production\/[0-9a-f]{10}$/);
    expect(pr.title).toBe(`Promote acme-churn-api sha-${feature.slice(0, 12)} to production`);
    expect(pr.body).toContain(`| \`acme-churn-api\` | \`sha-${base.slice(0, 12)}\` | \`sha-${feature.slice(0, 12)}\` |`);
    expect(pr.body).toContain('churn-api: faster scoring');
    expect(pr.body).toContain('ml-sdk: clearer errors');
    expect(pr.body).not.toContain('lab-spec: unrelated');
    expect(pr.body).toMatch(/\*\*Manifests in production\*\*: 0 added, \d+ changed, 0 removed/);
    const pushed = await ws.run('git', ['--git-dir', join(scratch, 'origin.git'), 'show', `${pr.head}:platform/workloads/Pulumi.production.yaml`]);
    expect(pushed).toContain(`sha-${feature.slice(0, 12)}`);
    expect(await git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(await git('status', '--porcelain')).toBe('');
  });

  it('the same promotion twice updates the one pull request', async () => {
    const again = await workbench(['promote', 'staging', 'production', '--app', 'acme-churn-api']);
    expect(again.output).toContain('already pushed');
    expect(again.output).toContain('Pull request updated: https://github.test/pull/100');
    expect(pulls).toHaveLength(1);
  });

  it('refuses a version not running in the source, unless it is a hotfix with a reason', async () => {
    const other = 'a'.repeat(40);
    const refused = await workbench(['promote', 'staging', 'production', '--app', 'globex-sales-etl', '--version', 'sha-aaaaaaaaaaaa', '--commit', other]);
    expect(refused.exitCode).toBe(1);
    expect(refused.output).toContain('is not the version running in staging');
    const noReason = await workbench(['promote', 'staging', 'production', '--app', 'globex-sales-etl', '--version', 'sha-aaaaaaaaaaaa', '--commit', other, '--hotfix']);
    expect(noReason.output).toContain('--hotfix needs --reason');
    const hotfix = await workbench(['promote', 'staging', 'production', '--app', 'globex-sales-etl', '--version', 'sha-aaaaaaaaaaaa', '--commit', other, '--hotfix', '--reason', 'CVE-2026-1234 in the CSV parser']);
    expect(hotfix.exitCode, hotfix.output).toBe(0);
    expect(pulls.at(-1)!.title).toBe('Hotfix globex-sales-etl sha-aaaaaaaaaaaa to production');
    expect(pulls.at(-1)!.body).toContain('> **Hotfix**: CVE-2026-1234 in the CSV parser');
  });

  it('respects a freeze window of the target, except for hotfixes', async () => {
    const production = await ws.read(stackFilePath('production'));
    await ws.write(stackFilePath('production'), `${production.trimEnd()}\n  workloads:freezes: [{ start: "2020-01-01T00:00:00Z", end: "2099-01-01T00:00:00Z", reason: "audit" }]\n`);
    await ws.commit('freeze production');
    const frozen = await workbench(['promote', 'staging', 'production']);
    expect(frozen.exitCode).toBe(1);
    expect(frozen.output).toContain('production is frozen from 2020-01-01T00:00:00Z to 2099-01-01T00:00:00Z: audit');
    const status = await workbench(['status']);
    expect(status.output).toContain('production: frozen from');
    await ws.write(stackFilePath('production'), production);
    await ws.commit('unfreeze production');
  });

  it('survives a GitHub API failure: the branch stays pushed and re-running resumes', async () => {
    failPullRequests = true;
    const failed = await workbench(['promote', 'staging', 'production']);
    expect(failed.exitCode).toBe(1);
    expect(failed.output).toMatch(/promote\/production\/[0-9a-f]{10} is pushed, but the pull request could not be opened: .*Re-run the same command to resume/s);
    failPullRequests = false;
    // A network failure is said to be one, once.
    const offline = await workbench(['promote', 'staging', 'production'], undefined, { GITHUB_API_URL: 'http://127.0.0.1:59999' });
    expect(offline.exitCode).toBe(1);
    expect(offline.output).toContain('network failure: could not reach http://127.0.0.1:59999');
    expect(offline.output).not.toContain('with id UNKNOWN');
    const resumed = await workbench(['promote', 'staging', 'production']);
    expect(resumed.exitCode, resumed.output).toBe(0);
    expect(resumed.output).toContain('already pushed');
    expect(resumed.output).toContain('Pull request created');
    expect(pulls.at(-1)!.body).toContain('`globex-sales-etl`');
    expect(server.violations).toEqual([]);
  });
});

describe('workbench rollback and history', () => {
  it('rolls back to the previous version with a hold that automatic promotion respects', async () => {
    // Merge the one-app promotion: production now runs the feature build of the churn API.
    await git('merge', '-q', '--no-ff', '-m', 'Merge pull request #100 from workbench/promote', `origin/${pulls[0]!.head}`);
    // Then its configuration changes on main: a rollback moves the image only, and must say so.
    const workload = 'apps/acme-churn-api/workload.yaml';
    await ws.write(workload, (await ws.read(workload)).replace('  LOG_LEVEL: info\n', '  LOG_LEVEL: info\n  SCORE_CACHE: "on"\n'));
    await workbench(['render']);
    const reconfigured = await ws.commit('churn-api: cache scores');
    await git('push', '-q', 'origin', 'main');
    const noReason = await workbench(['rollback', 'production', '--app', 'acme-churn-api']);
    expect(noReason.exitCode).toBe(2);
    expect(noReason.output).toContain("required option '--reason <why>' not specified");
    const clean = await dirtyTheCheckout(ws);
    const before = await checkoutFingerprint(ws);
    const rollback = await workbench(['rollback', 'production', '--app', 'acme-churn-api', '--reason', 'p99 latency doubled']);
    expect(rollback.exitCode, rollback.output).toBe(0);
    expect(await checkoutFingerprint(ws)).toBe(before);
    await clean();
    const pr = pulls.at(-1)!;
    expect(pr.title).toBe(`Roll back acme-churn-api in production to sha-${base.slice(0, 12)}`);
    expect(pr.head).toMatch(/^rollback\/production\/[0-9a-f]{10}$/);
    expect(pr.body).toContain('> **Rollback**: p99 latency doubled');
    expect(rollback.output).toContain(`acme-churn-api: its configuration (${workload}) changed in 1 commit(s) after sha-${base.slice(0, 12)} was built`);
    expect(rollback.output).toContain(`  ${reconfigured.slice(0, 12)} churn-api: cache scores`);
    expect(pr.body).toContain(`| \`acme-churn-api\` | \`sha-${base.slice(0, 12)}\` | \`${reconfigured.slice(0, 12)}\` churn-api: cache scores |`);
    // Asked for twice (by two people, with other words): one branch, one pull request.
    const count = pulls.length;
    const twice = await workbench(['rollback', 'production', '--app', 'acme-churn-api', '--reason', 'latency']);
    expect(twice.output).toContain('already pushed');
    expect(twice.output).toContain(`Pull request updated: ${pr.html_url}`);
    expect(pulls).toHaveLength(count);
    await git('merge', '-q', '--no-ff', '-m', `Merge pull request #${pr.number} from workbench/rollback`, `origin/${pr.head}`);
    const stack = parse(await ws.read(stackFilePath('production'))) as { config: Record<string, Record<string, Record<string, string>>> };
    expect(stack.config['workloads:releases']!['acme-churn-api']!.tag).toBe(`sha-${base.slice(0, 12)}`);
    expect(stack.config['workloads:holds']!['acme-churn-api']).toMatchObject({ version: `sha-${base.slice(0, 12)}`, reason: 'p99 latency doubled' });

    const automatic = await workbench(['promote', 'staging', 'production']);
    expect(automatic.output).toMatch(/skip acme-churn-api: held in production at sha-\w+ since .* \(p99 latency doubled\)/);
    const deliberate = await workbench(['promote', 'staging', 'production', '--app', 'acme-churn-api']);
    expect(deliberate.exitCode, deliberate.output).toBe(0);
    expect(pulls.at(-1)!.body).toContain('(releases its hold)');

    const history = await workbench(['history', 'production', '--app', 'acme-churn-api', '--json']);
    const entries = JSON.parse(history.output.slice(history.output.indexOf('['))) as { pullRequest: number | null; changes: { from: string; to: string }[] }[];
    expect(entries[0]).toMatchObject({
      pullRequest: pr.number,
      changes: [{ from: `sha-${feature.slice(0, 12)}`, to: `sha-${base.slice(0, 12)}` }],
      holds: [{ app: 'acme-churn-api', held: { version: `sha-${base.slice(0, 12)}`, reason: 'p99 latency doubled' } }],
    });
    expect(entries[1]).toMatchObject({ pullRequest: 100, changes: [{ from: `sha-${base.slice(0, 12)}`, to: `sha-${feature.slice(0, 12)}` }] });
  });

  it('history credits a commit made directly on main to no pull request, even after later merges', async () => {
    const file = stackFilePath('production');
    await ws.write(file, setReleasePins(await ws.read(file), { 'globex-sales-etl': pin('globex-sales-etl', 'b'.repeat(40)) }));
    const direct = await ws.commit('pin globex by hand');
    await git('checkout', '-q', '-b', 'feature/docs');
    await ws.write('docs.md', 'x\n');
    await ws.commit('docs');
    await git('checkout', '-q', 'main');
    await git('merge', '-q', '--no-ff', '-m', 'Merge pull request #101 from workbench/feature-docs', 'feature/docs');
    const history = await workbench(['history', 'production', '--json']);
    const entries = JSON.parse(history.output.slice(history.output.indexOf('['))) as { commit: string; pullRequest: number | null }[];
    expect(entries.find((e) => e.commit === direct)).toMatchObject({ pullRequest: null });
    expect((await workbench(['history', 'production'])).output).toContain('acme-churn-api: held at');
  });

  it('refuses to roll back to a version that never ran there', async () => {
    const result = await workbench(['rollback', 'production', '--app', 'acme-churn-api', '--to', 'sha-ffffffffffff', '--reason', 'test']);
    expect(result.exitCode).toBe(1);
    expect(result.output).toContain('sha-ffffffffffff never ran in production');
  });
});

describe('two promotions at the same time', () => {
  it('never lose a change: each gets its own branch and pull request', async () => {
    await git('push', '-q', 'origin', 'main');
    const clones = [join(scratch, 'alice'), join(scratch, 'bob')];
    for (const clone of clones) {
      await execa('git', ['clone', '-q', join(scratch, 'origin.git'), clone]);
      await linkInstalledPackages(clone);
    }
    const before = pulls.length;
    const [alice, bob] = await Promise.all([
      workbench(['promote', 'staging', 'lab', '--app', 'acme-churn-api'], clones[0]),
      workbench(['promote', 'staging', 'lab', '--app', 'globex-sales-etl'], clones[1]),
    ]);
    expect(alice.exitCode, alice.output).toBe(0);
    expect(bob.exitCode, bob.output).toBe(0);
    const created = pulls.slice(before);
    expect(created.map((p) => p.title).sort(), `${alice.output}\n---\n${bob.output}`).toEqual([
      `Promote acme-churn-api sha-${feature.slice(0, 12)} to lab`,
      `Promote globex-sales-etl sha-${feature.slice(0, 12)} to lab`,
    ]);
    expect(new Set(created.map((p) => p.head)).size).toBe(2);
    const branches = await ws.run('git', ['--git-dir', join(scratch, 'origin.git'), 'branch', '--list', 'promote/*']);
    for (const pr of created) expect(branches).toContain(pr.head);
  });
});

describe('workbench rerun', () => {
  // Apps of their own (a cron and a service, pinned in staging and production), so the test does
  // not depend on the sample apps.
  const cron = 'rerun-nightly';
  const service = 'rerun-api';
  const originRefs = () => ws.run('git', ['--git-dir', join(scratch, 'origin.git'), 'for-each-ref']);
  const workload = (kind: string, extra: string) =>
    `apiVersion: workbench.dev/v1\nkind: ${kind}\ncustomer: rerunco\nowner: rerun-team\ndescription: re-run test\nresources: { cpu: 100m, memory: 128Mi }\n${extra}`;

  beforeAll(async () => {
    await ws.write(`apps/${cron}/workload.yaml`, workload('cron', 'schedule: "0 3 * * *"\n'));
    await ws.write(`apps/${service}/workload.yaml`, workload('service', 'port: 8080\n'));
    const head = await git('rev-parse', 'HEAD');
    for (const env of ['staging', 'production']) {
      const file = stackFilePath(env);
      const pins = { [cron]: pin(cron, head), [service]: pin(service, head) };
      await ws.write(file, setReleasePins(await ws.read(file), pins));
    }
    await ws.run(join(ws.dir, 'node_modules/.bin/workbench'), ['render', '--env', 'staging', 'production']);
    await ws.commit('rerun apps');
    await git('push', '-q', 'origin', 'main');
  });

  it('refuses a service, an unknown app, an environment where the app does not run and an empty reason, writing nothing', async () => {
    const before = await originRefs();
    const refused = async (args: string[], message: string) => {
      const result = await workbench(['rerun', ...args]);
      expect(result.exitCode, result.output).not.toBe(0);
      expect(result.output).toContain(message);
    };
    await refused([service, '--env', 'staging', '--reason', 'x'], `${service} is a service: it runs continuously`);
    await refused(['no-such-app', '--env', 'staging', '--reason', 'x'], 'no app "no-such-app" in apps/');
    await refused([cron, '--env', 'lab', '--reason', 'x'], `${cron} does not run in lab`);
    await refused([cron, '--env', 'staging', '--reason', '  '], '--reason is empty');
    await refused([cron, '--env', 'prod', '--reason', 'x'], 'unknown environment "prod"');
    const noToken = await workbench(['rerun', cron, '--env', 'production', '--reason', 'x'], undefined, { GITHUB_TOKEN: undefined });
    expect(noToken.exitCode).toBe(2);
    expect(noToken.output).toContain('GITHUB_TOKEN');
    expect(await originRefs()).toBe(before);
    expect(await git('status', '--porcelain')).toBe('');
  });

  it('on staging commits the re-run to main: a new one-off Job from the cron template, recorded in history', async () => {
    const result = await workbench(['rerun', cron, '--env', 'staging', '--reason', 'the upstream export arrived late']);
    expect(result.exitCode, result.output).toBe(0);
    const job = `environments/staging/apps/rerunco/job-${cron}-rerun-1.yaml`;
    expect(result.output).toContain(`Committed run 1 of ${cron} in staging`);
    expect(result.output).toContain(job);
    await git('pull', '-q', '--ff-only', 'origin', 'main');
    const rendered = parse(await ws.read(job)) as { kind: string; metadata: { labels: Record<string, string>; annotations: Record<string, string> }; spec: { template: unknown } };
    expect(rendered.kind).toBe('Job');
    expect(rendered.metadata.labels['workbench.dev/rerun']).toBe('1');
    expect(rendered.metadata.annotations['workbench.dev/rerun-reason']).toBe('the upstream export arrived late');
    const cronJob = parse(await ws.read(`environments/staging/apps/rerunco/cronjob-${cron}.yaml`)) as { spec: { jobTemplate: { spec: { template: unknown } } } };
    expect(rendered.spec.template).toEqual(cronJob.spec.jobTemplate.spec.template);
    const stack = parse(await ws.read(stackFilePath('staging'))) as { config: Record<string, Record<string, { run: number; reason: string }>> };
    expect(stack.config['workloads:reruns']![cron]).toMatchObject({ run: 1, reason: 'the upstream export arrived late' });
    expect((await workbench(['render', '--check', '--env', 'staging'])).exitCode).toBe(0);

    const again = await workbench(['rerun', cron, '--env', 'staging', '--reason', 'second try']);
    expect(again.exitCode, again.output).toBe(0);
    await git('pull', '-q', '--ff-only', 'origin', 'main');
    expect(existsSync(join(ws.dir, `environments/staging/apps/rerunco/job-${cron}-rerun-2.yaml`))).toBe(true);
    expect(existsSync(join(ws.dir, job))).toBe(false); // Flux prunes the previous re-run's Job
    const history = await workbench(['history', 'staging', '--app', cron]);
    expect(history.output).toContain(`${cron}: re-run 2 (second try)`);
    expect(history.output).toContain(`${cron}: re-run 1 (the upstream export arrived late)`);
  });

  it('on production opens a pull request like a promotion, and changes nothing on main', async () => {
    const mainBefore = await ws.run('git', ['--git-dir', join(scratch, 'origin.git'), 'rev-parse', 'main']);
    const before = pulls.length;
    const result = await workbench(['rerun', cron, '--env', 'production', '--reason', 'reprocess after the fix']);
    expect(result.exitCode, result.output).toBe(0);
    const pr = pulls[before]!;
    expect(pr.head).toBe(`rerun/production/${cron}-1`);
    expect(pr.title).toBe(`Re-run ${cron} in production (run 1)`);
    expect(pr.body).toContain('reprocess after the fix');
    expect(pr.body).toContain(`environments/production/apps/rerunco/job-${cron}-rerun-1.yaml`);
    expect(await ws.run('git', ['--git-dir', join(scratch, 'origin.git'), 'rev-parse', 'main'])).toBe(mainBefore);
  });
});

describe('models travel like images: workbench model release, promote, rollback, status and history', () => {
  // A service of its own that serves a model, pinned in staging and production; a stand-in MLflow
  // checked against MLflow's published REST API holds the registry.
  const app = 'scoreco-risk-api';
  const model = 'scoreco-risk';
  const mlflow = new MlflowApiServer();
  const sha = (c: string) => c.repeat(64);
  const registered = (n: number, auc: number, passed: boolean, trigger: string) =>
    mlflow.seedVersion(model, {
      metrics: { auc, recall: 0.7 },
      createdAt: `2026-11-2${n}T03:00:00Z`,
      tags: { 'workbench.artifact': `lake://models/scoreco/risk/run-${n}/model.json`, 'workbench.sha256': sha(String(n)), 'workbench.passed_bar': String(passed), 'workbench.retraining_trigger': trigger },
    });
  const withMlflow = { MLFLOW_TRACKING_URI: '' };
  const deployed = async (env: string) => {
    const deployment = parse(await ws.read(`environments/${env}/apps/scoreco/deployment-${app}.yaml`)) as { spec: { template: { spec: { containers: { env: { name: string; value?: string }[] }[] } } } };
    return Object.fromEntries(deployment.spec.template.spec.containers[0]!.env.map((e) => [e.name, e.value]));
  };
  const mergePullRequest = async (head: string) => {
    const pr = pulls.find((p) => p.head === head)!;
    await git('fetch', '-q', 'origin');
    await git('merge', '-q', '--no-ff', '-m', `Merge pull request #${pr.number} from workbench/${head}`, `origin/${head}`);
    await git('push', '-q', 'origin', 'main');
    return pr;
  };

  beforeAll(async () => {
    withMlflow.MLFLOW_TRACKING_URI = await mlflow.start();
    await ws.write(
      `apps/${app}/workload.yaml`,
      'apiVersion: workbench.dev/v1\nkind: service\ncustomer: scoreco\nowner: score-team\ndescription: scores risk\nresources: { cpu: 100m, memory: 128Mi }\nport: 8080\nmodel: risk\ndata: { read: [lake://models/scoreco/risk/] }\n',
    );
    const head = await git('rev-parse', 'HEAD');
    for (const env of ['staging', 'production']) await ws.write(stackFilePath(env), setReleasePins(await ws.read(stackFilePath(env)), { [app]: pin(app, head) }));
    await ws.run(join(ws.dir, 'node_modules/.bin/workbench'), ['render', '--env', 'staging', 'production']);
    await ws.commit('a model-serving app');
    await git('push', '-q', 'origin', 'main');
  });
  afterAll(() => mlflow.stop());

  it('model release checks for MLflow first, releases only into staging, and a dry run commits nothing', async () => {
    const originMain = () => ws.run('git', ['--git-dir', join(scratch, 'origin.git'), 'rev-parse', 'main']);
    const before = await originMain();
    const missing = await workbench(['model', 'release', 'staging', '--push']);
    expect([missing.exitCode, missing.output]).toEqual([2, expect.stringContaining('MLFLOW_TRACKING_URI is not set')]);
    const production = await workbench(['model', 'release', 'production', '--push'], undefined, withMlflow);
    expect([production.exitCode, production.output]).toEqual([1, expect.stringContaining('models are released into staging')]);
    registered(1, 0.8, true, 'schedule');
    const dry = await workbench(['model', 'release', 'staging', '--push', '--dry-run'], undefined, withMlflow);
    expect(dry.exitCode, dry.output).toBe(0);
    expect(dry.output).toContain(`${model}: (none pinned) -> version 1 (retrained on schedule)`);
    expect(dry.output).toContain('platform/workloads/Pulumi.staging.yaml');
    expect(await originMain()).toBe(before);
    expect(await git('status', '--porcelain')).toBe('');
  });

  it('model release pins the newest version past its bar in staging, and the serving app loads exactly it', async () => {
    const first = await workbench(['model', 'release', 'staging', '--push'], undefined, withMlflow);
    expect(first.exitCode, first.output).toBe(0);
    await git('pull', '-q', '--ff-only', 'origin', 'main');
    expect(await deployed('staging')).toMatchObject({ MODEL_VERSION: '1', MODEL_SHA256: sha('1'), MODEL_URI: 's3://workbench-staging-models/scoreco/risk/run-1/model.json' });
    // Promote version 1 to production: a pull request moving only the model.
    const promoted = await workbench(['promote', 'staging', 'production', '--model', model]);
    expect(promoted.exitCode, promoted.output).toBe(0);
    const firstPr = await mergePullRequest(pulls.at(-1)!.head);
    expect(firstPr.title).toBe(`Promote ${model} model 1 to production`);

    registered(2, 0.84, true, 'drift');
    registered(3, 0.9, false, 'newData');
    const second = await workbench(['model', 'release', 'staging', '--push'], undefined, withMlflow);
    expect(second.exitCode, second.output).toBe(0);
    expect(second.output).toContain(`${model}: version 3 left out: it did not pass its bar`);
    expect(second.output).toContain(`${model}: version 1 -> version 2 (retrained on drift)`);
    await git('pull', '-q', '--ff-only', 'origin', 'main');
    expect(await deployed('staging')).toMatchObject({ MODEL_VERSION: '2', MODEL_SHA256: sha('2') });
    expect((await workbench(['render', '--check', '--env', 'staging'])).exitCode).toBe(0);
    expect((await workbench(['model', 'release', 'staging', '--push'], undefined, withMlflow)).output).toContain('Nothing to release into staging.');
    expect(mlflow.violations).toEqual([]);
  });

  it('promote opens a pull request carrying the model version and its metrics against the version it replaces', async () => {
    const result = await workbench(['promote', 'staging', 'production', '--model', model]);
    expect(result.exitCode, result.output).toBe(0);
    const pr = pulls.at(-1)!;
    expect(pr.title).toBe(`Promote ${model} model 2 to production`);
    expect(pr.body).toContain(`| \`${model}\` | version 1 | version 2 | 2026-11-22T03:00:00.000Z | drift | auc 0.840 (was 0.800, +0.040)<br>recall 0.700 (was 0.700, +0.000) |`);
    await mergePullRequest(pr.head);
    expect(await deployed('production')).toMatchObject({ MODEL_VERSION: '2', MODEL_URI: 's3://workbench-staging-models/scoreco/risk/run-2/model.json' });
  });

  it('rollback returns production to the previous model with a hold that automatic promotion respects; status and history show it', async () => {
    const rollback = await workbench(['rollback', 'production', '--model', model, '--reason', 'recall dropped for new customers']);
    expect(rollback.exitCode, rollback.output).toBe(0);
    const pr = pulls.at(-1)!;
    expect(pr.title).toBe(`Roll back the model ${model} in production to version 1`);
    expect(pr.body).toContain('> **Rollback**: recall dropped for new customers');
    expect(pr.body).toContain(`| \`${model}\` | version 2 | version 1 |`);
    await mergePullRequest(pr.head);
    expect(await deployed('production')).toMatchObject({ MODEL_VERSION: '1', MODEL_SHA256: sha('1') });
    const stack = parse(await ws.read(stackFilePath('production'))) as { config: Record<string, Record<string, Record<string, string>>> };
    expect(stack.config['workloads:holds']![`model/${model}`]).toMatchObject({ version: '1', reason: 'recall dropped for new customers' });
    const automatic = await workbench(['promote', 'staging', 'production', '--dry-run']);
    expect(automatic.output).toMatch(new RegExp(`skip ${model} \\(model\\): held in production at version 1 since .* \\(recall dropped for new customers\\)`));

    const status = await workbench(['status', '--json']);
    const models = (JSON.parse(status.output.slice(status.output.indexOf('{'))) as { models: { model: string }[] }).models;
    expect(models.find((m) => m.model === model)).toEqual({
      model,
      versions: { staging: '2', production: '1', lab: null },
      held: { production: '1 (recall dropped for new customers)' },
      productionBehindStaging: 1,
    });
    expect((await workbench(['status'])).output).toMatch(new RegExp(`${model}\\s+version 2\\s+version 1 \\(held\\)\\s+—\\s+1 version\\(s\\)`));
    const history = await workbench(['history', 'production', '--model', model, '--json']);
    const entries = JSON.parse(history.output.slice(history.output.indexOf('['))) as { pullRequest: number; models: unknown[]; holds: unknown[] }[];
    expect(entries.map((e) => [e.pullRequest, e.models])).toEqual([
      [pr.number, [{ model, from: '2', to: '1' }]],
      [expect.any(Number), [{ model, from: '1', to: '2' }]],
      [expect.any(Number), [{ model, from: null, to: '1' }]],
    ]);
    expect(entries[0]!.holds).toEqual([{ app: `model/${model}`, held: { version: '1', reason: 'recall dropped for new customers' } }]);
    expect((await workbench(['history', 'production', '--model', 'nobody-model'])).exitCode).toBe(2);
  });
});
