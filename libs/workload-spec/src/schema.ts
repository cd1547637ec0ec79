import { z } from 'zod';
import { cronScheduleProblem } from './cron-schedule.ts';
import { CREDENTIAL_NAME, credentialShape, SECRET_FIX } from './credentials.ts';
import { resources } from './quantities.ts';
import { reservedNameReason } from './reserved-names.ts';
import { dnsLabel, dnsName } from './names.ts';
import { coveredBy, dataAccess, undeclaredLakeLocations } from './data-access.ts';
import { modelArtifactsPrefix, servedModel } from './model-serving.ts';
import { retraining } from './retraining.ts';
import { ALERT_OVERRIDES, ALERTS, batchOverrides, concurrency, cronOverrides, deadline, retries, slo, sloOverride, startingDeadline } from './operations.ts';

export const WORKLOAD_KINDS = ['service', 'job', 'cron', 'spark-job'] as const;
export const ENVIRONMENTS = ['staging', 'production', 'lab'] as const;


const envVarName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an upper-case environment variable name like MODEL_PATH');

const envVars = z
  .record(envVarName, z.string())
  .superRefine((vars, ctx) => {
    for (const [name, value] of Object.entries(vars)) {
      if (CREDENTIAL_NAME.test(name)) {
        ctx.addIssue({ code: 'custom', path: [name], message: `${name} looks like a credential: ${SECRET_FIX}, never as a literal value` });
        continue;
      }
      const shape = credentialShape(value, { entropy: true });
      if (shape) ctx.addIssue({ code: 'custom', path: [name], message: `the value of ${name} looks like ${shape}: ${SECRET_FIX}` });
    }
  })
  .describe('Plain, non-secret environment variables');

const cronSchedule = z.string().superRefine((schedule, ctx) => {
  const problem = cronScheduleProblem(schedule);
  if (problem) ctx.addIssue({ code: 'custom', message: `not a schedule Kubernetes accepts: ${problem}` });
});

/** A customer becomes a namespace: a DNS label that is none of the platform's own names. */
export const customerName = dnsLabel.superRefine((name, ctx) => {
  const reserved = reservedNameReason(name);
  if (reserved) ctx.addIssue({ code: 'custom', message: reserved });
});

// Each segment of a secret-store path is a plain name: no "." or ".." to climb out of the app's prefix.
const REMOTE_KEY = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;

const secretRef = z
  .strictObject({
    name: dnsLabel.describe('Name of the Kubernetes Secret that External Secrets creates'),
    env: envVarName.describe('Environment variable that receives the value'),
    remoteKey: z
      .string()
      .min(1)
      .regex(REMOTE_KEY, 'expected a secret-store path such as "acme/acme-churn-api/mlflow-token": names separated by "/", none starting with "."')
      .describe('Key of the value in the secret store: <customer>/<app>/<name>; an app reads only its own prefix'),
    property: z.string().optional().describe('Property within the remote secret, when it holds a JSON object'),
  })
  .describe('A reference to a secret by name; the value never appears in git');

const autoscaling = z
  .strictObject({
    minReplicas: z.number().int().min(1),
    maxReplicas: z.number().int().min(1).max(100),
    targetCPUUtilizationPercentage: z.number().int().min(10).max(100).default(70),
  })
  .refine((a) => a.minReplicas <= a.maxReplicas, { message: 'minReplicas must not exceed maxReplicas', path: ['minReplicas'] })
  .describe('Horizontal Pod Autoscaler bounds (services only)');

// An HTTP path as ingress controllers and probes accept it: no spaces, quotes, braces or ";"
// (ingress-nginx refuses those in paths, since they end up in its configuration).
const httpPath = z.string().regex(/^\/[A-Za-z0-9/._~%-]*$/, 'expected a URL path such as "/" or "/api/v1": letters, digits and / . _ ~ % -');

const ingress = z
  .strictObject({
    host: dnsName,
    path: httpPath.default('/'),
  })
  .describe('Public HTTP route to the service; TLS is issued by cert-manager');

/** An IPv4 network as NetworkPolicy ipBlocks take it; "999.999.999.999/99" would be refused by the API server. */
export const ipv4Cidr = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'expected an IPv4 CIDR like "10.0.0.0/16"')
  .refine((cidr) => {
    const [address = '', prefix = ''] = cidr.split('/');
    return address.split('.').every((octet) => Number(octet) <= 255) && Number(prefix) <= 32;
  }, 'not an IPv4 CIDR: each of the four numbers is 0-255 and the prefix length 0-32, e.g. "10.0.0.0/16"');

const egressRule = z
  .strictObject({
    cidr: ipv4Cidr.describe('Destination network'),
    ports: z.array(z.number().int().min(1).max(65535)).min(1),
    description: z.string().optional(),
  })
  .describe('An allowed outbound destination; everything not listed (except DNS) is denied');

