import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import { bytes, millicores } from '@workbench/lab-spec';
import { isolatedNamespace } from './isolated-namespace.js';
import type { LabParticipantContext } from './lab-context.js';
import { declareDatasetSeed, SEED_HEADROOM } from './lab-dataset-seed.js';
import { declareWorkspace, TOKEN_SECRET, WORKSPACE_PORT } from './lab-workspace.js';

// Everything a participant may reach outside their namespace is the internet: these ranges hold
// pod, service and node addresses (and cloud metadata), so other participants and every other
// namespace stay out of reach.
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '169.254.0.0/16'];
const INGRESS_NAMESPACE = 'ingress-nginx';

/**
 * One participant of a lab: an isolated namespace (quota, limit range, default-deny), a volume,
 * a JupyterLab token generated in the cluster, the dataset seed job and the workspace.
 */
export class LabParticipant extends pulumi.ComponentResource {
  constructor(ctx: LabParticipantContext, opts?: pulumi.ComponentResourceOptions) {
    super('workbench:platform:LabParticipant', ctx.namespace, {}, opts);
    const child = { parent: this };
    const { namespace, labels } = ctx;

    // The quota is the participant's workspace plus room for the seed job, which runs while the
    // workspace pod already exists (waiting in its init container).
    const cpu = `${millicores(ctx.resources.cpu) + SEED_HEADROOM.cpuMillicores}m`;
    const memory = `${bytes(ctx.resources.memory) / 2 ** 20 + SEED_HEADROOM.memoryMi}Mi`;
    isolatedNamespace(
      {
        name: namespace,
        namespaceLabels: labels,
        labels,
        quota: {
          'requests.cpu': cpu,
          'limits.cpu': cpu,
          'requests.memory': memory,
          'limits.memory': memory,
          'requests.storage': ctx.resources.storage,
          persistentvolumeclaims: '1',
          pods: '4',
          'services.loadbalancers': '0',
          'services.nodeports': '0',
        },
        containerLimits: {
          default: { cpu: '250m', memory: '256Mi' },
          defaultRequest: { cpu: '100m', memory: '128Mi' },
          max: { cpu: ctx.resources.cpu, memory: ctx.resources.memory },
        },
      },
      child,
    );

    new k8s.networking.v1.NetworkPolicy(
      `${namespace}-allow-ingress-controller`,
      {
        metadata: { name: 'allow-ingress-controller', namespace, labels },
        spec: {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': 'workspace' } },
          policyTypes: ['Ingress'],
          ingress: [
            {
              from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': INGRESS_NAMESPACE } } }],
              ports: [{ protocol: 'TCP', port: WORKSPACE_PORT }],
            },
          ],
        },
      },
      child,
    );

    new k8s.networking.v1.NetworkPolicy(
      `${namespace}-allow-internet-egress`,
      {
        metadata: { name: 'allow-internet-egress', namespace, labels },
        spec: {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            {
              to: [{ ipBlock: { cidr: '0.0.0.0/0', except: PRIVATE_RANGES } }],
              ports: [
                { protocol: 'TCP', port: 443 },
                { protocol: 'TCP', port: 80 },
              ],
            },
          ],
        },
      },
      child,
    );

    const claim = 'workspace';
    new k8s.core.v1.PersistentVolumeClaim(
      `${namespace}-workspace-pvc`,
      {
        metadata: { name: claim, namespace, labels },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: ctx.resources.storage } } },
      },
      child,
    );

    // The token is generated once by external-secrets in the cluster and never leaves it.
    new k8s.apiextensions.CustomResource(
      `${namespace}-token-generator`,
      {
        apiVersion: 'generators.external-secrets.io/v1alpha1',
        kind: 'Password',
        metadata: { name: TOKEN_SECRET, namespace, labels },
        spec: { length: 32, digits: 8, symbols: 0, noUpper: false, allowRepeat: true },
      },
      child,
    );
    new k8s.apiextensions.CustomResource(
      `${namespace}-token`,
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: TOKEN_SECRET, namespace, labels },
        spec: {
          refreshInterval: '0',
          target: { name: TOKEN_SECRET, creationPolicy: 'Owner' },
          dataFrom: [{ sourceRef: { generatorRef: { apiVersion: 'generators.external-secrets.io/v1alpha1', kind: 'Password', name: TOKEN_SECRET } } }],
        },
      },
      child,
    );

    declareDatasetSeed(ctx, claim, child);
    declareWorkspace(ctx, claim, child);
    this.registerOutputs({});
  }
}
