import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { standardLabels } from './labels.js';
import { namespaceObject, type PodSecurityLevel } from './namespace.js';

export interface HelmServiceArgs {
  /** Release name; also the namespace unless `namespace` is set. */
  name: string;
  namespace?: string;
  /** Pod Security level of the namespace; platform charts that need host access say why. */
  podSecurity: PodSecurityLevel;
  /** `type: oci` for charts published to an OCI registry (oci://…). */
  repository: { name: string; url: string; type?: 'oci' };
  chart: string;
  /** An exact chart version: ranges would let a cluster drift from what was reviewed. */
  version: string;
  values: Record<string, unknown>;
  /** HelmReleases that must be ready first. */
  dependsOn?: { name: string; namespace: string }[];
  /**
   * Secrets the chart's values name (an `existingSecret`), which External Secrets creates in the
   * namespace from the platform's store (`platformSecret`, in the configs layer).
   */
  secrets?: PlatformSecretRef[];
  /** Apps may call it: an in-cluster URL to its namespace in an app's env opens egress there. */
  servesApps?: boolean;
}

export interface PlatformSecretRef {
  /** The Kubernetes Secret's name. */
  name: string;
  /** Its key in the platform's store, under workbench/<env>/platform/. */
  remoteKey: string;
}

const FLUX_NAMESPACE = 'flux-system';

/**
 * A platform service installed by Flux's helm-controller: its namespace, the chart's
 * HelmRepository and a HelmRelease pinned to one chart version, with remediation on failure.
 */
export class HelmService extends pulumi.ComponentResource {
  constructor(args: HelmServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:platform:HelmService', args.name, {}, opts);
    const child = { parent: this };
    if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(args.version.replace(/^v/, ''))) {
      throw new Error(`chart ${args.chart}: version "${args.version}" must be an exact version such as 1.2.3, not a range`);
    }
    const namespace = args.namespace ?? args.name;
    const labels = standardLabels({ app: args.name, component: 'platform' });
    namespaceObject({ name: namespace, podSecurity: args.podSecurity, labels: { 'workbench.dev/tier': 'platform' } }, child);

    new k8s.apiextensions.CustomResource(
      `${args.name}-helmrepository`,
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'HelmRepository',
        metadata: { name: args.repository.name, namespace: FLUX_NAMESPACE, labels },
        spec: { ...(args.repository.type ? { type: args.repository.type } : {}), interval: '12h', url: args.repository.url },
      },
      child,
    );

    new k8s.apiextensions.CustomResource(
      `${args.name}-helmrelease`,
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: args.name, namespace, labels },
        spec: {
          interval: '30m',
          timeout: '10m',
          releaseName: args.name,
          chart: {
            spec: {
              chart: args.chart,
              version: args.version,
              sourceRef: { kind: 'HelmRepository', name: args.repository.name, namespace: FLUX_NAMESPACE },
              interval: '12h',
            },
          },
          // A release whose secrets come from the configs layer, applied after this one is ready,
          // must not wait for its pods: they start once External Secrets has created the secrets.
          install: { crds: 'Create', remediation: { retries: 3 }, ...(args.secrets?.length ? { disableWait: true } : {}) },
          upgrade: { crds: 'CreateReplace', remediation: { retries: 3, remediateLastFailure: true }, cleanupOnFail: true, ...(args.secrets?.length ? { disableWait: true } : {}) },
          ...(args.dependsOn?.length ? { dependsOn: args.dependsOn } : {}),
          values: args.values,
        },
      },
      child,
    );
    this.registerOutputs({});
  }
}
