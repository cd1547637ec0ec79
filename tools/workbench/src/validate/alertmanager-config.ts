import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { stringify } from 'yaml';
import type { Finding } from './finding.js';
import { describeObject, type ManifestFile } from './read-manifests.js';

export const AMTOOL_INSTALL = 'install it with `apt-get install prometheus-alertmanager` (Debian ships amtool in it), then validate again';

type Json = Record<string, unknown>;
interface AmcMatcher {
  name: string;
  value: string;
  matchType?: string;
}
interface AmcRoute {
  receiver?: string;
  groupBy?: string[];
  groupWait?: string;
  groupInterval?: string;
  repeatInterval?: string;
  matchers?: AmcMatcher[];
  routes?: AmcRoute[];
}

/**
 * The configuration Alertmanager would load, checked by `amtool check-config`: the root
 * configuration from kube-prometheus-stack's values, with every AlertmanagerConfig merged in the
 * way prometheus-operator does (each route limited to its namespace, receivers named
 * `<namespace>/<name>/<receiver>`). Secrets the operator would read are stand-ins here.
 */
export async function alertmanagerFindings(objects: ManifestFile[]): Promise<Finding[]> {
  const release = objects.find(({ manifest }) => manifest.kind === 'HelmRelease' && manifest.metadata?.name === 'kube-prometheus-stack');
  const root = (release?.manifest as { spec?: { values?: { alertmanager?: { config?: Json } } } } | undefined)?.spec?.values?.alertmanager?.config;
  const configs = objects.filter(({ manifest }) => manifest.apiVersion === 'monitoring.coreos.com/v1alpha1' && manifest.kind === 'AlertmanagerConfig');
  if (!release || !root) return [];
  const merged = mergeConfigs(root, configs);
  const dir = await mkdtemp(join(tmpdir(), 'workbench-alertmanager-'));
  try {
    const file = join(dir, 'alertmanager.yaml');
    await writeFile(file, stringify(merged));
    const result = await execa('amtool', ['check-config', file], { reject: false, all: true });
    if ((result as { code?: string }).code === 'ENOENT') {
      return [{ severity: 'warning', file: release.file, object: '', rule: 'amtool', message: `amtool is not installed, so the Alertmanager configuration and ${configs.length} AlertmanagerConfig(s) were not checked: ${AMTOOL_INSTALL}` }];
    }
    if (result.exitCode === 0) return [];
    const problems = String(result.all)
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !/^(Checking|FAILED|SUCCESS|Found:|- )/.test(line) && !line.startsWith('amtool:'));
    const where = configs.length ? `${describeObject(release.manifest)} values.alertmanager.config with ${configs.map((c) => describeObject(c.manifest)).join(', ')}` : describeObject(release.manifest);
    return (problems.length ? problems : [String(result.all).trim()]).map((message) => ({ severity: 'error', file: release.file, object: where, rule: 'amtool', message }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const quoted = (m: AmcMatcher) => `${m.name} ${m.matchType ?? '='} ${JSON.stringify(m.value)}`;

/** One AlertmanagerConfig and the root configuration, as the operator writes alertmanager.yaml. */
export function mergeConfigs(root: Json, configs: ManifestFile[]): Json {
  const rootRoute = (root.route ?? {}) as Json;
  const routes: Json[] = [];
  const receivers: Json[] = [...((root.receivers as Json[] | undefined) ?? [])];
  const inhibitRules: Json[] = [...((root.inhibit_rules as Json[] | undefined) ?? [])];
  for (const { manifest } of configs) {
    const namespace = manifest.metadata?.namespace ?? '';
    const prefix = `${namespace}/${manifest.metadata?.name ?? ''}/`;
    const spec = ((manifest as { spec?: Json }).spec ?? {}) as { route?: AmcRoute; receivers?: Json[]; inhibitRules?: { sourceMatch?: AmcMatcher[]; targetMatch?: AmcMatcher[]; equal?: string[] }[] };
    const onNamespace = { name: 'namespace', value: namespace, matchType: '=' };
    if (spec.route) routes.push({ ...route(spec.route, prefix, [onNamespace]), continue: true });
    receivers.push(...(spec.receivers ?? []).map((r) => receiver(r, prefix)));
    inhibitRules.push(
      ...(spec.inhibitRules ?? []).map((rule) => ({
        source_matchers: [...(rule.sourceMatch ?? []), onNamespace].map(quoted),
        target_matchers: [...(rule.targetMatch ?? []), onNamespace].map(quoted),
        equal: rule.equal ?? [],
      })),
    );
  }
  return { ...root, route: { ...rootRoute, routes: [...routes, ...((rootRoute.routes as Json[] | undefined) ?? [])] }, receivers, inhibit_rules: inhibitRules };
}

function route(r: AmcRoute, prefix: string, extra: AmcMatcher[] = []): Json {
  return {
    ...(r.receiver ? { receiver: `${prefix}${r.receiver}` } : {}),
    ...(r.groupBy ? { group_by: r.groupBy } : {}),
    ...(r.groupWait ? { group_wait: r.groupWait } : {}),
    ...(r.groupInterval ? { group_interval: r.groupInterval } : {}),
    ...(r.repeatInterval ? { repeat_interval: r.repeatInterval } : {}),
    matchers: [...(r.matchers ?? []), ...extra].map(quoted),
    ...(r.routes ? { routes: r.routes.map((child) => route(child, prefix)) } : {}),
  };
}

function receiver(r: Json, prefix: string): Json {
  const slack = (r.slackConfigs as Json[] | undefined)?.map((c) => ({
    channel: c.channel,
    // The operator reads the webhook from the referenced Secret; a stand-in URL checks the rest.
    api_url: 'https://hooks.slack.com/services/CHECK/ONLY/STANDIN',
    send_resolved: c.sendResolved ?? false,
    ...(c.title ? { title: c.title } : {}),
    ...(c.text ? { text: c.text } : {}),
  }));
  const email = (r.emailConfigs as Json[] | undefined)?.map((c) => ({ to: c.to, send_resolved: c.sendResolved ?? false, ...(c.smarthost ? { smarthost: c.smarthost } : {}), ...(c.from ? { from: c.from } : {}) }));
  return { name: `${prefix}${String(r.name)}`, ...(slack ? { slack_configs: slack } : {}), ...(email ? { email_configs: email } : {}) };
}
