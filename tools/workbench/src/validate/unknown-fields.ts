import type { ModelLocation } from './model-schemas.js';
import { keyOf, modelShapes, type ModelShape } from './model-shapes.js';

export interface TypedObject {
  location: ModelLocation;
  manifest: Record<string, unknown>;
}

/**
 * Unknown fields, as `kubeconform -strict` reports them, for objects whose schema comes from a
 * @kubernetes-models package. Those packages ship compiled validators that ignore extra fields,
 * but also exact TypeScript types generated from the same OpenAPI schemas: each object is walked
 * alongside its model's type (its shape, `model-shapes.ts`), and every key the type does not
 * declare (and no index signature allows) is reported with its path.
 * Returns one list of messages per object, in input order. `cacheDir` keeps the models' shapes
 * between processes.
 */
export async function findUnknownFields(objects: TypedObject[], cacheDir?: string): Promise<string[][]> {
  const locations = [...new Map(objects.map((o) => [keyOf(o.location), o.location])).values()];
  const shapes = await modelShapes(locations, cacheDir);

  const walk = (shape: ModelShape, value: unknown, id: number, path: string, out: string[]) => {
    const node = shape.nodes[id]!;
    if (Array.isArray(value)) {
      if (node.array !== undefined) value.forEach((item, i) => walk(shape, item, node.array!, `${path}[${i}]`, out));
      return;
    }
    if (!value || typeof value !== 'object') return;
    const { objects: members } = node;
    // `none`: any, unknown, or a primitive the schema validator reports; `free`: preserves unknown fields.
    if (members === 'none' || members === 'free') return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childPath = path ? `${path}.${key}` : key;
      const field = Object.hasOwn(members.fields, key) ? members.fields[key] : undefined;
      if (field !== undefined) walk(shape, child, field, childPath, out);
      else if (members.index !== undefined) walk(shape, child, members.index, childPath, out);
      else out.push(`${childPath}: unknown field (not in ${members.name})`);
    }
  };

  return objects.map(({ location, manifest }) => {
    const out: string[] = [];
    const shape = shapes.get(keyOf(location))!;
    walk(shape, manifest, shape.root, '', out);
    return out;
  });
}
