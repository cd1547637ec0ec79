import { createRequire } from 'node:module';
import type * as pulumi from '@pulumi/pulumi';
import { type PositionMapper, programFrame, unmapped } from './source-location.js';
import type { EngineProblem, RegisteredResource } from './types.js';
import { findUnknowns, unwrapSecrets } from './walk-inputs.js';

const require = createRequire(import.meta.url);
// The CommonJS exports objects, which (unlike ESM namespaces) can be patched: every Resource
// constructor calls `resource_1.registerResource(...)` through this object.
const resourceRuntime = require('@pulumi/pulumi/runtime/resource.js') as { registerResource: (...args: unknown[]) => unknown };
const pulumiLog = require('@pulumi/pulumi/log/index.js') as { error: (msg: string, resource?: unknown) => Promise<void> };
const { unknownValue } = require('@pulumi/pulumi/runtime/rpc.js') as { unknownValue: string };
const debuggable = require('@pulumi/pulumi/runtime/debuggable.js') as { debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T> };
const { Resource } = require('@pulumi/pulumi/resource.js') as { Resource: { callsites(): Callsite[] } };

type Callsite = { file?: string; line?: number; column?: number };

/**
 * A V8 stack frame's position: `at fn (file:line:column)`, or `at file:line:column` for a module's
 * top level (the SDK's own pattern knows only the first; Node's source-mapped frames were always
 * of that form, the bundle's raw frames are not).
 */
const FRAME_POSITION = /^\s*at (?:.* \()?(?<file>[^()]*?):(?<line>[0-9]+):(?<column>[0-9]+)\)?$/;

/** Stack frames kept per resource: enough to reach the program line through nested components. */
const SOURCE_FRAMES = 40;

/**
 * Runs `fn` with at most `frames` stack frames captured. Under tsx every captured frame is
 * source-mapped, which made stack capture the largest single cost of a render (see BENCHMARKS.md).
 */
