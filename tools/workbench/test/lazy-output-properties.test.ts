import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { lazyTransferProperties } from '../src/engine/lazy-output-properties.js';

// A resource's properties are Outputs built on first read. Whatever the order of reads and of the
// registration settling them, a program must see what the SDK's own eager properties give.

const rpc = createRequire(import.meta.url)('@pulumi/pulumi/runtime/rpc.js') as { transferProperties: typeof lazyTransferProperties };
type Transfer = typeof lazyTransferProperties;
const PROPS = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: undefined, id: 'x', urn: 'y' };

/** What a program can learn of one property's Output (its resources: whether each is the resource itself). */
async function observe(output: unknown, onto: object) {
  const o = output as { promise(): Promise<unknown>; isKnown: Promise<boolean>; isSecret: Promise<boolean>; allResources(): Promise<Set<unknown>> };
  const settled = await Promise.allSettled([o.promise(), o.isKnown, o.isSecret, o.allResources().then((all) => [...all].map((r) => r === onto))]);
  return settled.map((s) => (s.status === 'fulfilled' ? s.value : `rejected: ${(s.reason as Error).message}`));
}

/** Registers `PROPS` on a fresh object with `transfer`, reading `metadata` before or after the registration settles it. */
type Resolvers = ReturnType<Transfer>;
async function scenario(transfer: Transfer, readFirst: boolean, settle: (resolvers: Resolvers) => void) {
  const onto = {};
  const resolvers = transfer(onto, 'resource:a[kubernetes:core/v1:ConfigMap]', PROPS);
  const early = readFirst ? (onto as Record<string, unknown>).metadata : undefined;
  settle(resolvers);
  const output = early ?? (onto as Record<string, unknown>).metadata;
  return { keys: Object.keys(onto), resolvers: Object.keys(resolvers).sort(), metadata: await observe(output, onto), data: await observe((onto as Record<string, unknown>).data, onto) };
}

const settlements: Record<string, (resolvers: Resolvers) => void> = {
  'a value': (r) => {
    r.metadata!({ name: 'a', uid: 'u' }, true, false, []);
    r.data!(undefined, false, false);
  },
  'a secret': (r) => {
    r.metadata!({ name: 'a' }, true, true, []);
    r.data!(undefined, true, false);
  },
  'twice (the first wins)': (r) => {
    r.metadata!({ name: 'first' }, true, false, []);
    r.metadata!({ name: 'second' }, true, false, []);
    r.data!(1, true, false);
  },
  'an error': (r) => {
    for (const resolve of Object.values(r)) resolve(undefined, true, false, [], new Error('registration failed'));
  },
};

/**
 * Runs `run` and returns the messages of the promise rejections nobody handled meanwhile instead
 * of failing the test: on a failed registration the SDK's eager properties reject promises inside
 * their Outputs that nothing holds. (A failed registration reaches the engine through the
 * resource's urn and id, which stay the SDK's: engine-strictness.test.ts.)
 */
async function unhandledDuring(run: () => Promise<unknown>): Promise<string[]> {
  const others = process.listeners('unhandledRejection');
  process.removeAllListeners('unhandledRejection');
  const messages: string[] = [];
  process.on('unhandledRejection', (reason) => messages.push((reason as Error).message));
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    process.removeAllListeners('unhandledRejection');
    for (const listener of others) process.on('unhandledRejection', listener);
  }
  return messages;
}

describe('resource properties built on first read', () => {
  for (const [name, settle] of Object.entries(settlements)) {
    for (const readFirst of [true, false]) {
      it(`give what the SDK's own give when settled with ${name}, read ${readFirst ? 'before' : 'after'}`, async () => {
        let lazy: unknown;
        let eager: unknown;
        await unhandledDuring(async () => (eager = await scenario(rpc.transferProperties, readFirst, settle)));
        expect(await unhandledDuring(async () => (lazy = await scenario(lazyTransferProperties, readFirst, settle)))).toEqual([]);
        expect(lazy).toEqual(eager);
      });
    }
  }

  it('build no Output for a property never read, and refuse one already on the resource', () => {
    const onto: Record<string, unknown> = {};
    lazyTransferProperties(onto, 'r', { spec: {}, status: undefined });
    expect(Object.getOwnPropertyDescriptor(onto, 'spec')?.get).toBeTypeOf('function');
    expect(Object.getOwnPropertyDescriptor(onto, 'spec')).not.toHaveProperty('value');
    expect(() => lazyTransferProperties({ spec: 1 }, 'r', { spec: {} })).toThrow("Property 'spec' is already initialized on target 'r");
  });

  it('become a plain property when assigned, as the SDK’s are', () => {
    const onto: Record<string, unknown> = {};
    lazyTransferProperties(onto, 'r', { spec: {} });
    onto.spec = 'replaced';
    expect(onto.spec).toBe('replaced');
    expect(Object.getOwnPropertyDescriptor(onto, 'spec')).toEqual({ value: 'replaced', writable: true, enumerable: true, configurable: true });
  });
});
