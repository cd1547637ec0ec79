import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type ts from 'typescript';
import type { ModelLocation } from './model-schemas.js';

/**
 * What the unknown-field check needs of a model's TypeScript type, as plain data: for each type
 * reachable from the model, its array element, and its object members' fields (or that it is
 * free-form, or not an object at all). Extracted once with the TypeScript checker and kept in a
 * cache keyed by the versions of TypeScript and the model packages, so a validation whose models
 * were seen before loads no TypeScript at all.
 */
export interface ModelShape {
  root: number;
  nodes: ShapeNode[];
}

export interface ShapeNode {
  /** The element type when the type is (or includes) an array. */
  array?: number;
  /** `none`: no object member (any, unknown, a primitive); `free`: objects that declare no field. */
  objects: 'none' | 'free' | { name: string; fields: Record<string, number>; index?: number };
}

/** Bumped when the shape's meaning changes: older cache entries are then never read. */
const FORMAT = 1;
const CLI_DIR = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const VIRTUAL_FILE = join(CLI_DIR, '__workbench_validate__.ts');

/** How many times TypeScript was asked for shapes in this process (the cache's test reads it). */
export const shapeStats = { extractions: 0 };

/** `@kubernetes-models/flux-cd/x/y` → `@kubernetes-models/flux-cd`; `kubernetes-models/apps/v1/…` → `kubernetes-models`. */
const packageOf = (module: string) => module.split('/').slice(0, module.startsWith('@') ? 2 : 1).join('/');
/** An installed package's version, from its package.json found as Node would (some packages do not export it). */
function versionOf(pkg: string): string {
  for (let dir = CLI_DIR; ; dir = dirname(dir)) {
    const file = join(dir, 'node_modules', pkg, 'package.json');
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (dirname(dir) === dir) throw new Error(`${pkg} is not installed: run npm install`);
  }
}
/** The packages every model's types are built on: an update of one changes shapes under an unchanged model version. */
const SHARED_TYPES = ['typescript', 'kubernetes-models', '@kubernetes-models/apimachinery', '@kubernetes-models/base'];

function cacheFile(dir: string, location: ModelLocation): string {
  const versions = Object.fromEntries([...SHARED_TYPES, packageOf(location.module)].map((pkg) => [pkg, versionOf(pkg)]));
  const key = JSON.stringify({ FORMAT, versions, ...location });
  return join(dir, `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.json`);
}

/** The shapes of these models: from the cache when there (`cacheDir` undefined: no cache), else extracted and stored. */
export async function modelShapes(locations: ModelLocation[], cacheDir: string | undefined): Promise<Map<string, ModelShape>> {
  const shapes = new Map<string, ModelShape>();
  const missing: ModelLocation[] = [];
  for (const location of locations) {
    const file = cacheDir && cacheFile(cacheDir, location);
    if (file && existsSync(file)) shapes.set(keyOf(location), JSON.parse(readFileSync(file, 'utf8')) as ModelShape);
    else missing.push(location);
  }
  if (missing.length === 0) return shapes;
  const extracted = await extractShapes(missing);
  for (const location of missing) {
    const shape = extracted.get(keyOf(location))!;
    shapes.set(keyOf(location), shape);
    if (cacheDir) {
      mkdirSync(cacheDir, { recursive: true });
      const file = cacheFile(cacheDir, location);
      // Written whole then renamed: a reader never sees half a shape.
      writeFileSync(`${file}.${process.pid}`, JSON.stringify(shape));
      renameSync(`${file}.${process.pid}`, file);
    }
  }
  return shapes;
}

export const keyOf = (location: ModelLocation) => `${location.module}#${location.typeName}`;

/**
 * The model packages' declaration files, parsed (and bound) once per process: each extraction
 * builds its own program over them, and parsing was most of its cost.
 */
const parsedDeclarations = new Map<string, ts.SourceFile | undefined>();

async function extractShapes(locations: ModelLocation[]): Promise<Map<string, ModelShape>> {
  shapeStats.extractions += 1;
  const { default: ts } = await import('typescript');
  const source = locations.map((l, i) => `type T${i} = import(${JSON.stringify(l.module)}).${l.typeName};`);
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    if (fileName === VIRTUAL_FILE) return ts.createSourceFile(fileName, source.join('\n') + '\nexport {};\n', languageVersion);
    if (!parsedDeclarations.has(fileName)) parsedDeclarations.set(fileName, getSourceFile(fileName, languageVersion, ...rest));
    return parsedDeclarations.get(fileName);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === VIRTUAL_FILE || fileExists(fileName);
  const program = ts.createProgram([VIRTUAL_FILE], options, host);
  const checker = program.getTypeChecker();
  const declarations = program.getSourceFile(VIRTUAL_FILE)!.statements.filter(ts.isTypeAliasDeclaration);

  const shapes = new Map<string, ModelShape>();
  declarations.forEach((declaration, i) => {
    const nodes: ShapeNode[] = [];
    const ids = new Map<ts.Type, number>();
    const visit = (type: ts.Type): number => {
      const known = ids.get(type);
      if (known !== undefined) return known;
      const id = nodes.length;
      ids.set(type, id);
      const node: ShapeNode = { objects: 'none' };
      nodes.push(node);
      const members = type.isUnion() ? type.types : [type];
      const array = members.find((t) => checker.isArrayType(t));
      const element = array ? checker.getTypeArguments(array as ts.TypeReference)[0] : undefined;
      if (element) node.array = visit(element);
      const objects = members.filter((t) => (t.flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(t));
      if (objects.length === 0) return id;
      // An object type that declares no fields is a free-form schema (x-kubernetes-preserve-unknown-fields),
      // such as a HelmRelease's values.
      if (objects.every((m) => checker.getPropertiesOfType(m).length === 0)) {
        node.objects = 'free';
        return id;
      }
      const fields: Record<string, number> = {};
      for (const member of objects) {
        for (const property of checker.getPropertiesOfType(member)) {
          // The first member declaring a field decides its type, as a lookup across the union would.
          if (!(property.name in fields)) fields[property.name] = -1;
        }
      }
      const index = objects.map((m) => checker.getIndexTypeOfType(m, ts.IndexKind.String)).find(Boolean);
      node.objects = { name: checker.typeToString(objects[0]!).replace(/^IIoK8sApi|^IIoK8s|^I/, ''), fields };
      for (const name of Object.keys(fields)) {
        const property = objects.map((m) => m.getProperty(name)).find(Boolean)!;
        fields[name] = visit(checker.getTypeOfSymbol(property));
      }
      if (index) node.objects.index = visit(index);
      return id;
    };
    const root = visit(checker.getTypeAtLocation(declaration.name));
    shapes.set(keyOf(locations[i]!), { root, nodes });
  });
  return shapes;
}
