import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { ModelLocation } from './model-schemas.js';

const CLI_DIR = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const VIRTUAL_FILE = join(CLI_DIR, '__workbench_validate__.ts');

/**
 * The model packages' declaration files, parsed (and bound) once per process: validating each
 * environment builds its own program over them, and parsing was most of its cost.
 */
const parsedDeclarations = new Map<string, ts.SourceFile | undefined>();

export interface TypedObject {
  location: ModelLocation;
  manifest: Record<string, unknown>;
}

/**
 * Unknown fields, as `kubeconform -strict` reports them, for objects whose schema comes from a
 * @kubernetes-models package. Those packages ship compiled validators that ignore extra fields,
 * but also exact TypeScript types generated from the same OpenAPI schemas: each object is walked
 * alongside its model's type with the TypeScript checker, and every key the type does not
 * declare (and no index signature allows) is reported with its path.
 * Returns one list of messages per object, in input order.
 */
export function findUnknownFields(objects: TypedObject[]): string[][] {
  const modules = [...new Set(objects.map((o) => `${o.location.module}#${o.location.typeName}`))];
  const source = modules.map((m, i) => {
    const [module, typeName] = m.split('#');
    return `type T${i} = import(${JSON.stringify(module)}).${typeName};`;
  });
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
  const sourceFile = program.getSourceFile(VIRTUAL_FILE)!;
  const types = new Map<string, ts.Type>();
  sourceFile.statements.filter(ts.isTypeAliasDeclaration).forEach((declaration, i) => {
    types.set(modules[i]!, checker.getTypeAtLocation(declaration.name));
  });

  const objectMembers = (type: ts.Type): ts.Type[] =>
    (type.isUnion() ? type.types : [type]).filter((t) => (t.flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(t));

  const walk = (value: unknown, type: ts.Type, path: string, out: string[]) => {
    if (Array.isArray(value)) {
      const arrays = (type.isUnion() ? type.types : [type]).filter((t) => checker.isArrayType(t));
      const element = arrays[0] ? checker.getTypeArguments(arrays[0] as ts.TypeReference)[0] : undefined;
      if (element) value.forEach((item, i) => walk(item, element, `${path}[${i}]`, out));
      return;
    }
    if (!value || typeof value !== 'object') return;
    const members = objectMembers(type);
    if (members.length === 0) return; // `any`, `unknown`, or a primitive the schema validator reports
    // An object type that declares no fields is a free-form schema (x-kubernetes-preserve-unknown-fields),
    // such as a HelmRelease's values.
    if (members.every((m) => checker.getPropertiesOfType(m).length === 0)) return;
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const childPath = path ? `${path}.${key}` : key;
      const property = members.map((m) => m.getProperty(key)).find(Boolean);
      if (property) {
        walk(child, checker.getTypeOfSymbol(property), childPath, out);
        continue;
      }
      const index = members.map((m) => checker.getIndexTypeOfType(m, ts.IndexKind.String)).find(Boolean);
      if (index) walk(child, index, childPath, out);
      else out.push(`${childPath}: unknown field (not in ${checker.typeToString(members[0]!).replace(/^IIoK8sApi|^IIoK8s|^I/, '')})`);
    }
  };

  return objects.map(({ location, manifest }) => {
    const out: string[] = [];
    walk(manifest, types.get(`${location.module}#${location.typeName}`)!, '', out);
    return out;
  });
}
