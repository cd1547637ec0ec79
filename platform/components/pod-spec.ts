import type * as k8s from '@pulumi/kubernetes';
import type { AppContext } from './app-context.js';
import { doubleCpu } from './quantities.js';
import { APP_USER } from './run-as.js';

type PodSpec = k8s.types.input.core.v1.PodSpec;
type Container = k8s.types.input.core.v1.Container;

/** The Secret key every ExternalSecret writes its value to. */
export const SECRET_VALUE_KEY = 'value';

/**
 * The hardened main container: non-root, read-only root filesystem, no capabilities, no
 * privilege escalation, requests and limits always set, a writable /tmp from an emptyDir.
 */
export function appContainer(ctx: AppContext, extra: Partial<Container> = {}): Container {
  const { resources, env = {}, secrets } = ctx.workload;
  return {
    name: ctx.app,
    image: ctx.image,
    imagePullPolicy: 'IfNotPresent',
    env: [
      ...Object.keys(env)
        .sort()
        .map((name) => ({ name, value: env[name]! })),
      ...secrets.map((secret) => ({ name: secret.env, valueFrom: { secretKeyRef: { name: secret.name, key: SECRET_VALUE_KEY } } })),
    ],
    resources: {
      requests: { cpu: resources.cpu, memory: resources.memory },
      limits: { cpu: resources.limits?.cpu ?? doubleCpu(resources.cpu), memory: resources.limits?.memory ?? resources.memory },
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
    ...extra,
  };
}

/** A pod spec around `container` that satisfies Pod Security `restricted`. */
export function restrictedPodSpec(ctx: AppContext, container: Container, extra: Partial<PodSpec> = {}): PodSpec {
  return {
    serviceAccountName: ctx.app,
    automountServiceAccountToken: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: APP_USER,
      runAsGroup: APP_USER,
      fsGroup: APP_USER,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [container],
    volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '1Gi' } }],
    ...extra,
  };
}
