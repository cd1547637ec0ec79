import type * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';
import { appRoleName, appServiceAccounts, type CloudEnvironmentConfig, type CloudSharedConfig, cloudStackFilePath, type StackConfig, StackConfigError } from '@workbench/stack-config';
import type { AppWorkload } from '@workbench/workload-spec';
import { appStatements } from './app-permissions.js';
import { DataLake } from './data-lake.js';
import { EksCluster } from './eks-cluster.js';
import { KarpenterCapacity } from './karpenter.js';
import { LabDatasetReader } from './lab-dataset-reader.js';
import { Network } from './network.js';
import { declarePlatformIdentities } from './platform-identities.js';
import { PodIdentityRole } from './pod-identity-role.js';
import { RetrainingQueues } from './retraining-queues.js';

export interface EnvironmentStackArgs {
  env: string;
  shared: CloudSharedConfig;
  config: CloudEnvironmentConfig;
  /** The environment's workloads stack config: its region, domain, cluster name and release pins. */
  workloads: StackConfig;
  apps: AppWorkload[];
}

/**
 * An environment's cloud: network, cluster with its capacity, data lake, DNS zone, and an
 * identity per platform service and per app released there (pinned in its workloads stack), so
 * adding an app, or promoting it, brings its role with no other step.
 */
export function declareEnvironmentStack(args: EnvironmentStackArgs, opts: pulumi.ComponentResourceOptions): void {
  const { env, shared, config, workloads } = args;
  const region = workloads.cluster.awsRegion;
  const clusterName = workloads.cluster.name;
  const file = cloudStackFilePath(env);
  const elsewhere = config.availabilityZones.filter((zone) => !zone.startsWith(region));
  if (elsewhere.length) throw new StackConfigError(file, [`config cloud:availabilityZones: ${elsewhere.join(', ')} not in the environment's region ${region} (workloads:cluster.awsRegion)`]);
  const place = { accountId: shared.accountId, region, organization: shared.organization, env };

  const network = new Network(`${env}-network`, { env, clusterName, zones: config.availabilityZones, network: config.network }, opts);
  const { cluster } = new EksCluster(`${env}-cluster`, {
    env,
    accountId: shared.accountId,
    clusterName,
    subnetIds: network.privateSubnets.map((subnet) => subnet.id),
    kubernetes: config.kubernetes,
    nodes: config.nodes,
  }, opts);
  new KarpenterCapacity(`${env}-karpenter`, { env, accountId: shared.accountId, region, cluster, clusterName }, opts);
  const lake = new DataLake(`${env}-lake`, { env, accountId: shared.accountId, organization: shared.organization, lake: config.lake }, opts);
  const released = args.apps.filter(({ app }) => workloads.releases[app]);
  new RetrainingQueues(`${env}-retraining`, { ...place, apps: released }, { ...opts, dependsOn: [lake] });
  new aws.route53.Zone(`${env}-zone`, { name: workloads.domain, comment: `Workbench ${env}: ingress hosts and ACME DNS-01 challenges`, forceDestroy: false }, opts);

  if (workloads.labs) new LabDatasetReader(`${env}-lab-datasets`, { ...place, cluster }, opts);
  declarePlatformIdentities({ ...place, cluster, clusterName, domain: workloads.domain, mlflow: workloads.platform.mlflow }, opts);
  for (const { app, workload } of args.apps) {
    if (!workloads.releases[app]) continue; // not running here: no identity either
    new PodIdentityRole(`${env}-app-${app}`, {
      roleName: appRoleName(env, app),
      accountId: shared.accountId,
      cluster,
      namespace: workload.customer,
      serviceAccounts: appServiceAccounts(app, workload.kind),
      statements: appStatements(place, app, workload),
      description: `${app} (${workload.customer}) in ${clusterName}`,
    }, opts);
  }
}
