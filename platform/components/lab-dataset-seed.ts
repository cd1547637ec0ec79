import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import type { LabParticipantContext } from './lab-context.js';
import { AWS_CLI_IMAGE, DATASET_READY_MARKER, NOTEBOOK_USER } from './lab-images.js';
import { LAB_DATASET_SEEDER } from '@workbench/stack-config';

const SEED_RESOURCES = { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '250m', memory: '256Mi' } };
/** What the seed job adds to the participant's quota while it runs beside the waiting workspace. */
export const SEED_HEADROOM = { cpuMillicores: 250, memoryMi: 256 };

// One script for every source: skip when seeded before (the job reruns if Flux recreates it),
// fetch into dataset/, then write the marker the workspace waits for. Inputs come through the
// environment, never spliced into the script.
const FETCH: Record<LabParticipantContext['dataset']['kind'], string> = {
  url: `python3 -c 'import os, urllib.parse, urllib.request; u = os.environ["DATASET_URL"]; name = os.path.basename(urllib.parse.urlparse(u).path) or "dataset"; urllib.request.urlretrieve(u, os.path.join("/data/dataset", name))'`,
  s3: `case "$DATASET_S3" in */) aws s3 cp --recursive --only-show-errors "$DATASET_S3" /data/dataset/ ;; *) aws s3 cp --only-show-errors "$DATASET_S3" /data/dataset/ ;; esac`,
  sample: 'cp /seed/* /data/dataset/',
};

function seedScript(kind: LabParticipantContext['dataset']['kind']): string {
  return [
    'set -eu',
    `if [ -f /data/${DATASET_READY_MARKER} ]; then echo "dataset already seeded"; exit 0; fi`,
    'mkdir -p /data/dataset',
    FETCH[kind],
    `touch /data/${DATASET_READY_MARKER}`,
    'echo "dataset seeded:"; ls -l /data/dataset',
  ].join('\n');
}

/**
 * A Job that copies the lab's dataset into the participant's volume before the workspace opens:
 * from an https URL (with the notebook image's Python), from S3 (AWS CLI, through the IAM role of
 * its ServiceAccount — no keys), or from a sample shipped in the repo (through a ConfigMap).
 */
export function declareDatasetSeed(ctx: LabParticipantContext, claimName: string, opts: pulumi.CustomResourceOptions): void {
  const { namespace, labels, dataset } = ctx;
  const volumes: k8s.types.input.core.v1.Volume[] = [
    { name: 'data', persistentVolumeClaim: { claimName } },
    { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
  ];
  const mounts: k8s.types.input.core.v1.VolumeMount[] = [
    { name: 'data', mountPath: '/data' },
    { name: 'tmp', mountPath: '/tmp' },
  ];
  const env: k8s.types.input.core.v1.EnvVar[] = [{ name: 'HOME', value: '/tmp' }];

  if (dataset.kind === 'sample') {
    new k8s.core.v1.ConfigMap(
      `${namespace}-sample-dataset`,
      { metadata: { name: 'sample-dataset', namespace, labels }, data: { [dataset.fileName]: dataset.content } },
      opts,
    );
    volumes.push({ name: 'seed', configMap: { name: 'sample-dataset' } });
    mounts.push({ name: 'seed', mountPath: '/seed', readOnly: true });
  }
  if (dataset.kind === 'url') env.push({ name: 'DATASET_URL', value: dataset.url });
  if (dataset.kind === 's3') env.push({ name: 'DATASET_S3', value: dataset.path });

  new k8s.core.v1.ServiceAccount(
    `${namespace}-dataset-seeder`,
    {
      metadata: {
        name: LAB_DATASET_SEEDER.serviceAccount,
        namespace,
        labels,
        ...(dataset.kind === 's3' ? { annotations: { 'eks.amazonaws.com/role-arn': dataset.readerRoleArn } } : {}),
      },
      automountServiceAccountToken: false,
    },
    opts,
  );

  new k8s.batch.v1.Job(
    `${namespace}-seed-dataset`,
    {
      metadata: { name: 'seed-dataset', namespace, labels },
      spec: {
        backoffLimit: 6,
        activeDeadlineSeconds: 3600,
        template: {
          metadata: { labels: { ...ctx.podLabels, 'app.kubernetes.io/name': 'seed-dataset' } },
          spec: {
            serviceAccountName: LAB_DATASET_SEEDER.serviceAccount,
            automountServiceAccountToken: false,
            restartPolicy: 'Never',
            securityContext: { runAsNonRoot: true, ...NOTEBOOK_USER, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name: 'seed',
                image: dataset.kind === 's3' ? AWS_CLI_IMAGE : ctx.image,
                command: ['/bin/sh', '-c', seedScript(dataset.kind)],
                env,
                resources: SEED_RESOURCES,
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] } },
                volumeMounts: mounts,
              },
            ],
            volumes,
          },
        },
      },
    },
    opts,
  );
}
