import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { type Alerting, slackWebhookKey } from '@workbench/stack-config';
import { customerRouting, SLACK_WEBHOOK_PROPERTY, slackSecretName } from '../operations/alert-routing.js';
import { standardLabels } from './labels.js';

export interface CustomerAlertingArgs {
  customer: string;
  /** The owners of the customer's apps in this environment. */
  owners: string[];
  alerting: Alerting;
  /** The customer's own SecretStore, which holds its owners' Slack webhook URLs. */
  secretStore: string;
}

/**
 * Routing of a customer namespace's alerts to the owners of its apps: an AlertmanagerConfig, and
 * the Slack webhook URL of each owner that uses Slack, from the customer's own secret store.
 */
export function declareCustomerAlerting(args: CustomerAlertingArgs, opts: pulumi.CustomResourceOptions): void {
  const spec = customerRouting(args.owners, args.alerting);
  if (!spec) return;
  const namespace = args.customer;
  const labels = standardLabels({ customer: args.customer, component: 'alerting' });
  for (const owner of [...new Set(args.owners)].sort().filter((o) => args.alerting.owners[o]?.slack)) {
    new k8s.apiextensions.CustomResource(
      `${namespace}-${slackSecretName(owner)}`,
      {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name: slackSecretName(owner), namespace, labels },
        spec: {
          refreshInterval: '1h',
          secretStoreRef: { kind: 'SecretStore', name: args.secretStore },
          target: { name: slackSecretName(owner), creationPolicy: 'Owner' },
          data: [{ secretKey: SLACK_WEBHOOK_PROPERTY, remoteRef: { key: slackWebhookKey(owner) } }],
        },
      },
      opts,
    );
  }
  new k8s.apiextensions.CustomResource(
    `${namespace}-owner-routing`,
    { apiVersion: 'monitoring.coreos.com/v1alpha1', kind: 'AlertmanagerConfig', metadata: { name: 'owner-routing', namespace, labels }, spec },
    opts,
  );
}
