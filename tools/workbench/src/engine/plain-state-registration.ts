import { createRequire } from 'node:module';

// The SDK's mock monitor answers each registration with the resource's state as a protobuf
// Struct, which the SDK converts straight back into plain values: two deep copies of every object
// through protobuf's own types, about a tenth of a render's CPU and much of its garbage. This
// answers with the state as plain values. The SDK reads them exactly as it reads the Struct's
// (`deserializeProperties` calls `toJavaScript()` and builds fresh objects either way), and the
// state is what the Struct would have held: the same `serializeProperties`, of values that
// crossed the request's Struct already.

const require = createRequire(import.meta.url);
const { MockMonitor } = require('@pulumi/pulumi/runtime/mocks.js') as { MockMonitor: { prototype: MockMonitorInternals } };
const { serializeProperties, deserializeProperties } = require('@pulumi/pulumi/runtime/rpc.js') as {
  serializeProperties(label: string, props: unknown): Promise<Record<string, unknown>>;
  deserializeProperties(struct: unknown): Record<string, unknown>;
};
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

/**
 * The SDK's MockMonitor.registerResource (@pulumi/pulumi 3.270), but answering with a response
 * whose object is the plain state. Returns how to put the SDK's own back.
 */
export function installPlainStateRegistration(): () => void {
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
      const state = await serializeProperties('', result.state);
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
