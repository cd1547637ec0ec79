// The Workbench cloud program: the shared stack (registry, CI identities) and one stack per
// environment (Pulumi.<stack>.yaml). Plan offline with `npx workbench render`; apply with
// `pulumi up` (.github/workflows/infra.yml, README.md "Day zero").
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { parseCloudStackConfig, readCloudSharedConfig, readStackConfig, SHARED_STACK } from '@workbench/stack-config';
import { readAppWorkloads } from '@workbench/workload-spec';
import { declareEnvironmentStack } from './environment-stack.js';
import { declareSharedStack } from './shared-stack.js';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const stack = pulumi.getStack();
const apps = readAppWorkloads(repoRoot);
const shared = stack === SHARED_STACK ? parseCloudStackConfig(pulumi.runtime.allConfig(), SHARED_STACK) : readCloudSharedConfig(repoRoot);
const region = stack === SHARED_STACK ? shared.region : readStackConfig(repoRoot, stack).cluster.awsRegion;

// Every resource goes through this provider: it refuses any other account, and tags everything.
const provider = new aws.Provider('aws', {
  region: region as aws.Region,
  allowedAccountIds: [shared.accountId],
  defaultTags: { tags: { 'workbench.dev/stack': stack, 'workbench.dev/managed-by': 'pulumi', 'workbench.dev/repository': shared.github.repository } },
});

// The root of every resource, so that all of them inherit the provider.
const root = new pulumi.ComponentResource('workbench:cloud:Stack', stack, {}, { providers: { aws: provider } });
if (stack === SHARED_STACK) {
  declareSharedStack(repoRoot, shared, apps.map((a) => a.app), { parent: root });
} else {
  const config = parseCloudStackConfig(pulumi.runtime.allConfig(), stack);
  declareEnvironmentStack({ env: stack, shared, config, workloads: readStackConfig(repoRoot, stack), apps }, { parent: root });
}
