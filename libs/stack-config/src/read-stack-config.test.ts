import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpecFileError } from '@workbench/workload-spec';
import { describe, expect, it } from 'vitest';
import { parsePinsAndPolicy, parseStackConfig, readStackConfig, StackConfigError } from './read-stack-config.ts';

const PIN = { image: 'ghcr.io/w/demo-api', tag: 'sha-0123456789ab', commit: '0'.repeat(40) };
const STACK = `# staging
config:
  workloads:domain: staging.example.com
  workloads:cluster:
    name: staging
    awsRegion: eu-west-1
    acmeEmail: ops@example.com
    acmeServer: staging
    apiServerCidrs: [10.0.0.0/16]
  workloads:platform: { ingressReplicas: 1, prometheusRetention: 7d, mlflow: false }
  workloads:quota: { requestsCpu: "4", requestsMemory: 8Gi, limitsCpu: "8", limitsMemory: 16Gi, pods: 20 }
  workloads:releases:
    demo-api: { image: ${PIN.image}, tag: ${PIN.tag}, commit: "${PIN.commit}" }
`;

async function repoWith(text: string): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'stack-config-'));
  await mkdir(join(root, 'platform/workloads'), { recursive: true });
  await writeFile(join(root, 'platform/workloads/Pulumi.staging.yaml'), text);
  return root;
}

const problemsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof SpecFileError) return error.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.field}: ${p.message}`);
    throw error;
  }
  return [];
};

describe('readStackConfig', () => {
  it('reads a valid stack file with the defaults filled in', async () => {
    const config = readStackConfig(await repoWith(STACK), 'staging');
    expect(config.releases['demo-api']).toEqual(PIN);
    expect(config.cluster.ingressClass).toBe('nginx');
    expect(config.holds).toEqual({});
  });

  it('names the file, line, column and key of every problem, and refuses a key naming the environment again', async () => {
    const text = STACK.replace('tag: sha-0123456789ab', 'tag: latest').replace('pods: 20', 'pods: 20, colour: blue').replace('config:\n', 'config:\n  workloads:environment: staging\n');
    const root = await repoWith(text);
    expect(problemsOf(() => readStackConfig(root, 'staging'))).toEqual([
      `platform/workloads/Pulumi.staging.yaml:12:${text.split('\n')[11]!.indexOf('colour') + 1}: workloads:quota.colour: unknown field "colour": remove it or fix the spelling (the keys are listed in libs/stack-config/src/schema.ts)`,
      `platform/workloads/Pulumi.staging.yaml:14:${text.split('\n')[13]!.indexOf('latest') + 1}: workloads:releases.demo-api.tag: never deploy :latest: pin the release to the tag CI built, e.g. sha-<commit>`,
      'platform/workloads/Pulumi.staging.yaml:3:26: workloads:environment: unknown key: remove it or fix the spelling (the keys are listed in libs/stack-config/src/schema.ts)',
    ]);
  });

  it('accepts the same memory units as workload.yaml', async () => {
    const config = readStackConfig(await repoWith(STACK.replace('requestsMemory: 8Gi', 'requestsMemory: 8G')), 'staging');
    expect(config.quota.requestsMemory).toBe('8G');
  });
});

describe('parseStackConfig (what the program sees)', () => {
  it('refuses a stack that is not an environment, and names the key of a bad value', () => {
    expect(() => parseStackConfig({}, 'qa')).toThrow('the stack "qa" is no environment: stacks are named after one of staging, production, lab');
    expect(() => parseStackConfig({ 'workloads:domain': 'Not A Domain' }, 'staging')).toThrow(StackConfigError);
    expect(() => parseStackConfig({ 'workloads:domain': 'Not A Domain' }, 'staging')).toThrow('config workloads:domain: expected a lowercase DNS name');
  });
});

describe('parsePinsAndPolicy (promotion and history)', () => {
  it('checks every pin it reads, and tolerates keys of older schemas', () => {
    const old = STACK.replace('config:\n', 'config:\n  workloads:environment: staging\n');
    expect(parsePinsAndPolicy(old, 'platform/workloads/Pulumi.staging.yaml').releases['demo-api']).toEqual(PIN);
    const bad = STACK.replace(`commit: "${PIN.commit}"`, 'commit: "abc"');
    expect(problemsOf(() => parsePinsAndPolicy(bad, 'platform/workloads/Pulumi.staging.yaml'))).toEqual([
      `platform/workloads/Pulumi.staging.yaml:13:${bad.split('\n')[12]!.indexOf('"abc"') + 1}: workloads:releases.demo-api.commit: expected the full 40-character commit SHA`,
    ]);
  });
});
