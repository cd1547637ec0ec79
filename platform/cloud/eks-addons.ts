/**
 * The EKS add-ons every cluster runs, pinned per Kubernetes minor version: an upgrade is a
 * reviewed change here, never a drift. `aws eks describe-addon-versions --kubernetes-version <v>`
 * lists what AWS offers.
 */
export const ADDON_VERSIONS: Record<string, Record<EksAddon, string>> = {
  '1.32': {
    'vpc-cni': 'v1.19.2-eksbuild.1',
    coredns: 'v1.11.4-eksbuild.2',
    'kube-proxy': 'v1.32.0-eksbuild.2',
    'aws-ebs-csi-driver': 'v1.38.1-eksbuild.2',
    'eks-pod-identity-agent': 'v1.3.4-eksbuild.1',
  },
};

export const EKS_ADDONS = ['vpc-cni', 'coredns', 'kube-proxy', 'aws-ebs-csi-driver', 'eks-pod-identity-agent'] as const;
export type EksAddon = (typeof EKS_ADDONS)[number];