function withStackLimit<T>(frames: number, fn: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = frames;
  try {
    return fn();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Fields the API server fills in. The mock monitor reports them as unknown, exactly as a preview
 * against a cluster would, so a program that copies one into another object is caught.
 */
function withServerComputedFields(inputs: Record<string, unknown>): Record<string, unknown> {
  const metadata = (inputs.metadata ?? {}) as Record<string, unknown>;
  return {
    ...inputs,
    metadata: { ...metadata, uid: unknownValue, resourceVersion: unknownValue, creationTimestamp: unknownValue, generation: unknownValue },
    status: unknownValue,
  };
}

interface ResourceInternals {
  __pulumiType?: string;
  __name?: string;
  __parentResource?: ResourceInternals;
}

export interface Capture {
  mocks: pulumi.runtime.Mocks;
  resources: Map<string, RegisteredResource>;
  /** Resolves when every registration's unknown-value check has finished. */
  settle(): Promise<void>;
  /** After this, any registration is reported as late. */
  seal(): void;
  uninstall(): void;
}

/**
 * Hooks into the Pulumi SDK so that every resource the program declares is recorded with where
 * it was declared, its enclosing components, and any inputs a real provider would have had to
 * compute; the mock monitor then receives the resolved inputs.
 */
export function installCapture(programRoot: string, problems: EngineProblem[], mapPosition: PositionMapper = unmapped): Capture {
  const resources = new Map<string, RegisteredResource>();
  const pending: Promise<void>[] = [];
  let sealed = false;
  const key = (type: string, name: string) => `${type}::${name}`;

  const originalRegister = resourceRuntime.registerResource;
  resourceRuntime.registerResource = function (this: unknown, ...args: unknown[]) {
    const [res, parent, type, name, custom, remote, , props, , , stackTrace] = args as [
      ResourceInternals,
      ResourceInternals | undefined,
      string,
      string,
      boolean,
      boolean,
      unknown,
      Record<string, unknown>,
      unknown,
      unknown,
      { uri?: string; line?: number; column?: number }[] | undefined,
    ];
    void res;
    const ancestors: { type: string; name: string }[] = [];
    for (let p = parent; p; p = p.__parentResource) {
      if (p.__pulumiType && p.__pulumiType !== 'pulumi:pulumi:Stack') ancestors.unshift({ type: p.__pulumiType, name: p.__name ?? '' });
    }
    const source = programFrame(stackTrace, programRoot);
    const registered: RegisteredResource = { type, name, custom, remote, ancestors, unknownPaths: [], secretPaths: [], ...(source ? { source } : {}) };
    if (sealed) {
      problems.push({ resource: `${type} "${name}"`, ...(source ? { source } : {}), message: 'registered after the program finished (from a timer or an un-awaited promise), so it would be missing from the render' });
    }
    resources.set(key(type, name), registered);
    pending.push(
      findUnknowns(props).then(
        (paths) => void (registered.unknownPaths = paths),
        () => undefined, // a failing input is reported by the registration itself
      ),
    );
    return originalRegister.apply(this, args);
  };

  // The SDK captures an unbounded stack for every resource (for its source position): bound it.
  // It also wraps every internal promise to list the unsettled ones when the process exits (a
  // stack, three properties and two more promises each); the engine waits for every registration
  // itself (settle) and checks unresolved inputs, so the wrapper is pure cost: pass promises through.
  const originalCallsites = Resource.callsites;
  // Same parsing as the SDK's Resource.callsites, over a bounded stack instead of an unbounded one,
  // with the program's own frames mapped to its sources.
  Resource.callsites = () =>
    (withStackLimit(SOURCE_FRAMES, () => new Error().stack) ?? '')
      .split('\n')
      .slice(1)
      .map((frame): Callsite => {
        const { file, line, column } = FRAME_POSITION.exec(frame)?.groups ?? {};
        if (!file || !line || !column || file.startsWith('node:')) return {};
        return mapPosition({ file, line: Number(line), column: Number(column) });
      });
  const originalDebuggablePromise = debuggable.debuggablePromise;
  debuggable.debuggablePromise = (promise) => promise;

  const originalLogError = pulumiLog.error;
  pulumiLog.error = async (msg: string, resource?: unknown) => {
    const internals = resource as ResourceInternals | undefined;
    problems.push({ ...(internals?.__name ? { resource: `${internals.__pulumiType} "${internals.__name}"` } : {}), message: msg });
  };

  const mocks: pulumi.runtime.Mocks = {
    newResource(args) {
      const registered = resources.get(key(args.type, args.name));
      if (registered) {
        const secretPaths: string[] = [];
        registered.inputs = unwrapSecrets(args.inputs, '', secretPaths) as Record<string, unknown>;
        registered.secretPaths = secretPaths;
      }
      const isKubernetesObject = args.type.startsWith('kubernetes:') && 'apiVersion' in args.inputs;
      if (isKubernetesObject) return { id: args.name, state: withServerComputedFields(args.inputs) };
      // A cloud resource's id and computed attributes (ARNs, URLs) exist only after apply: leave
      // them unknown, as a preview would, rather than inventing values a plan would show.
      const isCloudResource = !args.type.startsWith('kubernetes:') && !args.type.startsWith('pulumi:providers:');
      return { id: isCloudResource ? undefined : args.name, state: args.inputs };
    },
    call(args) {
      // Invokes run inside provider plugins (helm template, yaml decode, cloud lookups). The SDK
      // loses this error's message on its way back, so it is recorded here.
      const message = `function ${args.token} needs the provider plugin, which the embedded engine does not run; declare the objects directly`;
      problems.push({ message });
      throw new Error(message);
    },
  };

  return {
    mocks,
    resources,
    settle: async () => {
      for (let done = 0; done < pending.length; ) {
        const batch = pending.slice(done);
        done = pending.length;
        await Promise.all(batch);
      }
    },
    seal: () => void (sealed = true),
    uninstall: () => {
      resourceRuntime.registerResource = originalRegister;
      pulumiLog.error = originalLogError;
      Resource.callsites = originalCallsites;
      debuggable.debuggablePromise = originalDebuggablePromise;
    },
  };
}
