import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderWorkspace, REPO_ROOT, WORKLOADS, type RenderWorkspace } from './support/render-workspace.js';
import { stackFilePath } from '@workbench/stack-config';

// Hostile but plausible input, through the real `workbench render`: every case is refused with a
// non-zero exit, a message naming the file and the field, and a tree left exactly as it was.
// Each field that reaches a file name, object name, namespace, URL or secret key is tried.

let ws: RenderWorkspace;
const NOW = '2026-11-23T10:00:00Z';

async function workbench(args: string[]) {
  const result = await execa(join(REPO_ROOT, 'node_modules/.bin/workbench'), args, {
    cwd: ws.dir,
    reject: false,
    all: true,
    env: { CI: 'true', NO_COLOR: '1', WORKBENCH_NOW: NOW },
  });
  return { exitCode: result.exitCode, output: String(result.all) };
}

/** Every file of the workspace except the linked packages: what "the tree" means to a user. */
async function tree(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(ws.dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (!entry.isFile() || path.includes('node_modules') || path.includes('/.git/')) continue;
    files.set(path.slice(ws.dir.length + 1), await readFile(path, 'utf8'));
  }
  return files;
}

interface Case {
  name: string;
  file: string;
  /** The hostile content, from the file's current content ('' when the file is new). */
  edit: (text: string) => string | Buffer;
  env?: 'staging' | 'lab';
  /** The case is about the cloud program's input: render its stacks too. */
  cloud?: boolean;
  /** What the message must say: the file, the field and the problem. */
  says: string[];
}

const workload = (app: string) => `apps/${app}/workload.yaml`;
const STACK = stackFilePath('staging');
const lab = (spec: Record<string, string>) =>
  Object.entries({ template: 'python-notebook', participants: '2', dataset: 'sample:retail-sales', starts: '2026-11-23T09:00:00Z', expires: '2026-11-25T17:00:00Z', ...spec })
    .map(([key, value]) => `${key}: ${value}`)
    .join('\n') + '\n';
const random = 'q8#Lr2!vZ9w@Tn4$Kp7^Xb1&Hd6*Jm3%';

