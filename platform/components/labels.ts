/** The labels every Workbench object carries, so `kubectl get -l` and dashboards can slice by them. */
export function standardLabels(args: { app?: string; customer?: string; component?: string; version?: string }): Record<string, string> {
  const labels: Record<string, string> = { 'app.kubernetes.io/managed-by': 'workbench' };
  if (args.app) labels['app.kubernetes.io/name'] = args.app;
  if (args.customer) labels['app.kubernetes.io/part-of'] = args.customer;
  if (args.component) labels['app.kubernetes.io/component'] = args.component;
  if (args.version) labels['app.kubernetes.io/version'] = args.version;
  return labels;
}

/** Selector labels must never change for a running Deployment, so they exclude the version. */
export function selectorLabels(app: string): Record<string, string> {
  return { 'app.kubernetes.io/name': app };
}
