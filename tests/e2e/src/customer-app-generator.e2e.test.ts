import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imageRepository, readCloudSharedConfig } from '@workbench/stack-config';
import { appRuleViolations } from '../support/app-rules.js';
import { createTempWorkspace, type TempWorkspace } from '../support/temp-workspace.js';

// One `nx g` command in a temp clone, then everything CI would run against the new app. The
// names are the test's own (no sample app or README example uses them), so it passes however
// the repository has grown.
const id = Date.now().toString(36).slice(-6);
const CUSTOMER = `gen${id}`;
const OTHER = `gen${id}x`;
const app = (what: string) => `${CUSTOMER}-${what}`;
let ws: TempWorkspace;
const bin = (name: string) => join(ws.dir, 'node_modules/.bin', name);

beforeAll(async () => {
  ws = await createTempWorkspace();
});
afterAll(() => ws.dispose());

describe('nx g @workbench/nx-plugin:customer-app', () => {
  it('refuses bad input before writing anything, saying what would be accepted', async () => {
    const cases: [string[], RegExp][] = [
      [['Bad_Name', '--customer', 'initech', '--kind', 'service'], /not a DNS-1123 label/],
      [[(await readdir(join(ws.dir, 'apps')))[0]!, '--customer', CUSTOMER, '--kind', 'service'], /already exists/],
      [['apps/escape', '--customer', 'initech', '--kind', 'job'], /looks like a path/],
      [['x'.repeat(50), '--customer', 'initech', '--kind', 'job'], /at most 46 fit/],
      [['kube-thing', '--customer', 'initech', '--kind', 'job'], /reserved/],
      [['good-name', '--customer', 'Initech', '--kind', 'job'], /customer "Initech" is not a DNS-1123 label/],
      [['good-name', '--customer', 'initech', '--kind', 'daemon'], /daemon/],
    ];
    for (const [args, message] of cases) {
      const result = await ws.attempt(bin('nx'), ['g', '@workbench/nx-plugin:customer-app', ...args, '--no-interactive']);
      expect(result.exitCode, args.join(' ')).not.toBe(0);
      expect(result.output, args.join(' ')).toMatch(message);
    }
    expect(await ws.run('git', ['status', '--porcelain'])).toBe('');
  });

  it('adds a working service in one command: affected, lint/typecheck/test/build, render, validate, drift', async () => {
    const generate = await ws.attempt(bin('nx'), ['g', '@workbench/nx-plugin:customer-app', app('scorer'), '--customer', CUSTOMER, '--kind', 'service', '--host', `scorer.${CUSTOMER}.example.com`, '--skip-install', '--no-interactive']);
    expect(generate.exitCode, generate.output).toBe(0);
    expect(generate.output).toContain(`Next steps for ${app('scorer')}:`);
    expect(generate.output).toContain(`npx workbench promote staging production --app ${app('scorer')}`);

    const affected = JSON.parse(await ws.nx(['show', 'projects', '--affected', '--base=main', '--json'])) as string[];
    expect(affected).toEqual([app('scorer')]);

    const targets = await ws.attempt(bin('nx'), ['run-many', '-t', 'lint', 'typecheck', 'test', 'build', '-p', app('scorer'), '--outputStyle=static']);
    expect(targets.exitCode, targets.output).toBe(0);

    const deployment = parse(await ws.read(`environments/staging/apps/${CUSTOMER}/deployment-${app('scorer')}.yaml`)) as { spec: { template: { spec: { containers: { image: string }[] } } } };
    // The staging pin points at the ECR repository the cloud program creates for the app.
    expect(deployment.spec.template.spec.containers[0]!.image).toBe(`${imageRepository(readCloudSharedConfig(ws.dir), app('scorer'))}:sha-000000000000`);
    expect(await ws.read(`environments/staging/apps/${CUSTOMER}/ingress-${app('scorer')}.yaml`)).toContain(`host: scorer.${CUSTOMER}.example.com`);
    const production = await ws.run('git', ['status', '--porcelain', '--', 'environments/production']);
    expect(production).toBe('');
    expect(await ws.read('.github/CODEOWNERS')).toContain(`/apps/${app('scorer')}/ @workbench/${CUSTOMER}-team`);

    for (const [command, args] of [
      ['workbench', ['render', '--check']],
      ['workbench', ['validate', '--env', 'staging']],
      ['workbench', ['ci', 'drift']],
    ] as const) {
      const result = await ws.attempt(bin(command), [...args]);
      expect(result.exitCode, `${command} ${args.join(' ')}: ${result.output}`).toBe(0);
    }
 
    // Operated from day one: alerts labelled with its owner, a dashboard, and routing — to the
    // platform team until the owner declares a receiver in workloads:alerting.
    const rules = parse(await ws.read(`environments/staging/apps/${CUSTOMER}/prometheusrule-${app('scorer')}.yaml`)) as { spec: { groups: { rules: { alert?: string; labels?: Record<string, string> }[] }[] } };
    const alerts = rules.spec.groups.flatMap((g) => g.rules.filter((r) => r.alert));
    expect(alerts.map((r) => r.alert)).toContain('ServiceAvailabilityBurnRateFast');
    expect(alerts.every((r) => r.labels?.owner === `${CUSTOMER}-team` && r.labels.app === app('scorer'))).toBe(true);
    expect(await ws.read(`environments/staging/apps/${CUSTOMER}/configmap-${app('scorer')}-dashboard.yaml`)).toContain('grafana_dashboard: "1"');
    const stack = await ws.read('platform/workloads/Pulumi.staging.yaml');
    await ws.write('platform/workloads/Pulumi.staging.yaml', stack.replace('    owners:\n', `    owners:\n      ${CUSTOMER}-team:\n        email:\n          to: ${CUSTOMER}@example.com\n`));
    const routed = await ws.attempt(bin('workbench'), ['render', '--env', 'staging']);
    expect(routed.exitCode, routed.output).toBe(0);
    const routing = parse(await ws.read(`environments/staging/apps/${CUSTOMER}/alertmanagerconfig-owner-routing.yaml`)) as { spec: { receivers: { name: string; emailConfigs?: { to: string }[] }[] } };
    expect(routing.spec.receivers.find((r) => r.emailConfigs)?.emailConfigs?.[0]?.to).toBe(`${CUSTOMER}@example.com`);
    await ws.write('platform/workloads/Pulumi.staging.yaml', stack);
    expect((await ws.attempt(bin('workbench'), ['render', '--env', 'staging'])).exitCode).toBe(0);
  });

  it('adds a job, a cron, a spark-job and a model-serving service that pass their targets, render and validate; every generated kind meets the rules all apps meet', async () => {
    const kinds = [
      [app('totals'), CUSTOMER, 'job', []],
      [app('quality'), CUSTOMER, 'cron', []],
      [`${OTHER}-spark`, OTHER, 'spark-job', []],
      // The model template: loads the pinned version, exports drift and the version's age (its own tests say so).
      [app('risk'), CUSTOMER, 'service', ['--model', 'risk']],
    ] as const;
    // The follow-ups (projen, the staging render) run once, after the last: they cover every app
    // generated before it, as each command's own would (the test above runs one command whole).
    for (const [i, [name, customer, kind, extra]] of kinds.entries()) {
      const followUps = i < kinds.length - 1 ? ['--skip-follow-ups'] : [];
      const generate = await ws.attempt(bin('nx'), ['g', '@workbench/nx-plugin:customer-app', name, '--customer', customer, '--kind', kind, ...extra, ...followUps, '--skip-install', '--no-interactive']);
      expect(generate.exitCode, generate.output).toBe(0);
    }
    const targets = await ws.attempt(bin('nx'), ['run-many', '-t', 'lint', 'typecheck', 'test', 'build', '-p', ...kinds.map(([name]) => name), '--outputStyle=static']);
    expect(targets.exitCode, targets.output).toBe(0);
    expect(await ws.read(`environments/staging/apps/${CUSTOMER}/cronjob-${app('quality')}.yaml`)).toContain('schedule: 0 2 * * *');
    expect(await ws.read(`environments/staging/apps/${OTHER}/scheduledsparkapplication-${OTHER}-spark.yaml`)).toContain('mainApplicationFile: local:///app/job.py');
    expect(parse(await ws.read(`apps/${app('risk')}/workload.yaml`))).toMatchObject({ model: 'risk', data: { read: [`lake://models/${CUSTOMER}/risk/`] } });
    expect(await ws.read(`environments/staging/apps/${CUSTOMER}/configmap-${app('risk')}-model-dashboard.yaml`)).toContain(`Model ${CUSTOMER}-risk served by ${app('risk')}`);
    expect(await ws.read(`environments/staging/apps/${CUSTOMER}/job-${app('totals')}-sha-000000000000.yaml`)).toContain(`${imageRepository(readCloudSharedConfig(ws.dir), app('totals'))}:sha-000000000000`);
    for (const args of [['render', '--check'], ['validate', '--env', 'staging'], ['ci', 'drift']]) {
      const result = await ws.attempt(bin('workbench'), args);
      expect(result.exitCode, `workbench ${args.join(' ')}: ${result.output}`).toBe(0);
    }
    // The workspace-wide rules (workspace.e2e.test.ts) hold for every app here, generated ones included.
    expect(await appRuleViolations(ws.dir)).toEqual([]);
  });

  it('gives the generated apps their cloud resources with no other edit, shows a lost permission in the diff, and refuses a public bucket', async () => {
    type Plan = { resources: { type: string; name: string; inputs: Record<string, unknown> }[] };
    const plan = async (stack: string) => parse(await ws.read(`environments/cloud/${stack}/inventory.yaml`)) as Plan;
    const named = (p: Plan, type: string, name: string) => p.resources.find((r) => r.type === type && r.name === name)?.inputs;
    expect(named(await plan('shared'), 'aws:ecr/repository:Repository', app('scorer'))).toMatchObject({ imageTagMutability: 'IMMUTABLE' });
    const staging = await plan('staging');
    expect(named(staging, 'aws:iam/role:Role', `staging-app-${app('scorer')}-role`)).toMatchObject({ name: `staging-app-${app('scorer')}` });
    expect(named(staging, 'aws:eks/podIdentityAssociation:PodIdentityAssociation', `staging-app-${app('scorer')}-association`)).toMatchObject({ namespace: CUSTOMER, serviceAccount: app('scorer') });

    // A data access declared, rendered and committed; then removed: the diff names the lost permission.
    const workload = `apps/${app('totals')}/workload.yaml`;
    const original = await ws.read(workload);
    await ws.write(workload, `${original.trimEnd()}\ndata:\n  read: [lake://raw/${CUSTOMER}/orders/]\n`);
    expect((await ws.attempt(bin('workbench'), ['render', '--env', 'staging'])).exitCode).toBe(0);
    await ws.commit('totals reads orders');
    await ws.write(workload, original);
    const diff = await ws.attempt(bin('workbench'), ['diff', '--env', 'staging']);
    expect(diff.exitCode, diff.output).toBe(0);
    const { organization } = readCloudSharedConfig(ws.dir);
    expect(diff.output).toContain(`role staging-app-${app('totals')} loses s3:GetObject on ${organization}-staging-raw/${CUSTOMER}/orders/*`);
    expect(diff.output.indexOf('IAM and network changes in environments/cloud/staging')).toBeLessThan(diff.output.indexOf('environments/staging vs'));

    // A public bucket in the program: render names the policy, the resource and the program line, and writes nothing.
    const program = 'platform/cloud/index.ts';
    const source = await ws.read(program);
    await ws.write(program, `${source.trimEnd()}\nnew aws.s3.Bucket('e2e-public', { bucket: 'e2e-public-${id}', acl: 'public-read' }, { parent: root });\n`);
    const line = source.trimEnd().split('\n').length + 1;
    const render = await ws.attempt(bin('workbench'), ['render']);
    expect(render.exitCode).toBe(1);
    expect(render.output).toContain(`platform/cloud/index.ts:${line}:`);
    expect(render.output).toMatch(/aws:s3\/bucket:Bucket "e2e-public": policy s3-no-public-bucket: .*public ACL "public-read".*fix:/);
    expect(await ws.run('git', ['status', '--porcelain', '--', 'environments'])).toBe('');
    await ws.write(program, source);
  });
});
