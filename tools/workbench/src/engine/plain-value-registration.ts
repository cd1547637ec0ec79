import { createRequire } from 'node:module';

// A registration crosses from the SDK to the in-process mock monitor as a protobuf Struct, and
// the mock's answer crosses back as another, each converted straight back into plain values: four
// deep copies of every object through protobuf's own types, much of a render's CPU and garbage.
// Both directions carry plain values here. The SDK and the mock read them exactly as they read a
// Struct's (`deserializeProperties` calls `toJavaScript()` and builds fresh objects either way).

const require = createRequire(import.meta.url);
// The SDK's own copy of google-protobuf, not one the CLI would have to declare.
const sdkRequire = createRequire(require.resolve('@pulumi/pulumi/runtime/resource.js'));
const { Struct } = sdkRequire('google-protobuf/google/protobuf/struct_pb') as { Struct: StructClass };
const { MockMonitor } = require('@pulumi/pulumi/runtime/mocks.js') as { MockMonitor: { prototype: MockMonitorInternals } };
const rpc = require('@pulumi/pulumi/runtime/rpc.js') as {
  serializeProperties(label: string, props: unknown): Promise<Record<string, unknown>>;
  serializeResourceProperties(label: string, props: Record<string, unknown>, opts?: unknown): Promise<[Record<string, unknown>, Map<string, Set<unknown>>]>;
  deserializeProperties(struct: unknown): Record<string, unknown>;
};
const { deserializeProperties } = rpc;
const { Output, isUnknown } = require('@pulumi/pulumi/output.js') as { Output: { isInstance(value: unknown): boolean }; isUnknown(value: unknown): boolean };
const { Asset, Archive } = require('@pulumi/pulumi/asset/index.js') as Record<'Asset' | 'Archive', { isInstance(value: unknown): boolean }>;
const { CustomResource, ComponentResource } = require('@pulumi/pulumi/resource.js') as Record<'CustomResource' | 'ComponentResource', { isInstance(value: unknown): boolean }>;
const { Result } = require('@pulumi/pulumi/proto/resource_pb.js') as { Result: { SUCCESS: number } };

interface RegisterRequest {
  getTransformsList(): { getToken(): string }[];
  getType(): string;
  getName(): string;
  getObject(): unknown;
  getProvider(): string;
  getCustom(): boolean;
  getImportid(): string;
  getParent(): string;
}

interface MockMonitorInternals {
  mocks: { newResource(args: Record<string, unknown>): Promise<{ id?: string; state: Record<string, unknown> }> | { id?: string; state: Record<string, unknown> } };
  resources: Map<string, { urn: string; id: string | null; state: Record<string, unknown> }>;
  transformCallbacks: Map<string, unknown>;
  newUrn(parent: string, type: string, name: string): string;
  registerResource(req: RegisterRequest, callback: (error: unknown, response?: unknown) => void): Promise<void>;
}

interface StructInstance {
  toJavaScript(): Record<string, unknown>;
  getFieldsMap(noLazyCreate?: boolean): unknown;
}
interface StructClass {
  new (): StructInstance;
  prototype: StructInstance;
  fromJavaScript(value: Record<string, unknown>): StructInstance;
}

/**
 * What `Struct.fromJavaScript(value).toJavaScript()` returns, without the Struct: a deep copy with
 * each object's keys sorted (a Struct's map iterates its keys in order), refusing what a Struct
 * cannot hold with protobuf's own message.
 */
export function structRoundTrip(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const list = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) list[i] = structRoundTrip(value[i]);
    return list;
  }
  if (typeof value !== 'object') throw new Error('Unexpected struct type.');
  const keys: string[] = [];
  for (const key in value) keys.push(key); // for…in, as Struct.fromJavaScript reads an object
  keys.sort();
  const copy: Record<string, unknown> = {};
  for (const key of keys) copy[key] = structRoundTrip((value as Record<string, unknown>)[key]);
  return copy;
}

/** What `plainSerialized` returns for a value the SDK must serialize itself. */
const NOT_PLAIN = Symbol('not plain');

/**
 * What the SDK's `serializeProperty` (runtime/rpc.js) resolves to for a value made only of
 * primitives, arrays and objects — functions dropped, `undefined` dropped from objects and `null`
 * in arrays — computed at once instead of one awaited call per nested value; `NOT_PLAIN` when the
 * value holds anything the SDK treats specially (an Output, a promise, a resource, an asset, an
 * unknown, a symbol or bigint).
 */
