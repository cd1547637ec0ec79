import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type * as pulumi from '@pulumi/pulumi';
import { installPlainValueRegistration } from './plain-value-registration.js';
import { installLazyOutputProperties } from './lazy-output-properties.js';
import { installTypeAliasSkip } from './provider-aliases.js';
import { isProgramFile, type PositionMapper, programFrame, toPath, unmapped } from './source-location.js';
import type { EngineProblem, RegisteredResource } from './types.js';
import { findUnknowns, unwrapSecrets } from './walk-inputs.js';

const require = createRequire(import.meta.url);
// The CommonJS exports objects, which (unlike ESM namespaces) can be patched: every Resource
// constructor calls `resource_1.registerResource(...)` through this object.
const resourceRuntime = require('@pulumi/pulumi/runtime/resource.js') as { registerResource: (...args: unknown[]) => unknown };
const pulumiLog = require('@pulumi/pulumi/log/index.js') as { error: (msg: string, resource?: unknown) => Promise<void> };
const { unknownValue } = require('@pulumi/pulumi/runtime/rpc.js') as { unknownValue: string };
const debuggable = require('@pulumi/pulumi/runtime/debuggable.js') as { debuggablePromise: <T>(p: Promise<T>, ctx: unknown) => Promise<T> };
const { Resource } = require('@pulumi/pulumi/resource.js') as { Resource: { stackTrace(skip: number): (StackFrame | undefined)[] } };

/** A frame as the SDK passes it to `registerResource`. */
type StackFrame = { uri: string; line: number; column: number };

/**
 * Stack frames looked at per resource: first a few (a program's resources are declared 4–5
 * frames up, and capturing a frame is the cost), then, when none of those is the program's,
 * enough to reach the program line through nested components.
 */
const NEAR_FRAMES = 10;
const SOURCE_FRAMES = 40;

/** The current stack's call sites, at most `limit` of them, below this function. */
function callSites(limit: number): NodeJS.CallSite[] {
  const { prepareStackTrace, stackTraceLimit } = Error;
  const holder: { stack?: NodeJS.CallSite[] } = {};
  try {
    Error.prepareStackTrace = (_, sites) => sites;
    Error.stackTraceLimit = limit;
    Error.captureStackTrace(holder, callSites);
    return holder.stack ?? []; // V8 prepares the stack when it is first read
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/**
 * The first of the call sites that is the program's own code, mapped to its source. A program
 * declares most resources from a few lines (loops over apps), so each position is mapped once.
 */
function programSite(sites: NodeJS.CallSite[], programRoot: string, mapPosition: PositionMapper, mapped: Map<string, StackFrame | null>): StackFrame | undefined {
  for (const site of sites) {
    const [file, line, column] = [site.getFileName(), site.getLineNumber(), site.getColumnNumber()];
    if (!file || !line || !column || file.startsWith('node:')) continue;
    const position = `${file}:${line}:${column}`;
    let frame = mapped.get(position);
    if (frame === undefined) {
      const source = mapPosition({ file, line, column });
      const path = toPath(source.file);
      frame = isProgramFile(path, programRoot) ? { uri: pathToFileURL(path).href, line: source.line, column: source.column } : null;
      mapped.set(position, frame);
    }
    if (frame) return frame;
  }
  return undefined;
}

/**
 * The innermost frame of the program's own code on the current stack, mapped to its source: the
 * one frame the engine reports (`programFrame`). Read from V8's call sites rather than a stack
 * string, so no frame is formatted, parsed or turned into a URL only to be skipped.
 */
function innermostProgramFrame(programRoot: string, mapPosition: PositionMapper, mapped: Map<string, StackFrame | null>): StackFrame | undefined {
  const near = callSites(NEAR_FRAMES);
  return programSite(near, programRoot, mapPosition, mapped) ?? (near.length < NEAR_FRAMES ? undefined : programSite(callSites(SOURCE_FRAMES), programRoot, mapPosition, mapped));
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

  // The SDK captures an unbounded stack for every resource and turns each frame into a URL, for
  // the source position it sends with the registration; the engine reports only the program's
  // own innermost frame, so that is the one frame it gets.
  const originalStackTrace = Resource.stackTrace;
  const mappedPositions = new Map<string, StackFrame | null>();
  Resource.stackTrace = () => {
    const frame = innermostProgramFrame(programRoot, mapPosition, mappedPositions);
    return frame ? [frame] : [];
  };
  const uninstallPlainValues = installPlainValueRegistration();
  const uninstallTypeAliasSkip = installTypeAliasSkip();
  const uninstallLazyProperties = installLazyOutputProperties();
  // It also wraps every internal promise to list the unsettled ones when the process exits (a
  // stack, three properties and two more promises each); the engine waits for every registration
  // itself (settle) and checks unresolved inputs, so the wrapper is pure cost: pass promises through.
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
      Resource.stackTrace = originalStackTrace;
      debuggable.debuggablePromise = originalDebuggablePromise;
      uninstallPlainValues();
      uninstallTypeAliasSkip();
      uninstallLazyProperties();
    },
  };
}
