import { bytes, millicores, type ResolvedWorkload } from '@workbench/workload-spec';
import { doubleCpu } from '../components/quantities.js';
import { sparkPodResources } from '../components/spark-workload.js';

/** What one customer namespace may hold: its ResourceQuota, and the LimitRange's per-container maximum. */
export interface NamespaceCapacity {
  requestsCpu: string;
  requestsMemory: string;
  limitsCpu: string;
  limitsMemory: string;
  pods: number;
  containerMax: { cpu: string; memory: string };
}

interface Demand {
  requestsCpu: number;
  requestsMemory: number;
  limitsCpu: number;
  limitsMemory: number;
  pods: number;
}

/** The most an app can run at once: every replica plus a rolling update's surge; Spark's driver and executors. */
function appDemand(w: ResolvedWorkload): { demand: Demand; containerLimits: { cpu: number; memory: number } } {
  if (w.kind === 'spark-job') {
    const spark = w.spark!;
    const driver = sparkPodResources(spark.driver.cores, spark.driver.memory);
    const executor = sparkPodResources(spark.executor.cores, spark.executor.memory);
    const n = spark.executor.instances;
    const cpu = driver.cpuMillicores + n * executor.cpuMillicores;
    const memory = driver.memoryBytes + n * executor.memoryBytes;
    return {
      demand: { requestsCpu: cpu, requestsMemory: memory, limitsCpu: cpu, limitsMemory: memory, pods: 1 + n },
      containerLimits: { cpu: Math.max(driver.cpuMillicores, executor.cpuMillicores), memory: Math.max(driver.memoryBytes, executor.memoryBytes) },
    };
  }
  const pods = w.kind === 'service' ? (w.autoscaling?.maxReplicas ?? w.replicas ?? 1) + 1 : 1;
  const limitCpu = millicores(w.resources.limits?.cpu ?? doubleCpu(w.resources.cpu));
  const limitMemory = bytes(w.resources.limits?.memory ?? w.resources.memory);
  return {
    demand: { requestsCpu: pods * millicores(w.resources.cpu), requestsMemory: pods * bytes(w.resources.memory), limitsCpu: pods * limitCpu, limitsMemory: pods * limitMemory, pods },
    containerLimits: { cpu: limitCpu, memory: limitMemory },
  };
}

const cpuText = (m: number) => `${+(m / 1000).toFixed(3)} CPU`;
const memText = (b: number) => `${+(b / 2 ** 30).toFixed(2)}Gi`;

/**
 * Problems the cluster would only report once a pod is refused: a customer's apps together
 * needing more than the namespace quota, or one container above the namespace's maximum.
 * `quotaSource` names the stack config key to change.
 */
export function capacityProblems(customer: string, apps: { app: string; workload: ResolvedWorkload }[], capacity: NamespaceCapacity, quotaSource: string): string[] {
  const problems: string[] = [];
  const total: Demand = { requestsCpu: 0, requestsMemory: 0, limitsCpu: 0, limitsMemory: 0, pods: 0 };
  for (const { app, workload } of apps) {
    const { demand, containerLimits } = appDemand(workload);
    for (const key of Object.keys(total) as (keyof Demand)[]) total[key] += demand[key];
    if (containerLimits.cpu > millicores(capacity.containerMax.cpu) || containerLimits.memory > bytes(capacity.containerMax.memory)) {
      problems.push(
        `${app}: a container may use up to ${cpuText(containerLimits.cpu)} and ${memText(containerLimits.memory)}, above the namespace maximum of ${capacity.containerMax.cpu} CPU and ${capacity.containerMax.memory} per container; lower its resources`,
      );
    }
  }
  const checks: [keyof Demand, number, string, (n: number) => string][] = [
    ['requestsCpu', millicores(capacity.requestsCpu), 'requests.cpu', cpuText],
    ['requestsMemory', bytes(capacity.requestsMemory), 'requests.memory', memText],
    ['limitsCpu', millicores(capacity.limitsCpu), 'limits.cpu', cpuText],
    ['limitsMemory', bytes(capacity.limitsMemory), 'limits.memory', memText],
    ['pods', capacity.pods, 'pods', String],
  ];
  for (const [key, allowed, name, show] of checks) {
    if (total[key] > allowed) {
      problems.push(
        `customer ${customer}: its apps (${apps.map((a) => a.app).join(', ')}) can use ${show(total[key])} of ${name} at once (every replica plus a rolling update), more than the namespace quota of ${show(allowed)}; raise ${quotaSource} or lower the apps' resources or replicas`,
      );
    }
  }
  return problems;
}
