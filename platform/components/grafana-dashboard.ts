import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { DASHBOARD_LABEL } from '@workbench/platform-contract';

/** The annotation kube-prometheus-stack's Grafana sidecar files a dashboard under (platform-services.ts). */
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
