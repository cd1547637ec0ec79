// Synthetic workload.yaml files for benchmarks: ten customers, the four kinds in turn.

/** Synthetic apps across 10 customers, cycling through the four kinds. */
export function syntheticWorkload(i: number): string {
  const customer = `customer-${i % 10}`;
  const base = `apiVersion: workbench.dev/v1\ncustomer: ${customer}\nowner: team-${i % 10}\ndescription: synthetic app ${i}\nresources: { cpu: 100m, memory: 128Mi }\nenv: { LOG_LEVEL: info }\n`;
  switch (i % 4) {
    case 0:
      return `${base}kind: service\nport: 8080\nautoscaling: { minReplicas: 2, maxReplicas: 5 }\ningress: { host: app-${i}.${customer}.example.com }\nsecrets: [{ name: app-${i}-db, env: DATABASE_URL, remoteKey: ${customer}/app-${i}/db }]\n`;
    case 1:
      return `${base}kind: cron\nschedule: "0 3 * * *"\negress: [{ cidr: 10.0.0.0/8, ports: [443] }]\n`;
    case 2:
      return `${base}kind: job\n`;
    default:
      return `${base}kind: spark-job\nspark: { mainApplicationFile: "local:///app/job.py" }\n`;
  }
}

