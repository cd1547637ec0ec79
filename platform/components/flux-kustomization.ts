import * as k8s from '@pulumi/kubernetes';
import type * as pulumi from '@pulumi/pulumi';
import { standardLabels } from './labels.js';

export interface FluxKustomizationArgs {
  name: string;
  /** Path in the repository, e.g. `./environments/staging/apps`. */
  path: string;
  dependsOn?: string[];
  /** Wait for every applied object to become ready before dependents start. */
  wait: boolean;
  interval: string;
  timeout: string;
}

/**
 * A Flux Kustomization applying one folder of the environment from the repository that
 * `flux bootstrap` connected (GitRepository `flux-system`), pruning what disappears from git.
 */
export function fluxKustomization(args: FluxKustomizationArgs, opts: pulumi.CustomResourceOptions): k8s.apiextensions.CustomResource {
  return new k8s.apiextensions.CustomResource(
    `flux-${args.name}`,
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: args.name, namespace: 'flux-system', labels: standardLabels({ component: 'gitops' }) },
      spec: {
        interval: args.interval,
        retryInterval: '1m',
        timeout: args.timeout,
        sourceRef: { kind: 'GitRepository', name: 'flux-system' },
        path: args.path,
        prune: true,
        wait: args.wait,
        ...(args.dependsOn?.length ? { dependsOn: args.dependsOn.map((name) => ({ name })) } : {}),
      },
    },
    opts,
  );
}
