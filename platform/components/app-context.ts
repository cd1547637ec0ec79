import type { ResolvedWorkload } from '@workbench/workload-spec';

/** What the cluster provides to every app: names the app's objects refer to. */
export interface ClusterServices {
  ingressClass: string;
  ingressNamespace: string;
  monitoringNamespace: string;
  clusterIssuer: string;
  secretStore: string;
  /** Where the Kubernetes API server's endpoints are (the cluster's control-plane network interfaces). */
  apiServerCidrs: string[];
}

/** Everything needed to declare one app in one environment. */
export interface AppContext {
  app: string;
  customer: string;
  namespace: string;
  /** Full image reference, pinned by tag and, when known, digest. */
  image: string;
  /** The release version, used as the app.kubernetes.io/version label. */
  version: string;
  workload: ResolvedWorkload;
  cluster: ClusterServices;
}
