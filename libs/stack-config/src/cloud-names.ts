/**
 * The names both programs derive from the stack configs: the Kubernetes render (image
 * repositories, bucket names, secret paths) and the cloud program (the resources with those
 * names). Neither reads the other's outputs; both call these functions, and
 * platform/cloud/naming-agreement.test.ts proves the rendered manifests name what the cloud declares.
 */

/** The data lake's buckets, by the logical name `workload.yaml` uses (`lake://raw/orders/`). */
export { LAKE_BUCKETS, type LakeBucket } from '@workbench/workload-spec';
import { LAKE_BUCKETS, type LakeBucket } from '@workbench/workload-spec';

export interface AwsPlace {
  accountId: string;
  region: string;
}

/** The ECR registry of the shared stack: `<account>.dkr.ecr.<region>.amazonaws.com`. */
export const registryHost = (shared: AwsPlace) => `${shared.accountId}.dkr.ecr.${shared.region}.amazonaws.com`;

/** An app's image repository: one ECR repository per deployable app, named after it. */
export const imageRepository = (shared: AwsPlace, app: string) => `${registryHost(shared)}/${app}`;

export const ecrRepositoryArn = (shared: AwsPlace, app: string) => `arn:aws:ecr:${shared.region}:${shared.accountId}:repository/${app}`;

/** A lake bucket of one environment, e.g. `acme-staging-raw`; S3 names are global, hence the prefix. */
export const lakeBucketName = (organization: string, env: string, bucket: LakeBucket) => `${organization}-${env}-${bucket}`;

/** Where S3 server access logs of an environment's lake buckets go. */
export const accessLogBucketName = (organization: string, env: string) => `${organization}-${env}-access-logs`;

export const s3BucketArn = (bucket: string) => `arn:aws:s3:::${bucket}`;

/** `lake://raw/orders/x.csv` → `s3://acme-staging-raw/orders/x.csv` in one environment. */
export function lakeLocation(organization: string, env: string, uri: string): string {
  const match = /^lake:\/\/([a-z-]+)\/(.*)$/.exec(uri);
  const bucket = match?.[1] as LakeBucket | undefined;
  if (!match || !bucket || !LAKE_BUCKETS.includes(bucket)) throw new Error(`"${uri}" is not a lake location (lake://<${LAKE_BUCKETS.join('|')}>/<path>)`);
  return `s3://${lakeBucketName(organization, env, bucket)}/${match[2]}`;
}

/** The bucket and key prefix of a lake location, for IAM statements. */
export function lakeObjectPrefix(organization: string, env: string, uri: string): { bucket: string; prefix: string } {
  const [bucket = '', ...key] = lakeLocation(organization, env, uri).slice('s3://'.length).split('/');
  return { bucket, prefix: key.join('/') };
}

/**
 * Where an environment's secrets live in AWS Secrets Manager: `workbench/<env>/<scope>/…`, where
 * the scope is a customer or `platform`. A store only ever sees its own scope.
 */
export const secretPrefix = (env: string, scope: string) => `${environmentSecretPrefix(env)}${scope}/`;

/** Every secret of one environment: what its external-secrets controller may read. */
export const environmentSecretPrefix = (env: string) => `workbench/${env}/`;

/** The scope of the platform's own secrets; `platform` is a reserved customer name. */
export const PLATFORM_SECRET_SCOPE = 'platform';

/** Secrets Manager appends six random characters to a secret's ARN: match them. */
export const secretArnPattern = (place: AwsPlace, name: string) => `arn:aws:secretsmanager:${place.region}:${place.accountId}:secret:${name}`;

export const iamRoleArn = (accountId: string, name: string) => `arn:aws:iam::${accountId}:role/${name}`;

/** The IAM role of an app in one environment, assumed through EKS Pod Identity by its ServiceAccount. */
export const appRoleName = (env: string, app: string) => `${env}-app-${app}`;

/** The IAM role of a platform service (external-secrets, cert-manager, …) in one environment. */
export const platformRoleName = (env: string, service: string) => `${env}-platform-${service}`;

/** The CI roles of the shared stack, assumed by GitHub Actions over OIDC. */
export const CI_ROLES = { release: 'workbench-release', plan: 'workbench-plan', deploy: (env: string) => `workbench-deploy-${env}` } as const;

export const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';
export const githubOidcProviderArn = (accountId: string) => `arn:aws:iam::${accountId}:oidc-provider/${GITHUB_OIDC_HOST}`;

/** A Spark job's event logs: its own prefix of the spark-logs bucket, under its customer's. */
export const sparkEventLogUri = (customer: string, app: string) => `lake://spark-logs/${customer}/${app}/`;

/** Where MLflow keeps run artifacts and registered models. */
export const MLFLOW_ARTIFACTS_URI = 'lake://models/mlflow/';

/**
 * The platform services that hold a cloud identity, and the ServiceAccount their pods run as:
 * the workloads program names the ServiceAccount in the chart's values, the cloud program
 * associates the role with it.
 */
export const PLATFORM_IDENTITIES = {
  'external-secrets': { namespace: 'external-secrets', serviceAccount: 'external-secrets' },
  'cert-manager': { namespace: 'cert-manager', serviceAccount: 'cert-manager' },
  mlflow: { namespace: 'mlflow', serviceAccount: 'mlflow' },
  karpenter: { namespace: 'karpenter', serviceAccount: 'karpenter' },
  // The chart's default operator ServiceAccount: KEDA reads retraining queues' length as itself.
  keda: { namespace: 'keda', serviceAccount: 'keda-operator' },
} as const;
export type PlatformIdentity = keyof typeof PLATFORM_IDENTITIES;

/**
 * The queue that S3 event notifications of a retraining app's `newData` prefix feed, per
 * environment: the cloud program creates it, the app's KEDA ScaledJob watches its length.
 */
export const retrainingQueueName = (env: string, app: string) => `${env}-retrain-${app}`;
export const sqsQueueUrl = (place: AwsPlace, name: string) => `https://sqs.${place.region}.amazonaws.com/${place.accountId}/${name}`;
export const sqsQueueArn = (place: AwsPlace, name: string) => `arn:aws:sqs:${place.region}:${place.accountId}:${name}`;

/** Karpenter's node role and instance profile (one name for both), and its interruption queue. */
export const karpenterNodeRoleName = (env: string) => `${env}-karpenter-node`;
export const karpenterInterruptionQueueName = (env: string) => `${env}-karpenter-interruptions`;

/** The ServiceAccount a Spark job's driver runs as (it creates the executors, which run as the app's own). */
export const sparkDriverAccount = (app: string) => `${app}-spark-driver`;

/** Every ServiceAccount an app's pods run as: each is associated with the app's role. */
export const appServiceAccounts = (app: string, kind: string) => (kind === 'spark-job' ? [app, sparkDriverAccount(app)] : [app]);

/**
 * Where lab datasets on S3 live (`s3://<org>-lab-raw/labs/…`), and the role a lab's seed job reads
 * them with. Lab namespaces come and go with lab branches, which Pod Identity associations (one
 * per namespace) cannot follow: this role alone is assumed through IRSA, trusted for the seeder
 * ServiceAccount of any `lab-*` namespace of the lab cluster.
 */
export const LAB_DATASETS_URI = 'lake://raw/labs/';
export const labDatasetReaderRoleName = (env: string) => `${env}-lab-dataset-reader`;
export const LAB_DATASET_SEEDER = { namespaces: 'lab-*', serviceAccount: 'dataset-seeder' } as const;
