// One retraining run per model at a time, and none within the cooldown of the last one that
// started, whichever trigger fired (the schedule, drift, new data): every run takes the model's
// Lease (rendered by the platform, `retraining-<model>`) before training. The Lease's own fields
// carry the state: holderIdentity while a run holds it, acquireTime when the last run started,
// leaseDurationSeconds the run's deadline (a crashed run's hold lapses with it). Writes carry the
// resourceVersion read, so of two runs taking it at once the API server lets one win.
import { readFileSync } from 'node:fs';
import { CoordinationV1Api, KubeConfig, type V1Lease } from '@kubernetes/client-node';
import { RETRAINING_SKIP } from '@workbench/platform-contract';
import { durationSeconds } from '@workbench/workload-spec';

/** Where the Lease lives; an adapter over the Kubernetes API in the cluster, a fake in tests. */
export interface LeaseStore {
  read(): Promise<V1Lease>;
  /** Replaces the Lease; rejects with `{ code: 409 }` when it changed since it was read. */
  replace(lease: V1Lease): Promise<V1Lease>;
}

export interface RetrainingRunRequest {
  store: LeaseStore;
  /** Who takes it: the pod's name. */
  holder: string;
  /** What started this run (`schedule`, `drift`, `newData`), recorded on the Lease. */
  trigger: string;
  cooldownSeconds: number;
  /** How long a hold lasts without release: the run's deadline. */
  maxRunSeconds: number;
  now?: Date;
}

export type RetrainingRun = { run: true; release(): Promise<void> } | { run: false; reason: 'running' | 'cooldown'; detail: string };

export const TRIGGER_ANNOTATION = 'workbench.dev/retraining-trigger';

const seconds = (date: Date | undefined) => (date ? new Date(date).getTime() / 1000 : undefined);

/** Whether a run may start now, given the Lease as read. */
export function mayStart(lease: V1Lease, now: Date, cooldownSeconds: number): { run: true } | { run: false; reason: 'running' | 'cooldown'; detail: string } {
  const spec = lease.spec ?? {};
  const at = now.getTime() / 1000;
  const held = seconds(spec.renewTime ?? spec.acquireTime);
  if (spec.holderIdentity && held !== undefined && held + (spec.leaseDurationSeconds ?? 0) > at) {
    return { run: false, reason: 'running', detail: `${spec.holderIdentity} has been running since ${new Date(held * 1000).toISOString()}` };
  }
  const started = seconds(spec.acquireTime);
  if (started !== undefined && started + cooldownSeconds > at) {
    const next = new Date((started + cooldownSeconds) * 1000).toISOString();
    return { run: false, reason: 'cooldown', detail: `the last run started at ${new Date(started * 1000).toISOString()}; the next may start after ${next}` };
  }
  return { run: true };
}

const isConflict = (error: unknown) => (error as { code?: number } | undefined)?.code === 409;

/** Takes the model's Lease for this run, or says why the run must not start. */
export async function takeRetrainingRun(request: RetrainingRunRequest): Promise<RetrainingRun> {
  const now = request.now ?? new Date();
  const lease = await request.store.read();
  const decision = mayStart(lease, now, request.cooldownSeconds);
  if (!decision.run) {
    if (decision.reason === 'cooldown') await recordSkip(request, lease, now);
    return decision;
  }
  const taken: V1Lease = {
    ...lease,
    metadata: { ...lease.metadata, annotations: { ...lease.metadata?.annotations, [TRIGGER_ANNOTATION]: request.trigger } },
    spec: { ...lease.spec, holderIdentity: request.holder, acquireTime: now, renewTime: now, leaseDurationSeconds: request.maxRunSeconds, leaseTransitions: (lease.spec?.leaseTransitions ?? 0) + 1 },
  };
  try {
    await request.store.replace(taken);
  } catch (error) {
    if (isConflict(error)) return { run: false, reason: 'running', detail: 'another run took the lease at the same moment' };
    throw error;
  }
  return {
    run: true,
    async release() {
      const current = await request.store.read();
      if (current.spec?.holderIdentity !== request.holder) return;
      // The start time stays: the cooldown counts from it.
      const { holderIdentity: _holder, renewTime: _renewed, ...kept } = current.spec;
      await request.store.replace({ ...current, spec: kept });
    },
  };
}

/**
 * Notes a skip by the cooldown on the Lease (seconds since the epoch, and the trigger), which
 * kube-state-metrics exports for RetrainingSkippedByCooldown. Best effort: a Lease changed in
 * between (409) keeps the other writer's state, and the run is skipped either way.
 */
async function recordSkip(request: RetrainingRunRequest, lease: V1Lease, now: Date): Promise<void> {
  const annotations = { ...lease.metadata?.annotations, [RETRAINING_SKIP.annotation]: String(Math.floor(now.getTime() / 1000)), [RETRAINING_SKIP.triggerAnnotation]: request.trigger };
  try {
    await request.store.replace({ ...lease, metadata: { ...lease.metadata, annotations } });
  } catch (error) {
    if (!isConflict(error)) throw error;
  }
}

/** The Lease through the Kubernetes API, as the pod's ServiceAccount (its Role allows get and update of this Lease only). */
export function kubernetesLeaseStore(namespace: string, name: string): LeaseStore {
  const config = new KubeConfig();
  config.loadFromCluster();
  const api = config.makeApiClient(CoordinationV1Api);
  return {
    read: () => api.readNamespacedLease({ name, namespace }),
    replace: (body) => api.replaceNamespacedLease({ name, namespace, body }),
  };
}

const NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/**
 * The run request from the variables the platform gives a retraining app's runs
 * (RETRAINING_LEASE, RETRAINING_TRIGGER, RETRAINING_COOLDOWN, RETRAINING_DEADLINE), or undefined
 * outside the cluster (a local run takes no lease).
 */
export function retrainingRunFromEnv(env: NodeJS.ProcessEnv = process.env): RetrainingRunRequest | undefined {
  const { RETRAINING_LEASE: lease, RETRAINING_TRIGGER: trigger, RETRAINING_COOLDOWN: cooldown, RETRAINING_DEADLINE: deadline, HOSTNAME: holder } = env;
  if (!lease || !trigger || !cooldown || !deadline) return undefined;
  return {
    store: kubernetesLeaseStore(readFileSync(NAMESPACE_FILE, 'utf8').trim(), lease),
    holder: holder ?? 'unknown-pod',
    trigger,
    cooldownSeconds: durationSeconds(cooldown),
    maxRunSeconds: durationSeconds(deadline),
  };
}
