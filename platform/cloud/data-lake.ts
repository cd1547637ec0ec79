import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';
import { accessLogBucketName, type CloudEnvironmentConfig, LAKE_BUCKETS, type LakeBucket, lakeBucketName, s3BucketArn } from '@workbench/stack-config';
import { policyDocument, type Statement } from './iam-document.js';

export interface DataLakeArgs {
  env: string;
  accountId: string;
  organization: string;
  lake: CloudEnvironmentConfig['lake'];
}

/** Refuses every request that is not over TLS, whoever makes it. */
const denyInsecureTransport = (bucket: string): Statement => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [s3BucketArn(bucket), `${s3BucketArn(bucket)}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

/**
 * An environment's data lake: raw, curated, models (MLflow's artifacts) and Spark event logs,
 * each encrypted with the lake's KMS key, versioned, private, TLS-only, with lifecycle rules and
 * server access logs to a log bucket (which AWS allows only SSE-S3, so it alone uses that).
 */
export class DataLake extends pulumi.ComponentResource {
  constructor(name: string, args: DataLakeArgs, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:cloud:DataLake', name, {}, opts);
    const child = { parent: this };
    const { env, organization, lake } = args;

    const key = new aws.kms.Key(`${env}-lake`, { description: `Encryption of the ${env} data lake`, enableKeyRotation: true, deletionWindowInDays: 30 }, child);
    new aws.kms.Alias(`${env}-lake`, { name: `alias/${env}-lake`, targetKeyId: key.keyId }, child);

    const logBucket = accessLogBucketName(organization, env);
    const logs = this.bucket(logBucket, {
      encryption: { sseAlgorithm: 'AES256' },
      expireDays: lake.accessLogDays,
      noncurrentDays: lake.noncurrentVersionDays,
      statements: [
        {
          Sid: 'ServerAccessLogs',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${s3BucketArn(logBucket)}/*`,
          Condition: { StringEquals: { 'aws:SourceAccount': args.accountId } },
        },
      ],
    });

    for (const bucket of LAKE_BUCKETS) {
      const name = lakeBucketName(organization, env, bucket);
      this.bucket(name, {
        encryption: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.arn },
        expireDays: bucket === ('spark-logs' satisfies LakeBucket) ? lake.sparkLogDays : undefined,
        noncurrentDays: lake.noncurrentVersionDays,
        logsTo: { bucket: logBucket, after: logs },
        statements: [],
      });
    }
  }

  private bucket(
    name: string,
    args: {
      encryption: { sseAlgorithm: 'aws:kms' | 'AES256'; kmsMasterKeyId?: pulumi.Input<string> };
      expireDays: number | undefined;
      noncurrentDays: number;
      logsTo?: { bucket: string; after: aws.s3.Bucket };
      statements: Statement[];
    },
  ): aws.s3.Bucket {
    const bucket = new aws.s3.Bucket(name, { bucket: name, forceDestroy: false }, { parent: this });
    const after = { parent: this, dependsOn: [bucket] };
    new aws.s3.BucketOwnershipControls(name, { bucket: name, rule: { objectOwnership: 'BucketOwnerEnforced' } }, after);
    const block = new aws.s3.BucketPublicAccessBlock(name, { bucket: name, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }, after);
    new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      { bucket: name, rules: [{ applyServerSideEncryptionByDefault: args.encryption, bucketKeyEnabled: args.encryption.sseAlgorithm === 'aws:kms' }] },
      after,
    );
    new aws.s3.BucketVersioning(name, { bucket: name, versioningConfiguration: { status: 'Enabled' } }, after);
    new aws.s3.BucketLifecycleConfiguration(
      name,
      {
        bucket: name,
        rules: [
          { id: 'abort-incomplete-uploads', status: 'Enabled', filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
          { id: 'expire-noncurrent-versions', status: 'Enabled', filter: {}, noncurrentVersionExpiration: { noncurrentDays: args.noncurrentDays } },
          ...(args.expireDays ? [{ id: 'expire-objects', status: 'Enabled', filter: {}, expiration: { days: args.expireDays } }] : []),
        ],
      },
      after,
    );
    if (args.logsTo) {
      new aws.s3.BucketLogging(name, { bucket: name, targetBucket: args.logsTo.bucket, targetPrefix: `${name}/` }, { parent: this, dependsOn: [bucket, args.logsTo.after] });
    }
    // After the public access block, so that no moment exists where a policy could make it public.
    new aws.s3.BucketPolicy(name, { bucket: name, policy: policyDocument([denyInsecureTransport(name), ...args.statements]) }, { parent: this, dependsOn: [bucket, block] });
    return bucket;
  }
}
