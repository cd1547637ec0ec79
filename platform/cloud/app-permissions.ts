import { type AwsPlace, lakeObjectPrefix, MODEL_RELEASE_ENVIRONMENT, retrainingQueueName, s3BucketArn, secretArnPattern, secretPrefix, sparkEventLogUri, sqsQueueArn } from '@workbench/stack-config';
import { modelArtifactsPrefix, type Workload } from '@workbench/workload-spec';
import type { Statement } from './iam-document.js';

export interface LakeScope extends AwsPlace {
  organization: string;
  env: string;
}

/**
 * Object access to lake prefixes: reads get and list under the prefix, writes put. The lake
 * key is usable only through S3 and only for these buckets (its encryption context), so no
 * key ARN, which only AWS knows before apply, is needed.
 */
export function lakeStatements(scope: LakeScope, access: { read: string[]; write: string[] }): Statement[] {
  const locate = (uri: string) => lakeObjectPrefix(scope.organization, scope.env, uri);
  const read = access.read.map(locate);
  const write = access.write.map(locate);
  const statements: Statement[] = [];
  const buckets = (prefixes: { bucket: string }[]) => [...new Set(prefixes.map((p) => s3BucketArn(p.bucket)))].sort();
  const objects = (prefixes: { bucket: string; prefix: string }[]) => prefixes.map((p) => `${s3BucketArn(p.bucket)}/${p.prefix}*`);
  if (read.length) {
    statements.push({ Sid: 'ReadObjects', Effect: 'Allow', Action: 's3:GetObject', Resource: objects(read) });
    for (const bucket of buckets(read)) {
      const prefixes = read.filter((p) => s3BucketArn(p.bucket) === bucket).map((p) => `${p.prefix}*`);
      statements.push({ Sid: `List${statements.length}`, Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket, Condition: { StringLike: { 's3:prefix': prefixes } } });
    }
  }
  if (write.length) statements.push({ Sid: 'WriteObjects', Effect: 'Allow', Action: ['s3:PutObject', 's3:AbortMultipartUpload'], Resource: objects(write) });
  if (read.length || write.length) {
    statements.push({
      Sid: 'LakeKey',
      Effect: 'Allow',
      Action: write.length ? ['kms:Decrypt', 'kms:GenerateDataKey'] : 'kms:Decrypt',
      Resource: `arn:aws:kms:${scope.region}:${scope.accountId}:key/*`,
      Condition: {
        StringEquals: { 'kms:ViaService': `s3.${scope.region}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': buckets([...read, ...write]) },
      },
    });
  }
  return statements;
}

/**
 * An app's permissions in one environment: exactly the lake prefixes its workload.yaml declares
 * (a Spark job also writes its own event logs) and the Secrets Manager entries it references.
 */
export function appStatements(scope: LakeScope, app: string, workload: Workload): Statement[] {
  const read = workload.data?.read ?? [];
  const write = [...(workload.data?.write ?? []), ...(workload.kind === 'spark-job' ? [sparkEventLogUri(workload.customer, app)] : [])];
  const secrets = workload.secrets.map((secret) => secretArnPattern(scope, `${secretPrefix(scope.env, workload.customer)}${secret.remoteKey.slice(workload.customer.length + 1)}-??????`));
  const queue = workload.kind === 'cron' && workload.retraining?.newData ? sqsQueueArn(scope, retrainingQueueName(scope.env, app)) : undefined;
  return [
    ...lakeStatements(scope, { read, write }),
    ...releasedModelStatements(scope, workload),
    // A run started by new data takes the notifications it trains on off its own queue.
    ...(queue ? [{ Sid: 'ConsumeNewDataNotifications', Effect: 'Allow' as const, Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], Resource: queue }] : []),
    ...(secrets.length ? [{ Sid: 'ReadOwnSecrets', Effect: 'Allow' as const, Action: 'secretsmanager:GetSecretValue', Resource: secrets }] : []),
  ];
}

/**
 * A serving app outside staging loads its pinned model from staging's lake, where models are
 * released (`MODEL_RELEASE_ENVIRONMENT`): read, in that lake, of its own model's folder only.
 */
function releasedModelStatements(scope: LakeScope, workload: Workload): Statement[] {
  if (workload.kind !== 'service' || !workload.model || scope.env === MODEL_RELEASE_ENVIRONMENT) return [];
  const folder = modelArtifactsPrefix(workload.customer, workload.model);
  return lakeStatements({ ...scope, env: MODEL_RELEASE_ENVIRONMENT }, { read: [folder], write: [] }).map((statement) => ({ ...statement, Sid: `ReleasedModel${statement.Sid}` }));
}
