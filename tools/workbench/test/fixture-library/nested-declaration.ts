// Outside the fixtures' program folder: code a program calls that is not its own (as an npm
// package's component would be), declaring a resource a dozen calls down.
import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';

export function declareNested(depth: number, name: string, parent: pulumi.Resource): void {
  if (depth > 0) return declareNested(depth - 1, name, parent);
  new k8s.core.v1.ConfigMap(name, { metadata: { name, namespace: 'demo' }, data: { at: 'depth' } }, { parent });
}
