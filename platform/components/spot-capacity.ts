import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { karpenterNodeRoleName } from '@workbench/stack-config';
import { standardLabels } from './labels.js';

const CAPACITY_LABEL = 'workbench.dev/capacity';
const SPOT = 'spot';
/** The Amazon Linux 2023 EKS image Karpenter launches, pinned: a new image is a reviewed change. */
const NODE_IMAGE = 'al2023@v20241213';

/**
 * What a pod needs to run on spot capacity: it selects the spot nodes and tolerates their taint,
 * which keeps every other pod off them. Spark executors and lab workspaces use it; a Spark driver
 * stays on on-demand nodes, since losing it loses the whole job.
 */
export const SPOT_SCHEDULING = {
  nodeSelector: { [CAPACITY_LABEL]: SPOT },
  tolerations: [{ key: CAPACITY_LABEL, operator: 'Equal', value: SPOT, effect: 'NoSchedule' }],
};

export interface SpotCapacityArgs {
  env: string;
  clusterName: string;
  /** The most vCPUs all spot nodes together may have. */
  cpuLimit: number;
}

/**
 * Karpenter's spot capacity: an EC2NodeClass (the node role's instance profile from
 * platform/cloud, the cluster's private subnets and security group by tag, IMDSv2 only, an
 * encrypted root volume) and a NodePool of spot instances, tainted, consolidated when idle.
 */
export function declareSpotCapacity(args: SpotCapacityArgs, opts: pulumi.CustomResourceOptions): void {
  const labels = standardLabels({ component: 'spot-capacity' });
  new k8s.apiextensions.CustomResource(
    'spot-node-class',
    {
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name: SPOT, labels },
      spec: {
        instanceProfile: karpenterNodeRoleName(args.env),
        amiSelectorTerms: [{ alias: NODE_IMAGE }],
        subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': args.clusterName } }],
        securityGroupSelectorTerms: [{ tags: { 'aws:eks:cluster-name': args.clusterName } }],
        metadataOptions: { httpEndpoint: 'enabled', httpTokens: 'required', httpPutResponseHopLimit: 1 },
        blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: '50Gi', volumeType: 'gp3', encrypted: true, deleteOnTermination: true } }],
      },
    },
    opts,
  );
  new k8s.apiextensions.CustomResource(
    'spot-node-pool',
    {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: SPOT, labels },
      spec: {
        template: {
          metadata: { labels: { [CAPACITY_LABEL]: SPOT } },
          spec: {
            nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: SPOT },
            requirements: [
              { key: 'karpenter.sh/capacity-type', operator: 'In', values: [SPOT] },
              { key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] },
              { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
              { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['5'] },
            ],
            taints: [{ key: CAPACITY_LABEL, value: SPOT, effect: 'NoSchedule' }],
            expireAfter: '168h',
          },
        },
        limits: { cpu: String(args.cpuLimit) },
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m' },
      },
    },
    opts,
  );
}
