import { createRequire } from 'node:module';

// Every Kubernetes resource class of @pulumi/kubernetes adds aliases for the API versions its
// kind once had (a Deployment three: apps/v1beta1, apps/v1beta2, extensions/v1beta1), so that a
// real `pulumi up` can move state recorded under an old type. The SDK turns each into a URN
// through half a dozen Outputs and promises per resource — a fifth of what a render holds in
// memory while its resources register (300 apps: ≈ 33 of 155 MiB). Aliases only ever move state;
// nothing of them reaches a rendered object, a policy or a plan, so the engine leaves out the
// ones that carry nothing but another type (a type alone is always a well-formed alias, so no
// error is lost). Aliases that name a parent, a name, a project or a stack stay, as do aliases
// given as Outputs.

const require = createRequire(import.meta.url);
// The SDK's index copies resource.js's exports: `pulumi.mergeOptions`, as the provider calls it, is its own property.
const sdk = require('@pulumi/pulumi') as { mergeOptions: (a: unknown, b: unknown) => { aliases?: unknown[] } };

/** `{ type: "…" }` and nothing else. */
export function isTypeOnlyAlias(alias: unknown): boolean {
  if (!alias || typeof alias !== 'object' || Object.getPrototypeOf(alias) !== Object.prototype) return false;
  const keys = Object.keys(alias);
  return keys.length === 1 && keys[0] === 'type' && typeof (alias as { type: unknown }).type === 'string';
}

/** Options merged as the SDK merges them, without type-only aliases. Returns how to put the SDK's own back. */
export function installTypeAliasSkip(): () => void {
  const original = sdk.mergeOptions;
  sdk.mergeOptions = (a, b) => {
    const merged = original(a, b);
    if (Array.isArray(merged.aliases)) {
      const kept = merged.aliases.filter((alias) => !isTypeOnlyAlias(alias));
      if (kept.length) merged.aliases = kept;
      else delete merged.aliases;
    }
    return merged;
  };
  return () => void (sdk.mergeOptions = original);
}
