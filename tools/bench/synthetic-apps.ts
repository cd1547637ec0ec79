// Synthetic workload.yaml files for benchmarks: ten customers, the four kinds in turn.

import { parseDocument } from 'yaml';

/**
 * Room for 30 synthetic apps in one customer namespace (a Spark job alone asks 3 CPU): the render
 * refuses apps that do not fit their namespace's quota.
 */
export function withSyntheticQuota(stackText: string): string {
  const doc = parseDocument(stackText);
  doc.setIn(['config', 'workloads:quota'], { requestsCpu: '200', requestsMemory: '800Gi', limitsCpu: '400', limitsMemory: '800Gi', pods: 1000 });
  doc.deleteIn(['config', 'workloads:customerQuotas']);
  return doc.toString();
}

/** Synthetic app `app` (the i-th) across 10 customers, cycling through the four kinds. */
export function syntheticWorkload(i: number, app: string): string {
  const customer = `customer-${i % 10}`;
  const base = `apiVersion: workbench.dev/v1\ncustomer: ${customer}\nowner: team-${i % 10}\ndescription: synthetic app ${i}\nresources: { cpu: 100m, memory: 128Mi }\nenv: { LOG_LEVEL: info }\n`;
  switch (i % 4) {
    case 0:
      return `${base}kind: service\nport: 8080\nautoscaling: { minReplicas: 2, maxReplicas: 5 }\ningress: { host: app-${i}.${customer}.example.com }\nsecrets: [{ name: app-${i}-db, env: DATABASE_URL, remoteKey: ${customer}/${app}/db }]\n`;
    case 1:
      return `${base}kind: cron\nschedule: "0 3 * * *"\negress: [{ cidr: 10.0.0.0/8, ports: [443] }]\n`;
    case 2:
      return `${base}kind: job\ndata: { read: [lake://raw/${customer}/orders/], write: [lake://curated/${customer}/app-${i}/] }\n`;
    default:
      return `${base}kind: spark-job\nspark: { mainApplicationFile: "local:///app/job.py" }\ndata: { read: [lake://curated/${customer}/] }\n`;
  }
}

