import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import * as pulumi from '@pulumi/pulumi';
import { installPlainValueRegistration, plainSerialized, structRoundTrip } from '../src/engine/plain-value-registration.js';

// Registrations cross to the mock monitor as plain values instead of protobuf Structs. What the
// monitor reads must be exactly what it read through a Struct — same values, same key order,
// same refusals — or rendered manifests would change.

const sdkRequire = createRequire(createRequire(import.meta.url).resolve('@pulumi/pulumi/runtime/resource.js'));
const { Struct } = sdkRequire('google-protobuf/google/protobuf/struct_pb');
const { RegisterResourceRequest } = sdkRequire('@pulumi/pulumi/proto/resource_pb.js');
const rpc = sdkRequire('@pulumi/pulumi/runtime/rpc.js');

const throughProtobuf = (value: Record<string, unknown>) => Struct.fromJavaScript(value).toJavaScript();
/** JSON keeps key order: equal strings mean equal values in the same order. */
const ordered = (value: unknown) => JSON.stringify(value);

const SAMPLES: Record<string, unknown>[] = [
  { metadata: { name: 'orders', labels: { 'app.kubernetes.io/name': 'orders', a: 'x' } }, kind: 'Deployment', apiVersion: 'apps/v1' },
  { b: 1, a: { z: 1, c: [{ y: 1, x: 2 }] }, '10': 3, '2': 4, Z: null, _: true, é: -0.5 },
  { list: [[], {}, [null, 'x', 1e21, -0], { nested: { deeper: [false] } }], empty: '' },
  { '4dabf18193072939515e22adb298388d': '1b47061264138c4ac30d75fd1eb44270', value: { secret: 's' } },
];

let uninstall: (() => void) | undefined;
afterEach(() => {
  uninstall?.();
  uninstall = undefined;
});

describe('plain-value registrations', () => {
  it('read back as a Struct would: the same values with every object’s keys in the same order', () => {
    for (const sample of SAMPLES) expect(ordered(structRoundTrip(sample))).toBe(ordered(throughProtobuf(sample)));
    expect(Object.keys(structRoundTrip({ b: 1, a: 2, '10': 3, '2': 4 }) as object)).toEqual(['2', '10', 'a', 'b']);
  });

  it('refuse what a Struct cannot hold, with protobuf’s message', () => {
    for (const bad of [{ a: undefined }, { a: [1, undefined] }, { a: () => 1 }, { a: { b: Symbol('s') } }, { a: 1n }]) {
      expect(() => throughProtobuf(bad)).toThrow('Unexpected struct type.');
      expect(() => structRoundTrip(bad)).toThrow('Unexpected struct type.');
    }
  });

  it('are what the SDK builds while installed, and read as real Structs when read as protobuf', () => {
    const realBytes = SAMPLES.map((sample) => {
      const request = new RegisterResourceRequest();
      request.setObject(Struct.fromJavaScript(sample));
      return Buffer.from(request.serializeBinary()).toString('base64');
    });
    uninstall = installPlainValueRegistration();
    SAMPLES.forEach((sample, i) => {
      const request = new RegisterResourceRequest();
      request.setObject(Struct.fromJavaScript(sample));
      expect(request.getObject()).toBeInstanceOf(Struct);
      expect(request.getObject().constructor).not.toBe(Struct); // the plain stand-in, not a conversion
      expect(ordered(request.getObject().toJavaScript())).toBe(ordered(structRoundTrip(sample)));
      expect(Buffer.from(request.serializeBinary()).toString('base64')).toBe(realBytes[i]);
      expect(ordered(RegisterResourceRequest.deserializeBinary(request.serializeBinary()).getObject().toJavaScript())).toBe(ordered(structRoundTrip(sample)));
    });
    const fromJavaScript = Struct.fromJavaScript;
    uninstall();
    uninstall = undefined;
    expect(Struct.fromJavaScript).not.toBe(fromJavaScript);
    expect(Struct.fromJavaScript({ a: 1 }).constructor).toBe(Struct);
  });

  it('serialize plain inputs to what the SDK’s own walk gives: functions and undefined dropped, undefined in a list null', async () => {
    class Settings {
      replicas = 2;
      skip = undefined;
    }
    const samples: unknown[] = [...SAMPLES, { a: undefined, b: [1, undefined, () => 1], c: { d: () => 2, e: null } }, new Settings(), [[{ x: undefined }]], 'text', 0, null];
    for (const sample of samples) {
      expect(ordered(plainSerialized(sample))).toBe(ordered(await rpc.serializeProperty('sample', sample, new Set(), {})));
    }
  });

  it('leave to the SDK whatever it treats specially: Outputs, promises, unknowns, secrets, assets, resources', async () => {
    for (const special of [pulumi.output('x'), Promise.resolve(1), pulumi.secret('s'), new pulumi.asset.StringAsset('a'), { nested: [pulumi.output(1)] }, Symbol('s'), 1n]) {
      expect(typeof plainSerialized(special)).toBe('symbol');
    }
    uninstall = installPlainValueRegistration();
    // The registration path: plain inputs answered at once, any special one by the SDK's walk.
    const [plain, plainDeps] = await rpc.serializeResourceProperties('r', { id: 'x', urn: 'u', spec: { a: 1, b: undefined }, gone: undefined });
    expect(plain).toEqual({ spec: { a: 1 } });
    expect([...plainDeps.keys()]).toEqual(['spec']);
    const [mixed] = await rpc.serializeResourceProperties('r', { spec: pulumi.output({ a: 1 }), name: 'n' }, {});
    expect(mixed.name).toBe('n');
    expect(mixed.spec).toEqual({ a: 1 });
  });
});
