import { readProjectConfiguration, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parse } from 'yaml';
import { beforeEach, describe, expect, it } from 'vitest';
import { WORKLOAD_KINDS, parseWorkload } from '@workbench/workload-spec';
import customerAppGenerator, { MAX_NAME_LENGTH, SHARED_CLOUD_STACK, STAGING_STACK } from './generator.ts';
import type { AppKind } from './schema.ts';

let tree: Tree;
beforeEach(() => {
  tree = createTreeWithEmptyWorkspace();
  tree.write(STAGING_STACK, '# staging inputs\nconfig:\n  workloads:releases: {}\n');
  tree.write(SHARED_CLOUD_STACK, 'config:\n  cloud:accountId: "123456789012"\n  cloud:region: eu-central-1\n  cloud:organization: demo\n  cloud:github: { repository: demo/workbench }\n  cloud:stateBucket: demo-state\n');
});

const files = (name: string) =>
  tree
    .listChanges()
    .map((c) => c.path)
    .filter((path) => path.startsWith(`apps/${name}/`))
    .sort();

describe('customer-app generator', () => {
  it('supports exactly the workload kinds the spec knows', () => {
    expect(Object.keys(MAX_NAME_LENGTH).sort()).toEqual([...WORKLOAD_KINDS].sort());
  });

  for (const kind of ['service', 'job', 'cron', 'spark-job'] as AppKind[]) {
    it(`writes a ${kind} app with a valid workload.yaml, tags, Dockerfile and README, and no hand-written catalog entry`, async () => {
      const name = `demo-${kind}`;
      await customerAppGenerator(tree, { name, customer: 'initech', kind, ...(kind === 'service' ? { host: 'demo.initech.example.com' } : {}) });
      expect(files(name)).toMatchSnapshot();
      const workloadText = tree.read(`apps/${name}/workload.yaml`, 'utf8')!;
      expect(workloadText).toMatchSnapshot();
      const workload = parseWorkload(workloadText, `apps/${name}/workload.yaml`);
      expect(workload).toMatchObject({ kind, customer: 'initech', owner: 'initech-team' });
      if (kind === 'service') expect(workload).toMatchObject({ port: 8080, ingress: { host: 'demo.initech.example.com' } });
      if (workload.kind === 'cron') expect(workload.schedule).toBe('0 2 * * *');
      if (workload.kind === 'spark-job') expect(workload.spark.mainApplicationFile).toBe('local:///app/job.py');
      expect(readProjectConfiguration(tree, name).tags).toEqual(['type:app', 'scope:initech']);
      const dockerfile = tree.read(`apps/${name}/Dockerfile`, 'utf8')!;
      expect(dockerfile).toMatch(kind === 'spark-job' ? /^USER 185:185$/m : /^USER 1000:1000$/m);
      expect(dockerfile.match(/^FROM /gm), 'multi-stage').toHaveLength(2);
      expect(dockerfile).not.toMatch(/:latest/);
      // The portal's catalog (and its Backstage entities) is generated from these files: no hand-written catalog entry to drift.
      expect(tree.exists(`apps/${name}/catalog-info.yaml`)).toBe(false);
    });
  }

  it('--model gives a service the model-serving template: the model and its lake folder, the SDKs, drift and age exported', async () => {
    await customerAppGenerator(tree, { name: 'demo-risk', customer: 'initech', kind: 'service', model: 'risk' });
    const workload = parseWorkload(tree.read('apps/demo-risk/workload.yaml', 'utf8')!, 'apps/demo-risk/workload.yaml');
    expect(workload).toMatchObject({ kind: 'service', model: 'risk', data: { read: ['lake://models/initech/risk/'] }, description: 'Serves the risk model for initech' });
    expect(JSON.parse(tree.read('apps/demo-risk/package.json', 'utf8')!).dependencies).toMatchObject({ '@workbench/ml-sdk': '*', '@workbench/data-sdk': '*' });
    const app = tree.read('apps/demo-risk/src/app.ts', 'utf8')!;
    expect(app).toContain("registerDriftMetrics(metrics.registry, drift, 'risk')");
    expect(app).toContain("registerModelAge(metrics.registry, 'initech-risk'");
    expect(tree.read('apps/demo-risk/src/main.ts', 'utf8')).toContain('parseArtifact(await readText(createStorage(), pin.uri), pin.uri, { expectedSha256: pin.sha256 })');
    expect(tree.exists('apps/demo-risk/src/summary.ts')).toBe(false);
    await expect(customerAppGenerator(tree, { name: 'demo-train', customer: 'initech', kind: 'cron', model: 'risk' })).rejects.toThrow(/--model is for services only/);
    await expect(customerAppGenerator(tree, { name: 'demo-risk2', customer: 'initech', kind: 'service', model: 'Risk' })).rejects.toThrow(/model/);
  });

  it('pins the new app in staging at the placeholder version in its ECR repository, keeping the file\'s comments', async () => {
    await customerAppGenerator(tree, { name: 'demo-api', customer: 'initech', kind: 'service' });
    const stack = tree.read(STAGING_STACK, 'utf8')!;
    expect(stack).toContain('# staging inputs');
    expect((parse(stack) as { config: Record<string, Record<string, unknown>> }).config['workloads:releases']!['demo-api']).toEqual({
      image: '123456789012.dkr.ecr.eu-central-1.amazonaws.com/demo-api',
      tag: 'sha-000000000000',
      commit: '0'.repeat(40),
    });
  });

  it('refuses bad names, existing names and misplaced options before writing', async () => {
    const refusals: [Parameters<typeof customerAppGenerator>[1], RegExp][] = [
      [{ name: 'Demo', customer: 'initech', kind: 'service' }, /DNS-1123/],
      [{ name: 'a/b', customer: 'initech', kind: 'service' }, /looks like a path/],
      [{ name: 'x'.repeat(53), customer: 'initech', kind: 'cron' }, /at most 52/],
      [{ name: 'platform', customer: 'initech', kind: 'job' }, /reserved/],
      // Platform namespaces and the kube-/flux-/lab- prefixes are not customers.
      [{ name: 'demo-x', customer: 'cert-manager', kind: 'job' }, /customer "cert-manager" is reserved/],
      [{ name: 'demo-x', customer: 'kube-system', kind: 'job' }, /customer "kube-system" is reserved/],
      [{ name: 'demo-x', customer: 'lab-spark', kind: 'job' }, /"lab-spark" starts with "lab-"/],
      [{ name: 'flux-demo', customer: 'initech', kind: 'job' }, /"flux-demo" starts with "flux-"/],
      [{ name: 'demo-job', customer: 'initech', kind: 'job', host: 'a.example.com' }, /services only/],
      [{ name: 'demo-api', customer: 'initech', kind: 'service', owner: 'no spaces' }, /team handle/],
      [{ name: 'demo-api', customer: 'initech', kind: 'service', host: 'Not_A_Host' }, /DNS name/],
    ];
    for (const [options, message] of refusals) {
      await expect(customerAppGenerator(tree, options)).rejects.toThrow(message);
    }
    await customerAppGenerator(tree, { name: 'taken', customer: 'initech', kind: 'job' });
    await expect(customerAppGenerator(tree, { name: 'taken', customer: 'initech', kind: 'job' })).rejects.toThrow(/already exists/);
  });
});