export function plainSerialized(value: unknown): unknown {
  if (typeof value === 'function') return undefined;
  if (value === undefined || value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value !== 'object') return NOT_PLAIN;
  if (value instanceof Promise || Output.isInstance(value) || isUnknown(value) || Asset.isInstance(value) || Archive.isInstance(value) || CustomResource.isInstance(value) || ComponentResource.isInstance(value)) return NOT_PLAIN;
  if (value instanceof Array) {
    const list: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const element = plainSerialized(value[i]);
      if (element === NOT_PLAIN) return NOT_PLAIN;
      list.push(element === undefined ? null : element);
    }
    return list;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = plainSerialized((value as Record<string, unknown>)[key]);
    if (field === NOT_PLAIN) return NOT_PLAIN;
    if (field !== undefined) copy[key] = field;
  }
  return copy;
}

/**
 * A registration's inputs serialized as `serializeResourceProperties` does, when every one is
 * plain (most of a render's): the same values and no dependencies, without the SDK's awaited walk
 * (a promise and a frame per nested value, all of a program's registrations in flight at once).
 * Anything else goes to the SDK's own.
 */
function installPlainInputSerialization(): () => void {
  const original = rpc.serializeResourceProperties;
  rpc.serializeResourceProperties = (label, props, opts) => {
    const result: Record<string, unknown> = {};
    const dependencies = new Map<string, Set<unknown>>();
    for (const key of Object.keys(props)) {
      if (key === 'id' || key === 'urn') continue;
      const value = plainSerialized(props[key]);
      if (value === NOT_PLAIN) return original.call(rpc, label, props, opts);
      if (value !== undefined) {
        result[key] = value;
        dependencies.set(key, new Set());
      }
    }
    return Promise.resolve([result, dependencies]);
  };
  return () => void (rpc.serializeResourceProperties = original);
}

/**
 * Struct.fromJavaScript, but holding the plain value: `toJavaScript()` answers its round trip
 * directly, and anything reading it as protobuf (a field map, serialization) gets the real Struct,
 * built then.
 */
function installPlainStructs(): () => void {
  const original = Struct.fromJavaScript;
  const plain = (value: Record<string, unknown>) => new PlainStruct(value);
  // The real conversion recurses through Struct.fromJavaScript: nested objects are real too.
  const realStruct = (value: Record<string, unknown>) => {
    Struct.fromJavaScript = original;
    try {
      return original.call(Struct, value);
    } finally {
      Struct.fromJavaScript = plain;
    }
  };
  class PlainStruct extends Struct {
    #real: StructInstance | undefined;
    constructor(readonly plain: Record<string, unknown>) {
      super();
    }
    override toJavaScript() {
      return structRoundTrip(this.plain) as Record<string, unknown>;
    }
    override getFieldsMap(noLazyCreate?: boolean) {
      this.#real ??= realStruct(this.plain);
      return this.#real.getFieldsMap(noLazyCreate);
    }
  }
  Struct.fromJavaScript = plain;
  return () => void (Struct.fromJavaScript = original);
}

/** Registrations carry plain values both ways. Returns how to put the SDK's own back. */
export function installPlainValueRegistration(): () => void {
  const uninstallStructs = installPlainStructs();
  const uninstallState = installPlainStateRegistration();
  const uninstallInputs = installPlainInputSerialization();
  return () => {
    uninstallInputs();
    uninstallState();
    uninstallStructs();
  };
}

/**
 * The SDK's MockMonitor.registerResource (@pulumi/pulumi 3.270), but answering with a response
 * whose object is the plain state. Returns how to put the SDK's own back.
 */
function installPlainStateRegistration(): () => void {
  const original = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = async function (this: MockMonitorInternals, req, callback) {
    try {
      const transforms = req
        .getTransformsList()
        .map((cb) => this.transformCallbacks.get(cb.getToken()))
        .filter((transform) => transform !== undefined);
      const result = await this.mocks.newResource({
        type: req.getType(),
        name: req.getName(),
        inputs: deserializeProperties(req.getObject()),
        provider: req.getProvider(),
        custom: req.getCustom(),
        id: req.getImportid(),
        transforms,
      });
      const urn = this.newUrn(req.getParent(), req.getType(), req.getName());
      // The state is what the response's Struct would have held: the same serialization, of
      // inputs that crossed the request's (plain) Struct with their keys sorted.
      const plain = plainSerialized(result.state);
      const state = (plain === NOT_PLAIN ? await rpc.serializeProperties('', result.state) : plain) as Record<string, unknown>;
      this.resources.set(urn, { urn, id: result.id ?? null, state });
      // What the SDK reads of a RegisterResourceResponse (runtime/resource.js, registerResource).
      callback(null, {
        getResult: () => Result.SUCCESS,
        getUrn: () => urn,
        getId: () => result.id || '',
        getObject: () => ({ toJavaScript: () => state }),
        getPropertydependenciesMap: () => new Map(),
        getUnknown: () => false,
      });
    } catch (error) {
      callback(error, undefined);
    }
  };
  return () => void (MockMonitor.prototype.registerResource = original);
}
