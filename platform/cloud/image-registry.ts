import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/** How long an untagged image (a layer left behind by a re-push) is kept before ECR deletes it. */
const UNTAGGED_DAYS = 14;

/**
 * One ECR repository per deployable app: tags are immutable (a release pin names one image
 * forever), every push is scanned, and untagged images expire.
 */
export class ImageRegistry extends pulumi.ComponentResource {
  constructor(name: string, args: { apps: string[] }, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:cloud:ImageRegistry', name, {}, opts);
    for (const app of args.apps) {
      const repository = new aws.ecr.Repository(
        app,
        {
          name: app,
          imageTagMutability: 'IMMUTABLE',
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfigurations: [{ encryptionType: 'KMS' }],
          forceDelete: false,
        },
        { parent: this },
      );
      new aws.ecr.LifecyclePolicy(
        `${app}-lifecycle`,
        {
          repository: app,
          policy: JSON.stringify({
            rules: [
              {
                rulePriority: 1,
                description: `expire untagged images after ${UNTAGGED_DAYS} days`,
                selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: UNTAGGED_DAYS },
                action: { type: 'expire' },
              },
            ],
          }),
        },
        { parent: this, dependsOn: [repository] },
      );
    }
  }
}