const CASES: Case[] = [
  // Reserved names: a customer is a namespace, an app a folder and the name of its objects.
  { name: 'customer kube-system', file: workload('demo-api'), edit: (t) => t.replace('customer: initech', 'customer: kube-system'), says: ['apps/demo-api/workload.yaml:3:11', 'customer', '"kube-system" is reserved'] },
  { name: 'customer cert-manager', file: workload('demo-api'), edit: (t) => t.replace('customer: initech', 'customer: cert-manager'), says: ['apps/demo-api/workload.yaml:3:11', 'customer', '"cert-manager" is reserved'] },
  { name: 'customer lab-*', file: workload('demo-api'), edit: (t) => t.replace('customer: initech', 'customer: lab-spark-101'), says: ['apps/demo-api/workload.yaml', 'customer', 'starts with "lab-"'] },
  { name: 'customer flux-*', file: workload('demo-api'), edit: (t) => t.replace('customer: initech', 'customer: flux-team'), says: ['apps/demo-api/workload.yaml', 'customer', 'starts with "flux-"'] },
  { name: 'customer path', file: workload('demo-api'), edit: (t) => t.replace('customer: initech', 'customer: ../../.github'), says: ['apps/demo-api/workload.yaml', 'customer', 'DNS-1123 label'] },
  { name: 'app folder flux-*', file: workload('flux-app'), edit: () => WORKLOADS['demo-nightly']!, says: ['apps/flux-app/workload.yaml', 'app folder apps/flux-app', 'starts with "flux-"'] },
  { name: 'app folder platform namespace', file: workload('monitoring'), edit: () => WORKLOADS['demo-nightly']!, says: ['apps/monitoring/workload.yaml', 'app folder apps/monitoring', 'reserved'] },
  // Secrets stay with their owner.
  {
    name: "another customer's secret",
    file: workload('demo-api'),
    edit: (t) => t.replace('remoteKey: initech/demo-api/db', 'remoteKey: acme/churn-retrain/mlflow-token'),
    says: ['apps/demo-api/workload.yaml', 'secrets.0.remoteKey', 'outside this app\'s own secrets', 'initech/demo-api/'],
  },
  {
    name: 'secret key climbing out',
    file: workload('demo-api'),
    edit: (t) => t.replace('remoteKey: initech/demo-api/db', 'remoteKey: initech/demo-api/../../platform/github-token'),
    says: ['apps/demo-api/workload.yaml', 'secrets.0.remoteKey', 'none starting with "."'],
  },
  { name: 'secret name path', file: workload('demo-api'), edit: (t) => t.replace('name: demo-api-db', 'name: ../db'), says: ['apps/demo-api/workload.yaml', 'secrets.0.name', 'DNS-1123'] },
  // No credential reaches a manifest, by name, shape or randomness.
  { name: 'password in a URL', file: workload('demo-nightly'), edit: (t) => `${t}env: { DATABASE_URL: "postgres://admin:S3cr3t@db/x" }\n`, says: ['apps/demo-nightly/workload.yaml', 'env.DATABASE_URL', 'a URL with an embedded password', 'secrets'] },
  { name: 'Stripe key', file: workload('demo-nightly'), edit: (t) => `${t}env: { PAYMENTS: sk_live_4eC39HqLyjWDarjtT1zdp7dc }\n`, says: ['apps/demo-nightly/workload.yaml', 'env.PAYMENTS', 'a Stripe key'] },
  { name: 'secret key by name', file: workload('demo-nightly'), edit: (t) => `${t}env: { DJANGO_SECRET_KEY: "${random}" }\n`, says: ['apps/demo-nightly/workload.yaml', 'env.DJANGO_SECRET_KEY', 'looks like a credential'] },
  { name: 'random value', file: workload('demo-nightly'), edit: (t) => `${t}env: { CONFIG_SALT: "${random}" }\n`, says: ['apps/demo-nightly/workload.yaml', 'env.CONFIG_SALT', 'a generated secret'] },
  { name: 'credential in an environment override', file: workload('demo-nightly'), edit: (t) => `${t}environments: { staging: { env: { AUTH: "ghp_${'a1B2'.repeat(9)}" } } }\n`, says: ['apps/demo-nightly/workload.yaml', 'environments.staging.env.AUTH', 'a GitHub token'] },
  // Values the cluster (or its ingress controller) would refuse.
  { name: 'ingress path with configuration', file: workload('demo-api'), edit: (t) => t.replace('ingress: { host: api.initech.example.com }', 'ingress: { host: api.initech.example.com, path: "/x;} evil {" }'), says: ['apps/demo-api/workload.yaml', 'ingress.path', 'expected a URL path'] },
  { name: 'ingress host', file: workload('demo-api'), edit: (t) => t.replace('host: api.initech.example.com', 'host: "api..example.com/x"'), says: ['apps/demo-api/workload.yaml', 'ingress.host', 'expected a lowercase DNS name such as churn.acme.example.com'] },
  { name: 'Spark application location', file: workload('demo-spark'), edit: (t) => t.replace('local:///app/job.py', 'local:///app/job.py --conf x'), says: ['apps/demo-spark/workload.yaml', 'spark.mainApplicationFile', "the application's location"] },
  { name: 'impossible schedule', file: workload('demo-nightly'), edit: (t) => t.replace('schedule: "0 4 * * *"', 'schedule: "99 99 * * *"'), says: ['apps/demo-nightly/workload.yaml', 'schedule', 'minute: 99 is outside 0-59'] },
  { name: 'limit below request', file: workload('demo-backfill'), edit: (t) => t.replace('limits: { cpu: "2"', 'limits: { cpu: 500m'), says: ['apps/demo-backfill/workload.yaml', 'resources.limits.cpu', 'limit 500m is below the request 1'] },
  { name: 'impossible CIDR', file: workload('demo-backfill'), edit: (t) => t.replace('10.20.0.0/16', '999.999.999.999/99'), says: ['apps/demo-backfill/workload.yaml', 'egress.0.cidr', 'not an IPv4 CIDR'] },
  { name: 'Spark memory', file: workload('demo-spark'), edit: (t) => t.replace('executor: { instances: 3 }', 'driver: { memory: lots }'), says: ['apps/demo-spark/workload.yaml', 'spark.driver.memory', 'Spark memory size'] },
  {
    name: 'more than the namespace quota',
    file: workload('demo-api'),
    edit: (t) => t.replace('maxReplicas: 4', 'maxReplicas: 40'),
    says: ['customer initech', 'requests.cpu', 'namespace quota of 4 CPU', 'workloads:quota', 'platform/workloads/Pulumi.staging.yaml'],
  },
  { name: 'alias bomb', file: workload('demo-api'), edit: (t) => `${t}x0: &a [1,1,1,1,1,1,1,1,1,1]\nx1: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nx2: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nx3: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`, says: ['apps/demo-api/workload.yaml', 'Excessive alias count'] },
  { name: 'not UTF-8', file: workload('demo-api'), edit: (t) => Buffer.concat([Buffer.from(t.replace('description: demo service', 'description: caf')), Buffer.from([0xe9, 0x0a])]), says: ['apps/demo-api/workload.yaml', 'not UTF-8'] },
  // Stack config values that become file or object names.
  {
    name: 'secret store path traversal',
    file: STACK,
    edit: (t) => t.replace('secretStore: aws-secrets-manager', 'secretStore: "../../../../../../../.github/workflows/pwned"'),
    says: ['platform/workloads/Pulumi.staging.yaml', 'workloads:cluster.secretStore', 'DNS-1123 label'],
  },
  { name: 'cluster issuer path', file: STACK, edit: (t) => t.replace('clusterIssuer: letsencrypt', 'clusterIssuer: ../issuer'), says: ['platform/workloads/Pulumi.staging.yaml', 'workloads:cluster.clusterIssuer', 'DNS-1123 label'] },
  { name: 'release of a path', file: STACK, edit: (t) => `${t}  workloads:overrides: { "../x": { replicas: 1 } }\n`, says: ['platform/workloads/Pulumi.staging.yaml', 'workloads:overrides', 'DNS-1123 label'] },
  { name: 'stack override replicas on a cron', file: STACK, edit: (t) => `${t}  workloads:overrides: { demo-nightly: { replicas: 3 } }\n`, says: ['platform/workloads/Pulumi.staging.yaml', 'workloads:overrides.demo-nightly applied to apps/demo-nightly/workload.yaml', 'replicas: a cron has no such field'] },
  { name: 'cron with an ingress in production', file: workload('demo-nightly'), edit: (t) => `${t}environments: { production: { ingress: { host: x.initech.example.com } } }\n`, says: ['apps/demo-nightly/workload.yaml', 'apps/demo-nightly/workload.yaml:', 'environments.production.ingress', 'a cron has no ingress'] },
  {
    name: 'freeze that ends before it starts',
    file: STACK,
    edit: (t) => `${t}  workloads:freezes: [{ start: "2026-12-20T00:00:00Z", end: "2026-12-01T00:00:00Z", reason: year end }]\n`,
    says: ['platform/workloads/Pulumi.staging.yaml', 'workloads:freezes.0.end', 'ends before'],
  },
  { name: 'stack config not UTF-8', file: STACK, edit: (t) => Buffer.concat([Buffer.from(t), Buffer.from('# caf'), Buffer.from([0xe9, 0x0a])]), says: ['platform/workloads/Pulumi.staging.yaml', 'not UTF-8'] },
  { name: 'stack config alias bomb', file: STACK, edit: (t) => `${t}x0: &a [1,1,1,1,1,1,1,1,1,1]\nx1: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nx2: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nx3: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`, says: ['platform/workloads/Pulumi.staging.yaml', 'Excessive alias count'] },
  // Two apps whose objects would have the same name in one namespace.
  {
    name: "one app's secret named like another's",
    file: workload('demo-nightly'),
    edit: (t) => `${t}secrets: [{ name: demo-api-db, env: DB, remoteKey: initech/demo-nightly/db }]\n`,
    says: ['ExternalSecret initech/demo-api-db again', 'demo-api'],
  },
  // A lab branch edited by hand, which only `lab check` used to refuse.
  { name: '500 participants', file: 'platform/labs/big.yaml', env: 'lab', edit: () => lab({ participants: '500' }), says: ['platform/labs/big.yaml', 'participants', 'more than the lab cluster allows (200'] },
  { name: 'expired lab', file: 'platform/labs/old.yaml', env: 'lab', edit: () => lab({ starts: '2026-11-01T09:00:00Z', expires: '2026-11-02T17:00:00Z' }), says: ['platform/labs/old.yaml', 'expires', 'in the past'] },
  { name: 'cloud metadata dataset', file: 'platform/labs/meta.yaml', env: 'lab', edit: () => lab({ dataset: 'https://169.254.169.254/latest/meta-data/' }), says: ['platform/labs/meta.yaml', 'dataset', '169.254.169.254 is a loopback, private or link-local address'] },
  { name: 'cluster-internal dataset', file: 'platform/labs/api.yaml', env: 'lab', edit: () => lab({ dataset: 'https://kubernetes.default.svc/api' }), says: ['platform/labs/api.yaml', 'dataset', 'resolves only inside a cluster'] },
  { name: 'participant path', file: 'platform/labs/pp.yaml', env: 'lab', edit: () => lab({ participants: '["../../x"]' }), says: ['platform/labs/pp.yaml', 'participants.0', 'DNS-safe'] },
  // The cloud program's own inputs.
  { name: 'two availability zones', file: 'platform/cloud/Pulumi.staging.yaml', cloud: true, edit: (t) => t.replace(/cloud:availabilityZones: \[[^\]]*\]/, 'cloud:availabilityZones: [eu-west-1a, eu-west-1b]'), says: ['platform/cloud/Pulumi.staging.yaml:', 'cloud:availabilityZones', 'exactly three zones'] },
  { name: 'unquoted account id', file: 'platform/cloud/Pulumi.shared.yaml', cloud: true, edit: (t) => t.replace(/cloud:accountId: "(\d+)"/, 'cloud:accountId: $1'), says: ['platform/cloud/Pulumi.shared.yaml:', 'cloud:accountId', '12-digit AWS account id in quotes'] },
  { name: 'lake location outside the customer', file: workload('demo-nightly'), edit: (t) => `${t}data: { read: [lake://raw/globex/orders/] }\n`, says: ['apps/demo-nightly/workload.yaml', 'data.read.0', "outside customer initech's data"] },
  { name: 'lake location not declared', file: workload('demo-nightly'), edit: (t) => `${t}env: { INPUT: lake://raw/initech/x/y.csv }\n`, says: ['apps/demo-nightly/workload.yaml', 'env.INPUT', 'add lake://raw/initech/x/ to data.read or data.write'] },
  { name: 'S3 dataset outside the lab lake', file: 'platform/labs/s3x.yaml', env: 'lab', edit: () => lab({ dataset: 's3://someone-elses-bucket/data/' }), says: ['platform/labs/s3x.yaml', 'dataset', 'is outside s3://', '-lab-raw/labs/, the only place lab seed jobs may read'] },
  { name: 'reserved lab name', file: 'platform/labs/apps.yaml', env: 'lab', edit: () => lab({}), says: ['platform/labs/apps.yaml', 'that name is reserved'] },
];

