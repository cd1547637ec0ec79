import { serviceCalls, type ServiceCall } from '@workbench/workload-spec';
import type { Finding } from './finding.js';
import { podTemplateOf } from './pod-template.js';
import { describeObject, type ManifestFile } from './read-manifests.js';

type Labels = Record<string, string>;
interface Peer {
  namespaceSelector?: { matchLabels?: Labels };
  podSelector?: { matchLabels?: Labels };
  ipBlock?: unknown;
}
interface Rule {
  to?: Peer[];
  from?: Peer[];
  ports?: { port?: number | string; protocol?: string }[];
}
interface Policy {
  name: string;
  namespace: string;
  podSelector: { matchLabels?: Labels };
  policyTypes: string[];
  egress: Rule[];
  ingress: Rule[];
}

/** A pod the rendered workloads run: where it runs, its labels and its environment. */
interface Caller {
  object: ManifestFile;
  namespace: string;
  labels: Labels;
  calls: ServiceCall[];
}

const NAMESPACE_NAME = 'kubernetes.io/metadata.name';

function callers(objects: ManifestFile[]): Caller[] {
  return objects.flatMap((object) => {
    const template = podTemplateOf(object.manifest);
    if (!template) return [];
    const env = Object.fromEntries((template.spec?.containers ?? []).flatMap((c) => c.env ?? []).filter((e) => typeof e.value === 'string').map((e) => [e.name, e.value!]));
    const calls = serviceCalls(env);
    return calls.length ? [{ object, namespace: String(object.manifest.metadata?.namespace ?? ''), labels: template.metadata?.labels ?? {}, calls }] : [];
  });
}

function policies(objects: ManifestFile[]): Policy[] {
  return objects
    .filter(({ manifest }) => manifest.kind === 'NetworkPolicy')
    .map(({ manifest }) => {
      const spec = (manifest.spec ?? {}) as Partial<Policy> & { egress?: Rule[]; ingress?: Rule[] };
      const types = spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
      return { name: String(manifest.metadata?.name), namespace: String(manifest.metadata?.namespace ?? ''), podSelector: spec.podSelector ?? {}, policyTypes: types, egress: spec.egress ?? [], ingress: spec.ingress ?? [] };
    });
}

const selects = (selector: { matchLabels?: Labels } | undefined, labels: Labels | undefined) =>
  Object.entries(selector?.matchLabels ?? {}).every(([key, value]) => labels !== undefined && labels[key] === value);

const portAllowed = (rule: Rule, port: number) => !rule.ports?.length || rule.ports.some((p) => (p.protocol ?? 'TCP') === 'TCP' && (p.port === undefined || Number(p.port) === port));

/**
 * Whether a peer admits the pod on the other side. Pod labels of a destination the render does not
 * declare (a chart's pods) are unknown, so only peers that select whole namespaces count; an
 * ipBlock is not relied on for pod traffic (its effect on pod IPs depends on the network plugin).
 */
function peerAdmits(peer: Peer, namespace: string, labels: Labels | undefined): boolean {
  if (peer.ipBlock) return false;
  const namespaceOk = peer.namespaceSelector ? selects(peer.namespaceSelector, { [NAMESPACE_NAME]: namespace }) : undefined;
  const podOk = peer.podSelector ? selects(peer.podSelector, labels) : true;
  // Without a namespaceSelector, a peer means pods of the policy's own namespace.
  return (namespaceOk ?? false) && podOk;
}

function ruleAdmits(rule: Rule, peers: Peer[] | undefined, policyNamespace: string, namespace: string, labels: Labels | undefined, port: number): boolean {
  if (!portAllowed(rule, port)) return false;
  if (!peers?.length) return true;
  return peers.some((peer) => peerAdmits(peer.namespaceSelector ? peer : { ...peer, namespaceSelector: { matchLabels: { [NAMESPACE_NAME]: policyNamespace } } }, namespace, labels));
}

/** The destination's pods and port, when the render declares its Service; else unknown labels and the service port. */
function destination(objects: ManifestFile[], call: ServiceCall): { labels: Labels | undefined; port: number } {
  const service = objects.find(({ manifest }) => manifest.kind === 'Service' && manifest.metadata?.name === call.service && manifest.metadata?.namespace === call.namespace)?.manifest;
  if (!service) return { labels: undefined, port: call.port };
  const spec = service.spec as { selector?: Labels; ports?: { port: number; targetPort?: number | string }[] };
  const labels = spec.selector ?? {};
  const target = spec.ports?.find((p) => p.port === call.port)?.targetPort ?? call.port;
  if (typeof target === 'number') return { labels, port: target };
  // A named port: the container port of that name in the pods the Service selects.
  const pods = objects.filter(({ manifest }) => manifest.metadata?.namespace === call.namespace).map(({ manifest }) => podTemplateOf(manifest)).filter((t) => t && selects({ matchLabels: labels }, t.metadata?.labels));
  const named = pods.flatMap((t) => t!.spec?.containers ?? []).flatMap((c) => c.ports ?? []).find((p) => p.name === target);
  return { labels, port: named?.containerPort ?? call.port };
}

/**
 * Every in-cluster service a workload is configured to call (a URL in its environment) must be
 * allowed by the rendered NetworkPolicies on both sides: the caller's egress and the
 * destination's ingress. Each blocked call names the caller, the destination, the port and the
 * policies that block it.
 */
export function reachabilityFindings(objects: ManifestFile[]): Finding[] {
  const all = policies(objects);
  const findings: Finding[] = [];
  for (const caller of callers(objects)) {
    for (const call of caller.calls) {
      const target = destination(objects, call);
      const where = `${call.service}.${call.namespace}:${target.port} (${call.variable})`;
      const block = (side: string, blocking: Policy[], fix: string) =>
        findings.push({
          severity: 'error',
          file: caller.object.file,
          object: describeObject(caller.object.manifest),
          rule: 'reachability',
          message: `cannot reach ${where}: ${side} is blocked by NetworkPolicy ${blocking.map((p) => `${p.namespace}/${p.name}`).join(', ')}; ${fix}`,
        });

      const egress = all.filter((p) => p.namespace === caller.namespace && p.policyTypes.includes('Egress') && selects(p.podSelector, caller.labels));
      if (egress.length && !egress.some((p) => p.egress.some((rule) => ruleAdmits(rule, rule.to, p.namespace, call.namespace, target.labels, target.port)))) {
        block('egress from its namespace', egress, `none of them allows TCP ${target.port} to namespace ${call.namespace}. Re-render (the app's egress policy allows the services its environment names), or fix the URL`);
      }
      const ingress = all.filter((p) => p.namespace === call.namespace && p.policyTypes.includes('Ingress') && (target.labels ? selects(p.podSelector, target.labels) : Object.keys(p.podSelector.matchLabels ?? {}).length === 0));
      if (ingress.length && !ingress.some((p) => p.ingress.some((rule) => ruleAdmits(rule, rule.from, p.namespace, caller.namespace, caller.labels, target.port)))) {
        block(`ingress into ${call.namespace}`, ingress, `none of them admits TCP ${target.port} from namespace ${caller.namespace}; the destination must allow its callers`);
      }
    }
  }
  return findings;
}
