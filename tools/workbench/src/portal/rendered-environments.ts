import { readEnvironmentManifests, type ManifestFile } from '../validate/read-manifests.js';

/** What the rendered environments say about one app: where it answers, what alerts on it, its dashboards. */
export interface RenderedApp {
  hosts: Record<string, string[]>;
  alerts: { name: string; severity: string; summary: string; runbook: string | null; environments: string[] }[];
  dashboards: { title: string; environment: string }[];
}

/** A platform service (a HelmRelease the platform declares) with its chart and the version each environment runs. */
export interface PlatformService {
  name: string;
  namespace: string;
  chart: string;
  versions: Record<string, string | null>;
}

export interface RenderedEnvironments {
  apps: Map<string, RenderedApp>;
  services: PlatformService[];
  /** Objects per environment: what `kubectl kustomize` would apply. */
  objects: Record<string, number>;
}

type Manifest = ManifestFile['manifest'];
interface Rule {
  alert?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const APP_LABEL = 'app.kubernetes.io/name';
const COMPONENT_LABEL = 'app.kubernetes.io/component';

/**
 * Reads the committed output of every environment, the objects Flux applies: this is what runs,
 * so the portal shows it rather than recomputing it.
 */
export async function readRenderedEnvironments(repoRoot: string, environments: readonly string[]): Promise<RenderedEnvironments> {
  const apps = new Map<string, RenderedApp>();
  const services = new Map<string, PlatformService>();
  const objects: Record<string, number> = {};
  const appOf = (name: string) => {
    if (!apps.has(name)) apps.set(name, { hosts: {}, alerts: [], dashboards: [] });
    return apps.get(name)!;
  };
  for (const env of environments) {
    const manifests = (await readEnvironmentManifests(repoRoot, env)).objects.map((o) => o.manifest);
    objects[env] = manifests.length;
    for (const m of manifests) {
      const labels = m.metadata?.labels ?? {};
      const app = labels[APP_LABEL];
      if (m.kind === 'HelmRelease' && labels[COMPONENT_LABEL] === 'platform') {
        const chart = (m as Manifest & { spec?: { chart?: { spec?: { chart?: string; version?: string } } } }).spec?.chart?.spec;
        const name = m.metadata?.name ?? '?';
        const service = services.get(name) ?? { name, namespace: m.metadata?.namespace ?? '', chart: chart?.chart ?? '?', versions: {} };
        service.versions[env] = chart?.version ?? null;
        services.set(name, service);
        continue;
      }
      if (!app) continue;
      if (m.kind === 'Ingress') {
        const hosts = ((m as Manifest & { spec?: { rules?: { host?: string }[] } }).spec?.rules ?? []).flatMap((r) => (r.host ? [r.host] : []));
        appOf(app).hosts[env] = [...new Set([...(appOf(app).hosts[env] ?? []), ...hosts])];
      } else if (m.kind === 'PrometheusRule') {
        const rules = ((m as Manifest & { spec?: { groups?: { rules?: Rule[] }[] } }).spec?.groups ?? []).flatMap((g) => g.rules ?? []);
        for (const rule of rules.filter((r) => r.alert)) {
          const alerts = appOf(app).alerts;
          const known = alerts.find((a) => a.name === rule.alert);
          if (known) {
            if (!known.environments.includes(env)) known.environments.push(env);
          } else {
            alerts.push({ name: rule.alert!, severity: rule.labels?.severity ?? '', summary: rule.annotations?.summary ?? '', runbook: rule.annotations?.runbook_url ?? null, environments: [env] });
          }
        }
      } else if (m.kind === 'ConfigMap' && labels[COMPONENT_LABEL] === 'dashboard') {
        for (const json of Object.values((m as Manifest & { data?: Record<string, string> }).data ?? {})) {
          const title = (JSON.parse(json) as { title?: string }).title;
          if (title) appOf(app).dashboards.push({ title, environment: env });
        }
      }
    }
  }
  for (const app of apps.values()) app.alerts.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { apps, services: [...services.values()].sort((a, b) => (a.name < b.name ? -1 : 1)), objects };
}
