import * as pulumi from '@pulumi/pulumi';

/** Pulumi's marker for an encoded secret value in resolved inputs. */
const SECRET_SIG_KEY = '4dabf18193072939515e22adb298388d';
const SECRET_SIG_VALUE = '1b47061264138c4ac30d75fd1eb44270';

/** Replaces every wrapped secret with its plain value, collecting the paths that held one. */
export function unwrapSecrets(value: unknown, path = '', secretPaths: string[] = []): unknown {
  if (Array.isArray(value)) return value.map((item, i) => unwrapSecrets(item, `${path}[${i}]`, secretPaths));
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIG_KEY] === SECRET_SIG_VALUE) {
      secretPaths.push(path || '(root)');
      return unwrapSecrets(record.value, path, secretPaths);
    }
    return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, unwrapSecrets(item, path ? `${path}.${key}` : key, secretPaths)]));
  }
  return value;
}

interface OutputInternals {
  isKnown: Promise<boolean>;
  promise(withUnknowns?: boolean): Promise<unknown>;
}

/**
 * The input paths whose values are unknown: Outputs that only a real provider could resolve
 * (a uid, a load balancer address). Written out, they would silently become missing fields.
 */
export async function findUnknowns(value: unknown, path = ''): Promise<string[]> {
  if (pulumi.Output.isInstance(value)) {
    const output = value as unknown as OutputInternals;
    if (!(await output.isKnown)) return [path || '(root)'];
    return findUnknowns(await output.promise(), path);
  }
  if (value instanceof Promise) return findUnknowns(await value, path);
  if (Array.isArray(value)) return (await Promise.all(value.map((item, i) => findUnknowns(item, `${path}[${i}]`)))).flat();
  if (value && typeof value === 'object' && !(value instanceof pulumi.Resource)) {
    const entries = Object.entries(value as Record<string, unknown>);
    return (await Promise.all(entries.map(([key, item]) => findUnknowns(item, path ? `${path}.${key}` : key)))).flat();
  }
  return [];
}