// Spark's own memory notation, which spark-operator passes to spark-submit.
const sparkMemory = z.string().regex(/^[1-9][0-9]*[mg]$/, 'expected a Spark memory size such as "512m" or "2g"');

const sparkSpec = z
  .strictObject({
    mainApplicationFile: z
      .string()
      .regex(/^(local|s3a|https):\/\/\/?[A-Za-z0-9/._-]+$/, 'expected the application\'s location, e.g. local:///app/job.py (or s3a://, https://)')
      .describe('Path of the application inside the image, e.g. local:///app/job.py'),
    driver: z.strictObject({ cores: z.number().int().min(1).max(16).default(1), memory: sparkMemory.default('1g') }).default({ cores: 1, memory: '1g' }),
    executor: z
      .strictObject({ instances: z.number().int().min(1).max(50).default(2), cores: z.number().int().min(1).max(16).default(1), memory: sparkMemory.default('1g') })
      .default({ instances: 2, cores: 1, memory: '1g' }),
    sparkVersion: z.string().regex(/^\d+\.\d+\.\d+$/).default('3.5.3'),
  })
  .describe('Spark settings for spark-job workloads (spark-operator SparkApplication)');

/** Fields every kind has. */
const common = {
  $schema: z.string().optional(),
  apiVersion: z.literal('workbench.dev/v1'),
  customer: customerName.describe('Customer the app belongs to; becomes its namespace'),
  owner: z
    .string()
    .regex(/^@?[A-Za-z0-9][-A-Za-z0-9_./]*$/, 'expected a team handle such as "acme-data-science" or "@org/team"')
    .describe('Team that owns the app: CODEOWNERS and the service catalog'),
  description: z.string().min(1).max(300),
  resources,
  env: envVars.optional(),
  secrets: z.array(secretRef).default([]),
  egress: z.array(egressRule).default([]),
  data: dataAccess.optional(),
};

/** Per kind, what one environment may set differently; nothing else (a job has no ingress). */
const OVERRIDES = {
  service: {
    replicas: z.number().int().min(0).max(100).optional().describe('Fixed replica count (instead of autoscaling)'),
    autoscaling: autoscaling.optional(),
    resources: resources.optional(),
    env: envVars.optional(),
    ingress: ingress.optional(),
    slo: sloOverride,
    alerts: ALERT_OVERRIDES.service,
  },
  job: { resources: resources.optional(), env: envVars.optional(), alerts: ALERT_OVERRIDES.job, ...batchOverrides },
  cron: {
    resources: resources.optional(),
    env: envVars.optional(),
    alerts: ALERT_OVERRIDES.cron,
    ...batchOverrides,
    ...cronOverrides,
    schedule: cronSchedule.optional().describe('Cron schedule'),
    suspend: z.boolean().optional().describe('Keep the cron suspended in this environment'),
  },
  'spark-job': {
    resources: resources.optional(),
    env: envVars.optional(),
    alerts: ALERT_OVERRIDES['spark-job'],
    retries: batchOverrides.retries,
    schedule: cronSchedule.optional().describe('Cron schedule (runs it as a ScheduledSparkApplication)'),
    suspend: z.boolean().optional().describe('Keep the scheduled job suspended in this environment'),
  },
} as const;

/** An environment may not set both a fixed replica count and autoscaling: say which one runs. */
function oneScaling(value: { replicas?: number; autoscaling?: unknown }, ctx: z.RefinementCtx) {
  if (value.replicas !== undefined && value.autoscaling) ctx.addIssue({ code: 'custom', path: ['replicas'], message: 'set either replicas or autoscaling, not both' });
}

const environments = <Shape extends z.ZodRawShape>(shape: Shape, kind: WorkloadKind) =>
  z
    .partialRecord(z.enum(ENVIRONMENTS), z.strictObject(shape).superRefine(oneScaling).describe(`Settings that replace a ${kind}'s defaults in one environment`))
    .default({});

const serviceSchema = z
  .strictObject({
    kind: z.literal('service'),
    ...common,
    port: z.number().int().min(1024).max(65535).describe('Container port: must be unprivileged, 1024 or above'),
    healthPath: httpPath.default('/healthz').describe('Liveness probe path'),
    readinessPath: httpPath.default('/readyz').describe('Readiness probe path'),
    metricsPath: httpPath.default('/metrics').describe('Prometheus scrape path'),
    replicas: OVERRIDES.service.replicas,
    autoscaling: OVERRIDES.service.autoscaling,
    ingress: OVERRIDES.service.ingress,
    model: servedModel.optional(),
    slo,
    alerts: ALERTS.service,
    environments: environments(OVERRIDES.service, 'service'),
  })
  .superRefine(oneScaling)
  .describe('An HTTP API: Deployment, Service, autoscaling or fixed replicas, optional ingress');

const jobSchema = z
  .strictObject({ kind: z.literal('job'), ...common, retries, deadline, alerts: ALERTS.job, environments: environments(OVERRIDES.job, 'job') })
  .describe('A batch run per release: a Job named after the version');

