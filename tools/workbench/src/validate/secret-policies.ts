import { CREDENTIAL_NAME, credentialShape } from '@workbench/workload-spec';

export interface PolicyViolation {
  rule: string;
  message: string;
}

type Manifest = Record<string, unknown> & { kind?: string };

function* strings(value: unknown, path = ''): Generator<[string, string]> {
  if (typeof value === 'string') yield [path, value];
  else if (Array.isArray(value)) for (const [i, item] of value.entries()) yield* strings(item, `${path}[${i}]`);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* strings(v, path ? `${path}.${k}` : k);
}

/** Every `{name, value}` environment variable, wherever the object keeps its containers. */
function* envVariables(value: unknown, path = ''): Generator<[string, { name: string; value: string }]> {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* envVariables(item, `${path}[${i}]`);
  } else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const here = path ? `${path}.${key}` : key;
      if (key === 'env' && Array.isArray(child)) {
        for (const [i, v] of child.entries()) {
          if (v && typeof v === 'object' && typeof v.name === 'string' && typeof v.value === 'string') yield [`${here}[${i}]`, v as { name: string; value: string }];
        }
      } else yield* envVariables(child, here);
    }
  }
}

/**
 * The policies that keep secrets out of git. `workbench render` runs them before it writes
 * anything, and `workbench validate` again on what is committed: no Secret with data, no value
 * shaped like a credential anywhere, and no literal (or random-looking) value in a variable.
 */
export function secretPolicies(manifest: Manifest): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  if (manifest.kind === 'Secret' && (manifest.data !== undefined || manifest.stringData !== undefined)) {
    violations.push({ rule: 'no-secret-data', message: 'a Secret with data is committed to git; declare an ExternalSecret instead' });
  }
  for (const [path, value] of strings(manifest)) {
    const shape = credentialShape(value);
    if (shape) violations.push({ rule: 'no-credential-literal', message: `${path} holds what looks like ${shape}; reference the secret store instead` });
  }
  for (const [path, variable] of envVariables(manifest)) {
    if (CREDENTIAL_NAME.test(variable.name)) {
      violations.push({ rule: 'no-credential-literal', message: `${path} sets ${variable.name} to a literal; use a secretKeyRef from an ExternalSecret` });
    } else if (credentialShape(variable.value, { entropy: true }) && !credentialShape(variable.value)) {
      violations.push({ rule: 'no-credential-literal', message: `${path} sets ${variable.name} to a random-looking value, which reads as a generated secret; use a secretKeyRef from an ExternalSecret` });
    }
  }
  return violations;
}
