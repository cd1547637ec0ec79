import { cpuQuantity, dnsLabel, dnsName, ipv4Cidr, memoryQuantity } from '@workbench/workload-spec';
import { z } from 'zod';
import { awsRegion } from './cloud-schema.ts';
import { alertingSchema } from './alerting.ts';
import { labLimitsSchema } from './lab-limits.ts';
import { modelPinsSchema } from './model-pins.ts';
import { rerunsSchema } from './reruns.ts';
import { COMMIT_SHA, IMAGE_DIGEST, IMAGE_REPOSITORY, IMAGE_TAG } from './patterns.ts';
import { freezesSchema, holdsSchema } from './promotion-policy.ts';

/** The namespace of the environments program's keys in Pulumi.<env>.yaml (`workloads:releases`). */
export const CONFIG_NAMESPACE = 'workloads';

/** One app's release: an immutable image reference and the commit it was built from. */
export const releasePinSchema = z.strictObject({
  image: z.string().regex(IMAGE_REPOSITORY, 'expected an image repository without tag, e.g. ghcr.io/workbench/acme-churn-api'),
  tag: z
    .string()
    .regex(IMAGE_TAG, 'expected an image tag such as sha-3f2a9c1')
    .refine((tag) => tag !== 'latest', 'never deploy :latest: pin the release to the tag CI built, e.g. sha-<commit>'),
  digest: z.string().regex(IMAGE_DIGEST, 'expected sha256:<64 hex digits>').optional(),
  commit: z.string().regex(COMMIT_SHA, 'expected the full 40-character commit SHA'),
});
export type ReleasePin = z.infer<typeof releasePinSchema>;

const quota = z.strictObject({
  requestsCpu: cpuQuantity,
  requestsMemory: memoryQuantity,
  limitsCpu: cpuQuantity,
  limitsMemory: memoryQuantity,
  pods: z.number().int().min(1).max(1000),
});

/**
 * Everything `workloads:*` in Pulumi.<env>.yaml may hold; unknown keys are errors. The
 * environment is the stack's name (the file's name), never a key of its own.
 */
export const stackConfigSchema = z.strictObject({
  domain: dnsName,
  cluster: z.strictObject({
    name: dnsLabel,
    awsRegion,
    ingressClass: dnsLabel.default('nginx'),
    clusterIssuer: dnsLabel.default('letsencrypt'),
    acmeEmail: z.email(),
    acmeServer: z.enum(['production', 'staging']),
    secretStore: dnsLabel.default('aws-secrets-manager'),
    // Spark drivers create their executors through the API server; network policies allow
    // them to reach only these addresses (the VPC range holding the control plane's interfaces).
    apiServerCidrs: z.array(ipv4Cidr).min(1),
  }),
  platform: z.strictObject({
    ingressReplicas: z.number().int().min(1).max(10),
    prometheusRetention: z.string().regex(/^\d+[dh]$/, 'expected a duration such as 15d'),
    mlflow: z.boolean(),
    spotCpuLimit: z.number().int().min(1).max(10000).default(64).describe('The most vCPUs of spot nodes Karpenter may run (Spark executors, lab workspaces)'),
  }),
  quota: quota.describe('Default quota of each customer namespace'),
  customerQuotas: z.record(dnsLabel, quota).default({}),
  releases: z.record(dnsLabel, releasePinSchema).default({}),
  overrides: z
    .record(
      dnsLabel,
      z.strictObject({
        replicas: z.number().int().min(0).max(100).optional(),
        resources: z.strictObject({ cpu: cpuQuantity, memory: memoryQuantity }).optional(),
      }),
    )
    .default({}),
  reruns: rerunsSchema.describe('Re-runs of batch apps, written by `workbench rerun`'),
  models: modelPinsSchema.describe('The model version each model serves with here, by registered model name (<customer>-<model>); written by workbench model release and promote'),
  alerting: alertingSchema.describe('Where alerts go: receivers by owner and for the platform team'),
  // Only the lab cluster runs labs: what one lab may ask for, and where lab branches live.
  labs: labLimitsSchema.optional(),
  // Promotion policy, used by `workbench promote` and `rollback`; rendering ignores it.
  holds: holdsSchema,
  freezes: freezesSchema,
});
export type StackConfig = z.infer<typeof stackConfigSchema>;

/** `repo:tag@digest` — the digest, when known, makes the reference immutable. */
export function imageReference(pin: ReleasePin): string {
  return `${pin.image}:${pin.tag}${pin.digest ? `@${pin.digest}` : ''}`;
}
