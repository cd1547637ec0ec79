import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';

/** The label and annotation kube-prometheus-stack's Grafana sidecar looks for (platform-services.ts). */
export const DASHBOARD_LABEL = 'grafana_dashboard';
export const FOLDER_ANNOTATION = 'grafana_folder';

/** A dashboard as a ConfigMap the Grafana sidecar loads into `folder`. */
export function grafanaDashboard(
  args: { name: string; namespace: string; folder: string; labels: Record<string, string>; dashboard: Dashboard },
  opts: pulumi.CustomResourceOptions,
): void {
  new k8s.core.v1.ConfigMap(
    `${args.namespace}-${args.name}-dashboard`,
    {
      metadata: {
        name: `${args.name}-dashboard`,
        namespace: args.namespace,
        labels: { ...args.labels, [DASHBOARD_LABEL]: '1' },
        annotations: { [FOLDER_ANNOTATION]: args.folder },
      },
      data: { [`${args.name}.json`]: JSON.stringify(args.dashboard, null, 2) },
    },
    opts,
  );
}
