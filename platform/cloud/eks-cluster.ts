import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { type CloudEnvironmentConfig, cloudStackFilePath, iamRoleArn } from '@workbench/stack-config';
import { InputError } from '@workbench/workload-spec';
import { ADDON_VERSIONS, EKS_ADDONS } from './eks-addons.js';
import { managedPolicyArn, serviceTrust } from './iam-document.js';
import { PodIdentityRole } from './pod-identity-role.js';

const CONTROL_PLANE_LOGS = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const CLUSTER_ADMIN_POLICY = 'arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy';

export interface EksClusterArgs {
  env: string;
  accountId: string;
  clusterName: string;
  subnetIds: pulumi.Input<string>[];
  kubernetes: CloudEnvironmentConfig['kubernetes'];
  nodes: CloudEnvironmentConfig['nodes'];
}

/**
 * An EKS cluster: a pinned version, Secrets envelope-encrypted with its own KMS key, every
 * control-plane log, a private endpoint (public only from listed CIDRs), access through access
 * entries (no aws-auth ConfigMap), the add-ons pinned in eks-addons.ts, and an on-demand node
 * group for the platform's own pods.
 */
export class EksCluster extends pulumi.ComponentResource {
  readonly cluster: aws.eks.Cluster;

  constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:cloud:EksCluster', name, {}, opts);
    const child = { parent: this };
    const { env, accountId, clusterName, kubernetes } = args;
    const addonVersions = ADDON_VERSIONS[kubernetes.version];
    if (!addonVersions) {
      throw new InputError(
        `${cloudStackFilePath(env)}: cloud:kubernetes.version: no add-on versions are pinned for Kubernetes ${kubernetes.version}; add them to platform/cloud/eks-addons.ts (pinned: ${Object.keys(ADDON_VERSIONS).join(', ')})`,
      );
    }

    const secretsKey = new aws.kms.Key(`${env}-eks-secrets`, { description: `Envelope encryption of ${clusterName}'s Secrets`, enableKeyRotation: true, deletionWindowInDays: 30 }, child);
    new aws.kms.Alias(`${env}-eks-secrets`, { name: `alias/${env}-eks-secrets`, targetKeyId: secretsKey.keyId }, child);

    const roleName = `${env}-eks-cluster`;
    const role = new aws.iam.Role(roleName, { name: roleName, assumeRolePolicy: serviceTrust('eks.amazonaws.com') }, child);
    const rolePolicy = new aws.iam.RolePolicyAttachment(`${roleName}-policy`, { role: roleName, policyArn: managedPolicyArn('AmazonEKSClusterPolicy') }, { parent: this, dependsOn: [role] });
    // Created before the cluster so that its retention applies from the first log line.
    const logs = new aws.cloudwatch.LogGroup(`${env}-control-plane-logs`, { name: `/aws/eks/${clusterName}/cluster`, retentionInDays: kubernetes.logRetentionDays }, child);

    this.cluster = new aws.eks.Cluster(
      clusterName,
      {
        name: clusterName,
        version: kubernetes.version,
        roleArn: iamRoleArn(accountId, roleName),
        vpcConfig: {
          subnetIds: args.subnetIds,
          endpointPrivateAccess: true,
          endpointPublicAccess: kubernetes.endpointPublicAccess,
          ...(kubernetes.endpointPublicAccess ? { publicAccessCidrs: kubernetes.publicAccessCidrs } : {}),
        },
        encryptionConfig: { resources: ['secrets'], provider: { keyArn: secretsKey.arn } },
        enabledClusterLogTypes: CONTROL_PLANE_LOGS,
        accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
        upgradePolicy: { supportType: 'STANDARD' },
      },
      { parent: this, dependsOn: [rolePolicy, logs] },
    );
    const cluster = this.cluster;