const cronSchema = z
  .strictObject({
    kind: z.literal('cron'),
    ...common,
    schedule: cronSchedule.describe('Cron schedule such as "0 3 * * *"'),
    suspend: OVERRIDES.cron.suspend,
    retries,
    deadline,
    startingDeadline,
    concurrency,
    alerts: ALERTS.cron,
    retraining: retraining.optional(),
    environments: environments(OVERRIDES.cron, 'cron'),
  })
  .describe('A scheduled batch run: a CronJob');

const sparkJobSchema = z
  .strictObject({
    kind: z.literal('spark-job'),
    ...common,
    spark: sparkSpec,
    schedule: OVERRIDES['spark-job'].schedule,
    suspend: OVERRIDES['spark-job'].suspend,
    retries,
    alerts: ALERTS['spark-job'],
    environments: environments(OVERRIDES['spark-job'], 'spark-job'),
  })
  .describe('A PySpark job run by spark-operator: a SparkApplication, or a ScheduledSparkApplication with a schedule');

/** The fields each kind accepts at the top level and in an environment, for messages. */
export const KIND_FIELDS: Record<WorkloadKind, { top: string[]; override: string[] }> = {
  service: { top: Object.keys(serviceSchema.shape), override: Object.keys(OVERRIDES.service) },
  job: { top: Object.keys(jobSchema.shape), override: Object.keys(OVERRIDES.job) },
  cron: { top: Object.keys(cronSchema.shape), override: Object.keys(OVERRIDES.cron) },
  'spark-job': { top: Object.keys(sparkJobSchema.shape), override: Object.keys(OVERRIDES['spark-job']) },
};

export const workloadSchema = z
  .discriminatedUnion('kind', [serviceSchema, jobSchema, cronSchema, sparkJobSchema])
  .superRefine((spec, ctx) => {
    const names = new Set<string>();
    spec.secrets.forEach((secret, i) => {
      if (names.has(secret.env)) ctx.addIssue({ code: 'custom', path: ['secrets', i, 'env'], message: `${secret.env} is set by two secrets` });
      names.add(secret.env);
      if (spec.env?.[secret.env] !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['secrets', i, 'env'], message: `${secret.env} is also set in env; keep one` });
      }
    });
    const envs: [(string | number)[], Record<string, string> | undefined][] = [
      [['env'], spec.env],
      ...Object.entries(spec.environments).map(([name, overrides]): [(string | number)[], Record<string, string> | undefined] => [['environments', name, 'env'], overrides?.env]),
    ];
    // A customer's data lives under its own name in every lake bucket: no app reaches another's.
    for (const direction of ['read', 'write'] as const) {
      spec.data?.[direction].forEach((prefix, i) => {
        const [, , bucket = '', owner] = prefix.split('/');
        if (owner !== spec.customer) {
          ctx.addIssue({ code: 'custom', path: ['data', direction, i], message: `${prefix} is outside customer ${spec.customer}'s data; use lake://${bucket}/${spec.customer}/…` });
        }
      });
    }
    // A service loads its pinned model from the model's lake folder: its role must read it.
    if (spec.kind === 'service' && spec.model && !coveredBy(modelArtifactsPrefix(spec.customer, spec.model), spec.data?.read ?? [])) {
      ctx.addIssue({ code: 'custom', path: ['model'], message: `the artifacts of ${spec.model} are under ${modelArtifactsPrefix(spec.customer, spec.model)}; add it to data.read so the service may load them` });
    }
    // A run started by new data reads it: the prefix must be one the app's role may read.
    if (spec.kind === 'cron' && spec.retraining?.newData && !coveredBy(spec.retraining.newData.prefix, spec.data?.read ?? [])) {
      const prefix = spec.retraining.newData.prefix;
      ctx.addIssue({ code: 'custom', path: ['retraining', 'newData', 'prefix'], message: `${prefix} is not a prefix this app reads; add it (or a prefix above it) to data.read` });
    }
    for (const [path, env] of envs) {
      for (const [variable, location] of undeclaredLakeLocations(env ?? {}, spec.data)) {
        const folder = location.slice(0, location.lastIndexOf('/') + 1);
        ctx.addIssue({
          code: 'custom',
          path: [...path, variable],
          message: `${location} is outside the data this app declares, so its role could not reach it; add ${folder} to data.read or data.write`,
        });
      }
    }
  })
  .describe('How a Workbench app runs: the input to rendering its Kubernetes manifests. Fields depend on kind');

/** A workload spec as written in workload.yaml (before defaults). */
export type WorkloadInput = z.input<typeof workloadSchema>;
/** A validated workload spec with defaults applied: one shape per kind. */
export type Workload = z.output<typeof workloadSchema>;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];
export type EnvironmentName = (typeof ENVIRONMENTS)[number];
