/** A call to a Service inside the cluster, found in an environment variable's URL. */
export interface ServiceCall {
  /** The environment variable holding the URL. */
  variable: string;
  service: string;
  namespace: string;
  port: number;
}

// http(s)://<service>.<namespace>.svc[.cluster.local][:port][/…]: the in-cluster DNS form.
const IN_CLUSTER_URL = /^(https?):\/\/([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?(:(\d{1,5}))?(\/|$)/;

/**
 * The in-cluster services an app is configured to call: every environment variable whose value
 * is an in-cluster URL. The render allows this traffic in the app's network policy, and
 * `validate` checks that the rendered policies on both sides let it through.
 */
export function serviceCalls(env: Record<string, string>): ServiceCall[] {
  return Object.entries(env).flatMap(([variable, value]) => {
    const match = IN_CLUSTER_URL.exec(value);
    if (!match) return [];
    const port = match[8] ? Number(match[8]) : match[1] === 'https' ? 443 : 80;
    return [{ variable, service: match[2]!, namespace: match[4]!, port }];
  });
}
