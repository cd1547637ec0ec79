import * as k8s from '@pulumi/kubernetes';
import * as pulumi from '@pulumi/pulumi';
import type { AppContext } from './app-context.js';
import { standardLabels } from './labels.js';
import { InputError, serviceCalls, type ServiceCall } from '@workbench/workload-spec';
import { SECRET_VALUE_KEY } from './pod-spec.js';

/**
 * A remoteKey is written `<customer>/<app>/<name>` (the spec refuses any other prefix); the
 * customer's store already adds `workbench/<env>/<customer>/`, so its key is the rest.
 */
function storeKey(customer: string, remoteKey: string): string {
  const prefix = `${customer}/`;
  if (!remoteKey.startsWith(prefix)) throw new Error(`secret key "${remoteKey}" is outside customer ${customer}'s secrets`);
  return remoteKey.slice(prefix.length);
}

/**
 * The in-cluster services the app's environment variables call, one per namespace and port. An
 * app may call its own customer's services and the platform services that serve apps, never
 * another customer's or the platform's controllers.
 */
function allowedServiceCalls(ctx: AppContext): ServiceCall[] {
  const calls = serviceCalls(ctx.workload.env ?? {});
  const foreign = calls.filter((call) => call.namespace !== ctx.namespace && !ctx.cluster.appServiceNamespaces.includes(call.namespace));
  if (foreign.length) {
    throw new InputError(
      foreign
        .map(
          (call) =>
            `apps/${ctx.app}/workload.yaml: env.${call.variable}: calls ${call.service}.${call.namespace}, outside customer ${ctx.customer}; an app may call its own customer's services (${ctx.namespace}) and the platform services this environment runs for apps (${ctx.cluster.appServiceNamespaces.join(', ') || 'none'})`,
        )
        .join('\n'),
    );
  }
  // Policies match the port the destination's pods listen on, behind the Service's port.
  const podPorts = calls.map((call) => ({ ...call, port: ctx.cluster.servicePorts[`${call.service}.${call.namespace}:${call.port}`] ?? call.port }));
  const unique = new Map(podPorts.map((call) => [`${call.namespace}:${call.port}`, call]));
  return [...unique.values()].sort((a, b) => `${a.namespace}:${a.port}`.localeCompare(`${b.namespace}:${b.port}`));
}

/**
 * What every app has whatever its kind: its own ServiceAccount (no token mounted), one
 * ExternalSecret per secret reference (values come from the secret store, never from git),
 * and network policies that allow the egress it declared.
 */
export function declareAppIdentity(ctx: AppContext, opts: pulumi.CustomResourceOptions): void {
  const labels = standardLabels({ app: ctx.app, customer: ctx.customer, version: ctx.version });
  const { namespace } = ctx;

  new k8s.core.v1.ServiceAccount(
    `${ctx.app}-sa`,
    { metadata: { name: ctx.app, namespace, labels }, automountServiceAccountToken: false },
    opts,
  );

  for (const secret of ctx.workload.secrets) {
    new k8s.apiextensions.CustomResource(
      `${ctx.app}-secret-${secret.name}`,
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: secret.name, namespace, labels },
        spec: {
          refreshInterval: '1h',
          // The namespace's own store, which sees only this customer's prefix.
          secretStoreRef: { kind: 'SecretStore', name: ctx.cluster.secretStore },
          target: { name: secret.name, creationPolicy: 'Owner' },
          data: [
            {
              secretKey: SECRET_VALUE_KEY,
              remoteRef: { key: storeKey(ctx.customer, secret.remoteKey), ...(secret.property ? { property: secret.property } : {}) },
            },
          ],
        },
      },
      opts,
    );
  }

  const calls = allowedServiceCalls(ctx);
  if (ctx.workload.egress.length > 0 || calls.length > 0) {
    new k8s.networking.v1.NetworkPolicy(
      `${ctx.app}-allow-egress`,
      {
        metadata: { name: `${ctx.app}-egress`, namespace, labels },
        spec: {
          podSelector: { matchLabels: { 'app.kubernetes.io/name': ctx.app } },
          policyTypes: ['Egress'],
          egress: [
            ...ctx.workload.egress.map((rule) => ({
              to: [{ ipBlock: { cidr: rule.cidr } }],
              ports: rule.ports.map((port) => ({ protocol: 'TCP', port })),
            })),
            // The in-cluster services its environment names (MLFLOW_TRACKING_URI=http://mlflow.mlflow.svc…).
            ...calls.map((call) => ({
              to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': call.namespace } } }],
              ports: [{ protocol: 'TCP', port: call.port }],
            })),
          ],
        },
      },
      opts,
    );
  }
}
