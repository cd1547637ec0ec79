import type { ResolvedWorkload, WorkloadKind } from '@workbench/workload-spec';
import type { RunbookSite } from '../operations/rule-group.js';

/** What the cluster provides to every app: names the app's objects refer to. */
export interface ClusterServices {
  /** The environment (stack) name, carried by every alert. */
  environment: string;
  /** Where alerts link their runbook pages. */
  runbooks: RunbookSite;
  ingressClass: string;
  ingressNamespace: string;
  monitoringNamespace: string;
  clusterIssuer: string;
  secretStore: string;
  /** Where the Kubernetes API server's endpoints are (the cluster's control-plane network interfaces). */
  apiServerCidrs: string[];
  /**
   * The ports pods listen on behind the Services this environment declares,
   * `<service>.<namespace>:<service port>` → pod port: network policies match the pod's port.
   */
  servicePorts: Record<string, number>;
  /** Platform namespaces whose services apps may call (MLflow, monitoring), where they run. */
  appServiceNamespaces: string[];
  /** Where a `lake://` location is in this environment (`s3://<org>-<env>-<bucket>/…`). */
  lakeLocation: (uri: string) => string;
  /** The AWS region of the environment's cluster and queues. */
  awsRegion: string;
  /** The URL of the SQS queue a retraining app's new-data notifications arrive on. */
  retrainingQueueUrl: (app: string) => string;
}

/** The resolved workload of one kind. */
export type WorkloadOf<Kind extends WorkloadKind> = Extract<ResolvedWorkload, { kind: Kind }>;

/** Everything needed to declare one app in one environment; `Workload` narrows it to one kind. */
export interface AppContext<Workload extends ResolvedWorkload = ResolvedWorkload> {
  app: string;
  customer: string;
  namespace: string;
  /** Full image reference, pinned by tag and, when known, digest. */
  image: string;
  /** The release version, used as the app.kubernetes.io/version label. */
  version: string;
  workload: Workload;
  cluster: ClusterServices;
  /** The re-run `workbench rerun` committed for this environment (`workloads:reruns`), if any. */
  rerun?: { run: number; reason: string };
}
