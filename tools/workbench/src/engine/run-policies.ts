import { knownInputs } from './inventory.js';
import type { PolicyViolation, RegisteredResource } from './types.js';

// The shape of @pulumi/policy's PolicyPack arguments, as far as the engine calls them; the pack
// itself (platform/policy) depends on @pulumi/policy, the engine only on this contract.
type Report = (message: string, urn?: string) => void;
interface PolicyArgs {
  type: string;
  props: Record<string, unknown>;
  urn: string;
  name: string;
  opts: Record<string, unknown>;
  isType(cls: unknown): boolean;
  asType(cls: unknown): Record<string, unknown> | undefined;
  getConfig(): Record<string, unknown>;
  notApplicable(reason?: string): never;
}
interface Policy {
  name: string;
  description: string;
  enforcementLevel?: 'advisory' | 'mandatory' | 'remediate' | 'disabled';
  validateResource?: ((args: PolicyArgs, report: Report) => unknown) | ((args: PolicyArgs, report: Report) => unknown)[];
  validateStack?: (args: { resources: PolicyArgs[]; getConfig(): Record<string, unknown> }, report: Report) => unknown;
}

class NotApplicable extends Error {}

/** Same test as @pulumi/policy's `isType`: the class's Pulumi type token, or its `isInstance`. */
function isTypeOf(type: string, cls: unknown): boolean {
  const token = (cls as { __pulumiType?: string }).__pulumiType;
  if (typeof token === 'string') return token === type;
  const isInstance = (cls as { isInstance?: (obj: unknown) => boolean }).isInstance;
  return typeof isInstance === 'function' && isInstance({ __pulumiType: type }) === true;
}

/**
 * Runs a PolicyPack's policies, exactly as `pulumi preview --policy-pack` would call them, over
 * the resources the program registered, without the CLI: each resource's known inputs are its
 * props. Returns every violation with the resource and the program line that declared it.
 */
export async function runPolicies(policies: Policy[], resources: RegisteredResource[], project: string, stack: string): Promise<PolicyViolation[]> {
  const violations: PolicyViolation[] = [];
  const custom = resources.filter((r) => r.custom && r.inputs);
  const urnOf = (r: RegisteredResource) => `urn:pulumi:${stack}::${project}::${[...r.ancestors.map((a) => a.type), r.type].join('$')}::${r.name}`;
  const byUrn = new Map(custom.map((r) => [urnOf(r), r]));
  const argsOf = (r: RegisteredResource): PolicyArgs => {
    const props = knownInputs(r.inputs) as Record<string, unknown>;
    return {
      type: r.type,
      props,
      urn: urnOf(r),
      name: r.name,
      opts: {},
      isType: (cls) => isTypeOf(r.type, cls),
      asType: (cls) => (isTypeOf(r.type, cls) ? props : undefined),
      getConfig: () => ({}),
      notApplicable: (reason) => {
        throw new NotApplicable(reason);
      },
    };
  };
  const all = custom.map(argsOf);

  for (const policy of policies) {
    const level = policy.enforcementLevel ?? 'mandatory';
    if (level === 'disabled') continue;
    const report =
      (fallback?: RegisteredResource): Report =>
      (message, urn) => {
        const r = (urn && byUrn.get(urn)) || fallback;
        violations.push({
          policy: policy.name,
          description: policy.description,
          enforcementLevel: level === 'advisory' ? 'advisory' : 'mandatory',
          message,
          ...(r ? { resource: `${r.type} "${r.name}"`, ...(r.source ? { source: r.source } : {}) } : {}),
        });
      };
    const validations = policy.validateResource ? [policy.validateResource].flat() : [];
    for (const [i, r] of custom.entries()) {
      for (const validate of validations) {
        // validateResourceOfType tags its function with the type it checks, as the CLI's server uses.
        const only = (validate as { __pulumiType?: string }).__pulumiType;
        if (only && only !== r.type) continue;
        try {
          await validate(all[i]!, report(r));
        } catch (error) {
          if (!(error instanceof NotApplicable)) throw error;
        }
      }
    }
    if (policy.validateStack) {
      try {
        await policy.validateStack({ resources: all, getConfig: () => ({}) }, report());
      } catch (error) {
        if (!(error instanceof NotApplicable)) throw error;
      }
    }
  }
  return violations;
}