let before: Map<string, string>;
beforeAll(async () => {
  ws = await createRenderWorkspace();
  const rendered = await workbench(['render', '--env', 'staging', 'lab']);
  expect(rendered.exitCode, rendered.output).toBe(0);
  // A history for `workbench history` to read.
  const identity = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
  await execa('git', ['init', '-q', '-b', 'main'], { cwd: ws.dir });
  await execa('git', ['add', '-A'], { cwd: ws.dir });
  await execa('git', ['commit', '-qm', 'start'], { cwd: ws.dir, env: identity });
  before = await tree();
}, 120_000);
afterAll(() => ws.dispose());

describe('hostile input is refused with file, field and fix, leaving the tree as it was', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const path = join(ws.dir, c.file);
      const original = existsSync(path) ? await readFile(path, 'utf8') : undefined;
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, c.edit(original ?? ''));
      try {
        // The Kubernetes render is where workload, stack and lab input is refused; a case about the cloud's own input renders the cloud.
        const result = await workbench(['render', '--env', c.env ?? 'staging', ...(c.cloud ? [] : ['--no-cloud'])]);
        expect(result.exitCode, result.output).toBe(1);
        for (const text of c.says) expect(result.output).toContain(text);
        expect(result.output).not.toContain('unhandled error in the program');
        expect(result.output).toContain('nothing was written');
      } finally {
        if (original !== undefined) await writeFile(path, original);
        else await rm(c.file.startsWith('apps/') ? dirname(path) : path, { recursive: true });
      }
      expect(await tree()).toEqual(before);
      expect(existsSync(join(ws.dir, '.github'))).toBe(false);
    });
  }

  it('status and history on a broken stack config name the file', async () => {
    const path = join(ws.dir, stackFilePath('production'));
    const original = await readFile(path, 'utf8');
    await writeFile(path, `${original}  workloads:freezes: [ {start: oops\n`);
    try {
      for (const args of [['status'], ['status', '--json']]) {
        const result = await workbench(args);
        expect(result.exitCode, result.output).toBe(1);
        // Where the YAML breaks: the end of the file, where the unclosed flow sequence should have ended.
        expect(result.output).toContain(`platform/workloads/Pulumi.production.yaml:${original.split('\n').length + 1}:1: (yaml): Flow sequence in block collection must be sufficiently indented and end with a ]`);
      }
    } finally {
      await writeFile(path, original);
    }
    expect(await tree()).toEqual(before);
  });

  it('a wrong command line exits 2, whichever part of it is wrong', async () => {
    for (const args of [['render', '--bogus'], ['render', '--env', 'nope'], ['history', 'staging', '--app', 'nope'], ['lab', 'create', 'x']]) {
      const result = await workbench(args);
      expect(result.exitCode, `${args.join(' ')}\n${result.output}`).toBe(2);
    }
    expect((await workbench(['render', '--help'])).exitCode).toBe(0);
    const version = await workbench(['--version']);
    expect(version.exitCode).toBe(0);
    expect(version.output.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('render --check says when current output is not committed yet (CI compares with the commit)', async () => {
    const path = 'apps/demo-nightly/workload.yaml';
    const original = await ws.read(path);
    await ws.write(path, original.replace('schedule: "0 4 * * *"', 'schedule: "0 5 * * *"'));
    try {
      expect((await workbench(['render', '--env', 'staging'])).exitCode).toBe(0);
      const check = await workbench(['render', '--check', '--env', 'staging']);
      expect(check.exitCode, check.output).toBe(0);
      expect(check.output).toContain('are not committed (git status environments/); commit them, or the check fails in CI');
    } finally {
      await ws.write(path, original);
      await execa('git', ['checkout', '--', 'environments'], { cwd: ws.dir });
    }
    expect(await tree()).toEqual(before);
    expect((await workbench(['render', '--check', '--env', 'staging'])).output).not.toContain('not committed');
  });

  it('a second lab spec on a lab branch', async () => {
    await ws.write('platform/labs/one.yaml', lab({}));
    await ws.write('platform/labs/two.yaml', lab({}));
    try {
      const result = await workbench(['render', '--env', 'lab']);
      expect(result.exitCode).toBe(1);
      expect(result.output).toContain('platform/labs/one.yaml, platform/labs/two.yaml: a lab branch carries exactly one lab spec');
    } finally {
      await rm(join(ws.dir, 'platform/labs/one.yaml'));
      await rm(join(ws.dir, 'platform/labs/two.yaml'));
    }
    expect(await tree()).toEqual(before);
  });
});
