// Preloaded into every program process (`--import`, run-in-worker.ts) and imported first by the
// CLI (validate runs the policy pack in-process), before the SDK loads.
//
// @pulumi/pulumi requires TypeScript, npm's Arborist and normalize-package-data as it loads, for
// one feature: serializing functions into code (`serializeFunction`, `computeCodePaths`, used by
// callback Lambdas). A render never calls it unless a program does, yet loading them is about
// 0.6 s of every program process's start (480 of its 780 modules). Here each of the three is
// handed to the SDK as a stand-in that loads the real module the first time it is used, so a
// program that does serialize a function gets exactly what it would have got.
import Module from 'node:module';

type Load = (request: string, parent: { filename?: string } | null | undefined, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };

/**
 * The modules deferred and how the SDK's compiled code imports each (defer-closure-modules.test.ts
 * checks every `require` of them in the installed SDK). TypeScript's import helpers ask for
 * `__esModule` as the module loads, which the stand-in answers without loading it:
 * `__importDefault` — false, as these CommonJS modules' exports are their default; `__importStar`
 * — true, so the module is used as its own namespace, which it may be: the SDK reads only named
 * exports from it (`arborist.Arborist`), never a default.
 */
export const DEFERRED_MODULES: Record<string, 'require' | '__importDefault' | '__importStar'> = {
  typescript: 'require',
  'normalize-package-data': '__importDefault',
  '@npmcli/arborist': '__importStar',
};

const SDK_FILE = /[\\/]node_modules[\\/]@pulumi[\\/]pulumi[\\/]/;
const load = loader._load;

loader._load = function deferClosureModules(request, parent, isMain) {
  const importedAs = Object.hasOwn(DEFERRED_MODULES, request) ? DEFERRED_MODULES[request] : undefined;
  if (!importedAs || !parent?.filename || !SDK_FILE.test(parent.filename)) return load.call(this, request, parent, isMain);
  let real: object | undefined;
  const loaded = () => (real ??= load.call(this, request, parent, isMain) as object);
  // An arrow function as the target: it can be called (normalize-package-data is a function)
  // and has no non-configurable properties that would constrain what the traps report.
  return new Proxy(() => undefined, {
    get: (_, key) => (key === '__esModule' && importedAs !== 'require' ? importedAs === '__importStar' : Reflect.get(loaded(), key)),
    has: (_, key) => Reflect.has(loaded(), key),
    apply: (_, self, args) => Reflect.apply(loaded() as (...a: unknown[]) => unknown, self, args),
    ownKeys: () => Reflect.ownKeys(loaded()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(loaded(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
};
