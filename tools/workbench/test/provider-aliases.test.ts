import * as pulumi from '@pulumi/pulumi';
import * as k8s from '@pulumi/kubernetes';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installTypeAliasSkip, isTypeOnlyAlias } from '../src/engine/provider-aliases.js';

// The engine leaves out the aliases that only name another type (the Kubernetes provider adds one
// per old API version of every kind), which cost memory and time and never reach a render. Aliases
// that say anything more are the program's and stay.

let uninstall: (() => void) | undefined;
afterEach(() => {
  uninstall?.();
  uninstall = undefined;
});

beforeAll(async () => {
  await pulumi.runtime.setMocks({ newResource: (args) => ({ id: args.name, state: args.inputs }), call: () => ({}) }, 'project', 'stack', true);
});

const aliasesOf = (resource: pulumi.Resource) => (resource as unknown as { __aliases: unknown[] }).__aliases;
const deployment = (name: string, opts?: pulumi.CustomResourceOptions) =>
  new k8s.apps.v1.Deployment(name, { metadata: { name }, spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'x' }] } } } }, opts);

describe('type-only aliases', () => {
  it('are the ones that name a type and nothing else', () => {
    expect(isTypeOnlyAlias({ type: 'kubernetes:extensions/v1beta1:Deployment' })).toBe(true);
    for (const other of [{ type: 'x', name: 'old' }, { name: 'old' }, { parent: pulumi.rootStackResource }, 'urn:pulumi:s::p::t::n', { type: pulumi.output('x') }, pulumi.output({ type: 'x' }), null]) {
      expect(isTypeOnlyAlias(other)).toBe(false);
    }
  });

  it('are left out of a Kubernetes resource while the engine runs, and the program’s own aliases kept', () => {
    expect(aliasesOf(deployment('before'))).toHaveLength(3); // the provider's: apps/v1beta1, apps/v1beta2, extensions/v1beta1
    uninstall = installTypeAliasSkip();
    expect(aliasesOf(deployment('during'))).toHaveLength(0);
    expect(aliasesOf(deployment('renamed', { aliases: [{ name: 'old-name' }] }))).toHaveLength(1);
    expect(pulumi.mergeOptions({ protect: true }, { aliases: [{ type: 'a:b:C' }] })).toEqual({ protect: true });
    uninstall();
    uninstall = undefined;
    expect(aliasesOf(deployment('after'))).toHaveLength(3);
  });
});