    for (const principalArn of kubernetes.adminRoleArns) {
      const roleName = principalArn.split('/').at(-1)!;
      const entry = new aws.eks.AccessEntry(`${env}-admin-${roleName}`, { clusterName: cluster.name, principalArn, type: 'STANDARD' }, child);
      new aws.eks.AccessPolicyAssociation(
        `${env}-admin-${roleName}`,
        { clusterName: cluster.name, principalArn, policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: 'cluster' } },
        { parent: this, dependsOn: [entry] },
      );
    }

    // The CNI and the EBS driver get their AWS permissions through Pod Identity, not the nodes' role.
    const addonRoles: Partial<Record<(typeof EKS_ADDONS)[number], { serviceAccount: string; role: PodIdentityRole }>> = {
      'vpc-cni': {
        serviceAccount: 'aws-node',
        role: new PodIdentityRole(`${env}-vpc-cni`, { roleName: `${env}-vpc-cni`, accountId, cluster, namespace: 'kube-system', serviceAccounts: ['aws-node'], statements: [], managedPolicies: [managedPolicyArn('AmazonEKS_CNI_Policy')], associate: false, description: `VPC CNI of ${clusterName}` }, child),
      },
      'aws-ebs-csi-driver': {
        serviceAccount: 'ebs-csi-controller-sa',
        role: new PodIdentityRole(`${env}-ebs-csi`, { roleName: `${env}-ebs-csi`, accountId, cluster, namespace: 'kube-system', serviceAccounts: ['ebs-csi-controller-sa'], statements: [], managedPolicies: [managedPolicyArn('service-role/AmazonEBSCSIDriverPolicy')], associate: false, description: `EBS CSI driver of ${clusterName}` }, child),
      },
    };
    const nodes = this.platformNodes(args);
    for (const addon of EKS_ADDONS) {
      const identity = addonRoles[addon];
      new aws.eks.Addon(
        `${env}-${addon}`,
        {
          clusterName: cluster.name,
          addonName: addon,
          addonVersion: addonVersions[addon],
          resolveConflictsOnCreate: 'OVERWRITE',
          resolveConflictsOnUpdate: 'OVERWRITE',
          ...(identity ? { podIdentityAssociations: [{ roleArn: identity.role.roleArn, serviceAccount: identity.serviceAccount }] } : {}),
        },
        // CoreDNS and the EBS driver run as pods: they need nodes to become healthy.
        { parent: this, dependsOn: addon === 'coredns' || addon === 'aws-ebs-csi-driver' ? [nodes] : [] },
      );
    }
  }

  /** The on-demand node group the platform's controllers run on; Spark and labs go to Karpenter's spot nodes. */
  private platformNodes(args: EksClusterArgs): aws.eks.NodeGroup {
    const { env, accountId, nodes } = args;
    const roleName = `${env}-platform-nodes`;
    const role = new aws.iam.Role(roleName, { name: roleName, assumeRolePolicy: serviceTrust('ec2.amazonaws.com') }, { parent: this });
    const attachments = ['AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryPullOnly'].map(
      (policy) => new aws.iam.RolePolicyAttachment(`${roleName}-${policy}`, { role: roleName, policyArn: managedPolicyArn(policy) }, { parent: this, dependsOn: [role] }),
    );
    return new aws.eks.NodeGroup(
      `${env}-platform`,
      {
        clusterName: this.cluster.name,
        nodeGroupName: 'platform',
        nodeRoleArn: iamRoleArn(accountId, roleName),
        subnetIds: args.subnetIds,
        capacityType: 'ON_DEMAND',
        amiType: 'AL2023_x86_64_STANDARD',
        instanceTypes: nodes.instanceTypes,
        diskSize: nodes.diskGiB,
        scalingConfig: { minSize: nodes.minSize, desiredSize: nodes.desiredSize, maxSize: nodes.maxSize },
        updateConfig: { maxUnavailable: 1 },
        labels: { 'workbench.dev/capacity': 'platform' },
      },
      { parent: this, dependsOn: attachments },
    );
  }
}
