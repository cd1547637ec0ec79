import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { LAB_TOKEN_SECRET, millicores } from '@workbench/lab-spec';
import type { LabParticipantContext } from './lab-context.js';
import { DATASET_READY_MARKER, NOTEBOOK_USER, WORK_DIR } from './lab-images.js';
import { SPOT_SCHEDULING } from './spot-capacity.js';

export const WORKSPACE_PORT = 8888;
/** The Secret (generated in the cluster) holding the participant's JupyterLab token. */
export const TOKEN_SECRET = LAB_TOKEN_SECRET.name;
export const TOKEN_KEY = LAB_TOKEN_SECRET.key;

/** Jupyter Server's own culling: idle kernels (where Spark drivers live) and terminals stop. */
function cullingArgs(idleCulling: LabParticipantContext['idleCulling']): string[] {
  if (idleCulling === false) return [];
  const seconds = Number(idleCulling.after.slice(0, -1)) * (idleCulling.after.endsWith('h') ? 3600 : 60);
  return [
    `--MappingKernelManager.cull_idle_timeout=${seconds}`,
    '--MappingKernelManager.cull_interval=300',
    '--MappingKernelManager.cull_connected=True',
    `--TerminalManager.cull_inactive_timeout=${seconds}`,
    '--TerminalManager.cull_interval=300',
  ];
}

/** Spark runs in local mode inside the workspace, sized to what the participant was given. */
function sparkEnv(ctx: LabParticipantContext): k8s.types.input.core.v1.EnvVar[] {
  if (ctx.template !== 'spark-notebook') return [];
  const cores = Math.max(1, Math.floor(millicores(ctx.resources.cpu) / 1000));
  return [{ name: 'PYSPARK_SUBMIT_ARGS', value: `--master local[${cores}] --driver-memory ${driverMemory(ctx.resources.memory)} pyspark-shell` }];
}

/** Three quarters of the container's memory for the Spark driver, leaving room for Python. */
function driverMemory(memory: string): string {
  const [, value, unit] = /^(\d+)(Mi|Gi|Ti)$/.exec(memory) ?? [];
  const mebibytes = Number(value) * ({ Mi: 1, Gi: 1024, Ti: 1024 * 1024 }[unit ?? 'Mi'] ?? 1);
  return `${Math.max(512, Math.floor((mebibytes * 3) / 4))}m`;
}

/**
 * The participant's JupyterLab: one pod on their own volume, opened through the ingress
 * controller with a token generated in the cluster. An init container holds it closed until the
 * seed job has written the dataset.
 */
export function declareWorkspace(ctx: LabParticipantContext, claimName: string, opts: pulumi.CustomResourceOptions): void {
  const { namespace, labels } = ctx;
  const selector = { 'app.kubernetes.io/name': 'workspace' };
  const containerSecurity = { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } };

  new k8s.core.v1.ServiceAccount(
    `${namespace}-workspace-sa`,
    { metadata: { name: 'workspace', namespace, labels }, automountServiceAccountToken: false },
    opts,
  );

  new k8s.apps.v1.Deployment(
    `${namespace}-workspace`,
    {
      metadata: { name: 'workspace', namespace, labels },
      spec: {
        replicas: 1,
        // One ReadWriteOnce volume: the old pod must let go of it before the new one starts.
        strategy: { type: 'Recreate' },
        selector: { matchLabels: selector },
        template: {
          metadata: { labels: { ...ctx.podLabels, ...selector } },
          spec: {
            serviceAccountName: 'workspace',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            ...SPOT_SCHEDULING,
            securityContext: { runAsNonRoot: true, ...NOTEBOOK_USER, seccompProfile: { type: 'RuntimeDefault' } },
            initContainers: [
              {
                name: 'wait-for-dataset',
                image: ctx.image,
                command: ['/bin/sh', '-c', `until [ -f ${WORK_DIR}/${DATASET_READY_MARKER} ]; do echo "waiting for the seed-dataset job"; sleep 5; done`],
                resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
                securityContext: { ...containerSecurity, readOnlyRootFilesystem: true },
                volumeMounts: [{ name: 'work', mountPath: WORK_DIR, readOnly: true }],
              },
            ],
            containers: [
              {
                name: 'notebook',
                image: ctx.image,
                imagePullPolicy: 'IfNotPresent',
                args: ['start-notebook.py', `--ServerApp.root_dir=${WORK_DIR}`, ...cullingArgs(ctx.idleCulling)],
                ports: [{ name: 'http', containerPort: WORKSPACE_PORT }],
                env: [{ name: 'JUPYTER_TOKEN', valueFrom: { secretKeyRef: { name: TOKEN_SECRET, key: TOKEN_KEY } } }, ...sparkEnv(ctx)],
                resources: {
                  requests: { cpu: ctx.resources.cpu, memory: ctx.resources.memory },
                  limits: { cpu: ctx.resources.cpu, memory: ctx.resources.memory },
                },
                readinessProbe: { httpGet: { path: '/api', port: 'http' }, periodSeconds: 10 },
                livenessProbe: { httpGet: { path: '/api', port: 'http' }, initialDelaySeconds: 60, periodSeconds: 30, failureThreshold: 5 },
                // Jupyter writes settings and caches under the home directory, so the root filesystem stays writable.
                securityContext: { ...containerSecurity, readOnlyRootFilesystem: false },
                volumeMounts: [{ name: 'work', mountPath: WORK_DIR }],
              },
            ],
            volumes: [{ name: 'work', persistentVolumeClaim: { claimName } }],
          },
        },
      },
    },
    opts,
  );

  new k8s.core.v1.Service(
    `${namespace}-workspace-svc`,
    {
      metadata: { name: 'workspace', namespace, labels },
      spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
    },
    opts,
  );

  new k8s.networking.v1.Ingress(
    `${namespace}-workspace-ingress`,
    {
      metadata: { name: 'workspace', namespace, labels, annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '256m' } },
      spec: {
        ingressClassName: ctx.ingressClass,
        // No secretName: the lab cluster's ingress controller serves its wildcard certificate, so a
        // lab of 200 does not ask Let's Encrypt for 200 certificates.
        tls: [{ hosts: [ctx.host] }],
        rules: [{ host: ctx.host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'workspace', port: { name: 'http' } } } }] } }],
      },
    },
    opts,
  );
}
