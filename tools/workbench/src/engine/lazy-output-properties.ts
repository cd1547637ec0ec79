import { createRequire } from 'node:module';

// When a resource registers, the SDK gives it an Output for every property its class declares
// (runtime/rpc.js, transferProperties): four promises and their resolvers each, and, inside the
// Output, half a dozen more. An AWS resource declares dozens of properties, a Kubernetes object
// five or six, and a program reads a few of them — yet all of them, for every resource, are held
// until the program ends (300 apps: most of a render's memory). Here each property is an
// accessor that builds its Output the first time it is read, from the same promises, settled by
// the same resolvers whether they ran before the read or after it; a property never read costs
// one closure. What a program reads, and when, is unchanged.

const require = createRequire(import.meta.url);
const rpc = require('@pulumi/pulumi/runtime/rpc.js') as {
  transferProperties(onto: object, label: string, props: Record<string, unknown>): Record<string, Resolver>;
};
const { Output } = require('@pulumi/pulumi/output.js') as {
  Output: new (resources: unknown, promise: Promise<unknown>, isKnown: Promise<boolean>, isSecret: Promise<boolean>, allResources: Promise<unknown[]>) => unknown;
};
const { isGrpcError } = require('@pulumi/pulumi/errors.js') as { isGrpcError(error: unknown): boolean };

type Resolver = (value: unknown, isKnown: boolean, isSecret: boolean, deps?: unknown[], error?: unknown) => void;
type Settled = { error: unknown } | { value: unknown; isKnown: boolean; isSecret: boolean; deps: unknown[] };

/** A promise and what settles it. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * The SDK's transferProperties with each property an Output built on first read. Returns the
 * resolvers the registration calls, as the SDK's does: the first call settles the property
 * (a gRPC error is skipped, as there), later ones change nothing.
 */
export function lazyTransferProperties(onto: object, label: string, props: Record<string, unknown>): Record<string, Resolver> {
  const resolvers: Record<string, Resolver> = {};
  for (const key of Object.keys(props)) {
    if (key === 'id' || key === 'urn') continue; // the SDK's own, made eagerly
    if (Object.prototype.hasOwnProperty.call(onto, key)) throw new Error(`Property '${key}' is already initialized on target '${label}`);
    let settled: Settled | undefined;
    let deliver: ((settled: Settled) => void) | undefined;
    let output: unknown;
    resolvers[key] = (value, isKnown, isSecret, deps = [], error) => {
      if (settled || (error && isGrpcError(error))) return;
      settled = error ? { error } : { value, isKnown, isSecret, deps };
      deliver?.(settled);
    };
    const build = () => {
      const [value, isKnown, isSecret, deps] = [deferred<unknown>(), deferred<boolean>(), deferred<boolean>(), deferred<unknown[]>()];
      deliver = (outcome) => {
        if ('error' in outcome) {
          for (const d of [value, isKnown, isSecret, deps]) d.reject(outcome.error);
        } else {
          value.resolve(outcome.value);
          isKnown.resolve(outcome.isKnown);
          isSecret.resolve(outcome.isSecret);
          deps.resolve(outcome.deps);
        }
      };
      if (settled) deliver(settled);
      return new Output(onto, value.promise, isKnown.promise, isSecret.promise, deps.promise);
    };
    Object.defineProperty(onto, key, {
      enumerable: true,
      configurable: true,
      get: () => (output ??= build()),
      // Assigned over, it becomes the plain property the SDK's would have been.
      set: (replacement: unknown) => Object.defineProperty(onto, key, { value: replacement, writable: true, enumerable: true, configurable: true }),
    });
  }
  return resolvers;
}

/** Resource properties made on first read while installed. Returns how to put the SDK's own back. */
export function installLazyOutputProperties(): () => void {
  const original = rpc.transferProperties;
  rpc.transferProperties = lazyTransferProperties;
  return () => void (rpc.transferProperties = original);
}
