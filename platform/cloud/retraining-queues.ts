import * as pulumi from '@pulumi/pulumi';
import * as aws from '@pulumi/aws';
import { type AwsPlace, lakeObjectPrefix, retrainingQueueName, s3BucketArn, sqsQueueArn } from '@workbench/stack-config';
import { type AppWorkload, durationSeconds } from '@workbench/workload-spec';
import { policyDocument } from './iam-document.js';

export interface RetrainingQueuesArgs extends AwsPlace {
  organization: string;
  env: string;
  /** The apps released in this environment. */
  apps: AppWorkload[];
}

/**
 * For every retraining app with a `newData` trigger: a queue, which only S3 events of its own
 * lake bucket may feed, and the bucket's event notifications for the app's prefix into it. S3
 * keeps one notification configuration per bucket, so each bucket gets one resource listing
 * every queue it feeds.
 */
export class RetrainingQueues extends pulumi.ComponentResource {
  constructor(name: string, args: RetrainingQueuesArgs, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:cloud:RetrainingQueues', name, {}, opts);
    const { env, organization } = args;
    const byBucket = new Map<string, { queueArn: string; prefix: string; after: pulumi.Resource }[]>();
    for (const { app, workload } of args.apps) {
      if (workload.kind !== 'cron' || !workload.retraining?.newData) continue;
      const queueName = retrainingQueueName(env, app);
      const queueArn = sqsQueueArn(args, queueName);
      const { bucket, prefix } = lakeObjectPrefix(organization, env, workload.retraining.newData.prefix);
      const queue = new aws.sqs.Queue(
        queueName,
        {
          name: queueName,
          sqsManagedSseEnabled: true,
          // A run keeps its messages invisible for as long as it may run, then they come back.
          visibilityTimeoutSeconds: Math.min(durationSeconds(workload.deadline), 12 * 3600),
          messageRetentionSeconds: 4 * 24 * 3600,
          tags: { 'workbench.dev/app': app, 'workbench.dev/customer': workload.customer },
        },
        { parent: this },
      );
      const policy = new aws.sqs.QueuePolicy(
        queueName,
        {
          queueUrl: queue.url,
          policy: policyDocument([
            {
              Sid: 'LakeEvents',
              Effect: 'Allow',
              Principal: { Service: 's3.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: queueArn,
              Condition: { ArnEquals: { 'aws:SourceArn': s3BucketArn(bucket) }, StringEquals: { 'aws:SourceAccount': args.accountId } },
            },
            { Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sqs:*', Resource: queueArn, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          ]),
        },
        { parent: this, dependsOn: [queue] },
      );
      byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), { queueArn, prefix, after: policy }]);
    }
    for (const [bucket, queues] of [...byBucket].sort(([a], [b]) => a.localeCompare(b))) {
      new aws.s3.BucketNotification(
        `${bucket}-retraining`,
        { bucket, queues: queues.map(({ queueArn, prefix }) => ({ queueArn, events: ['s3:ObjectCreated:*'], filterPrefix: prefix })) },
        // S3 checks it may send to each queue when the notification is set: the policies first.
        { parent: this, dependsOn: queues.map((q) => q.after) },
      );
    }
    this.registerOutputs({});
  }
}
