import * as pulumi from '@pulumi/pulumi';
import { labLimitsSchema } from '@workbench/lab-spec';
import { COMMIT_SHA, freezesSchema, holdsSchema, IMAGE_DIGEST, IMAGE_REPOSITORY, IMAGE_TAG, stackFilePath } from '@workbench/stack-config';
import { ENVIRONMENTS, InputError, ipv4Cidr } from '@workbench/workload-spec';
import { z } from 'zod';

// Values that become object names, file names or folders: DNS-1123 labels, nothing path-like.
const objectName = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a DNS-1123 label (lowercase letters, digits and "-"): it becomes an object and file name');
const dnsName = z.string().regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/, 'expected a lowercase DNS name');
const cpu = z.string().regex(/^([1-9][0-9]*m|[0-9]+(\.[0-9]{1,3})?)$/, 'expected a CPU quantity such as "4" or "500m"');
const memory = z.string().regex(/^[1-9][0-9]*(Ki|Mi|Gi|Ti)?$/, 'expected a memory quantity such as "8Gi"');

/** One app's release: an immutable image reference and the commit it was built from. */
export const releasePin = z.strictObject({
  image: z
    .string()
    .regex(IMAGE_REPOSITORY, 'expected an image repository without tag, e.g. ghcr.io/workbench/acme-churn-api'),
  tag: z
    .string()
    .regex(IMAGE_TAG, 'expected an image tag such as sha-3f2a9c1')
    .refine((tag) => tag !== 'latest', 'never deploy :latest: pin the release to the tag CI built, e.g. sha-<commit>'),
  digest: z.string().regex(IMAGE_DIGEST, 'expected sha256:<64 hex digits>').optional(),
  commit: z.string().regex(COMMIT_SHA, 'expected the full 40-character commit SHA'),
});
export type ReleasePin = z.infer<typeof releasePin>;

const quota = z.strictObject({
  requestsCpu: cpu,
  requestsMemory: memory,
  limitsCpu: cpu,
  limitsMemory: memory,
  pods: z.number().int().min(1).max(1000),
});

/** Everything `workloads:*` in Pulumi.<stack>.yaml may hold. Unknown keys are errors. */
export const stackConfigSchema = z.strictObject({
  environment: z.enum(ENVIRONMENTS),
  domain: dnsName,
  cluster: z.strictObject({
    name: objectName,
    awsRegion: z.string().regex(/^[a-z]{2}-[a-z]+-\d$/, 'expected an AWS region such as eu-west-1'),
    ingressClass: objectName.default('nginx'),
    clusterIssuer: objectName.default('letsencrypt'),
    acmeEmail: z.email(),
    acmeServer: z.enum(['production', 'staging']),
    secretStore: objectName.default('aws-secrets-manager'),
    // Spark drivers create their executors through the API server; network policies allow
    // them to reach only these addresses (the VPC range holding the control plane's interfaces).
    apiServerCidrs: z.array(ipv4Cidr).min(1),
  }),
  platform: z.strictObject({
    ingressReplicas: z.number().int().min(1).max(10),
    prometheusRetention: z.string().regex(/^\d+[dh]$/, 'expected a duration such as 15d'),
    mlflow: z.boolean(),
  }),
  quota: quota.describe('Default quota of each customer namespace'),
  customerQuotas: z.record(objectName, quota).default({}),
  releases: z.record(objectName, releasePin).default({}),
  overrides: z
    .record(
      objectName,
      z.strictObject({
        replicas: z.number().int().min(0).max(100).optional(),
        resources: z.strictObject({ cpu, memory }).optional(),
      }),
    )
    .default({}),
  // Only the lab cluster runs labs: what one lab may ask for, and where lab branches live.
  labs: labLimitsSchema.optional(),
  // Promotion policy, used by `workbench promote` and `rollback`; rendering ignores it.
  holds: holdsSchema,
  freezes: freezesSchema,
});
export type StackConfig = z.infer<typeof stackConfigSchema>;

export class StackConfigError extends InputError {
  constructor(file: string, problems: string[]) {
    super(`${file}: invalid stack config\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'StackConfigError';
  }
}

const PREFIX = 'workloads:';

/** Reads and validates the stack's config; every problem names the key and what was expected. */
export function readStackConfig(): StackConfig {
  const file = stackFilePath(pulumi.getStack());
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    if (!key.startsWith(PREFIX)) continue;
    const field = key.slice(PREFIX.length);
    try {
      raw[field] = JSON.parse(value);
    } catch {
      raw[field] = value;
    }
  }
  const result = stackConfigSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map(String);
      const where = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k].join('.')).join(', ') : path.join('.');
      const message =
        issue.code === 'unrecognized_keys'
          ? 'unknown key: remove it or fix the spelling'
          : issue.code === 'invalid_key'
            ? `the key ${JSON.stringify(path.at(-1))} is refused: ${issue.issues.map((i) => i.message).join('; ')}`
            : issue.message;
      problems.push(`config ${PREFIX}${where || '(root)'}: ${message}`);
    }
    throw new StackConfigError(file, problems);
  }
  if (result.data.environment !== pulumi.getStack()) {
    throw new StackConfigError(file, [`config ${PREFIX}environment: is "${result.data.environment}" but the stack is "${pulumi.getStack()}"`]);
  }
  return result.data;
}

/** `repo:tag@digest` — the digest, when known, makes the reference immutable. */
export function imageReference(pin: ReleasePin): string {
  return `${pin.image}:${pin.tag}${pin.digest ? `@${pin.digest}` : ''}`;
}
