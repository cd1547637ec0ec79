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
 * Plain values are walked synchronously: only an Output or a promise waits, so a resource's
 * inputs cost no promise per field (thousands per lab were most of the engine's garbage).
 */
export function findUnknowns(value: unknown, path = ''): Promise<string[]> {
  // One slot per Output or promise met, in walk order, so the paths come out in input order.
  const slots: Promise<string[]>[] = [];
  const visit = (item: unknown, at: string): void => {
    if (pulumi.Output.isInstance(item)) {
      const output = item as unknown as OutputInternals;
      slots.push(output.isKnown.then(async (known) => (known ? findUnknowns(await output.promise(), at) : [at || '(root)'])));
    } else if (item instanceof Promise) {
      slots.push(item.then((resolved) => findUnknowns(resolved, at)));
    } else if (Array.isArray(item)) {
      item.forEach((element, i) => visit(element, `${at}[${i}]`));
    } else if (item && typeof item === 'object' && !(item instanceof pulumi.Resource)) {
      for (const [key, child] of Object.entries(item as Record<string, unknown>)) visit(child, at ? `${at}.${key}` : key);
    }
  };
  visit(value, path);
  return slots.length ? Promise.all(slots).then((paths) => paths.flat()) : Promise.resolve([]);
}
