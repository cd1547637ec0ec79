// Bundles TypeScript entry points into ES modules with esbuild, so that the CLI and the programs
// it runs start as plain JavaScript instead of being transpiled module by module at every start
// (tsx's loader cost ~2 s per process; see BENCHMARKS.md).
//
// Loaded by bin/workbench.mjs through Node's own type stripping, before anything else of the CLI
// exists: it imports only Node built-ins, esbuild, bundle-record.mjs and bundle-url.ts, and uses
// erasable TypeScript only.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { type BuildRecord, BUILDS_KEPT, buildRecordOf, contentHash, currentBuild, recordedBuilds } from './bundle-record.mjs';
// With its extension: bin/workbench.mjs loads this file through Node's type stripping.
import { BUNDLE_ROOT_PARAM, bundleModuleUrl, ROOT_RELATIVE_SOURCES } from './bundle-url.ts';

export interface BundleRequest {
  /** Output name (without extension) → absolute path of a TypeScript entry point. */
  entries: Record<string, string>;
  /** Folder that receives one sub-folder per distinct output, named by the output's hash. */
  outRoot: string;
  /**
   * Import npm packages by the absolute path they resolve to from their importer, so the
   * bundle resolves exactly what the source did wherever the bundle is written. Otherwise they
   * stay bare and resolve from the bundle's own folder.
   */
  pinExternals?: boolean;
  /**
   * The checkout the entries belong to. The bundle then names every path inside it relative to
   * it — each module's own location, the npm packages it imports (relative to the bundle, in the
   * node_modules holding the cache), its source map's sources — and reads the checkout from its
   * URL (`bundleModuleUrl`), so every checkout of the same sources shares one build. A bundle
   * that reaches outside the checkout is built as one without a root.
   */
  root?: string;
}

export interface Bundle {
  /** The folder holding `<entry>.mjs` for every entry. */
  dir: string;
  /** Every source file bundled in, and every pinned external, absolute. */
  inputs: string[];
  /** Paths whose appearance would change what the bundle resolves (a package installed nearer). */
  absent: string[];
  /** Built for the request's root and independent of it (see `BundleRequest.root`). */
  portable: boolean;
}

/** A bundle as the cache saw it: also the content hash of every input it was built from. */
export interface CachedBundle extends Bundle {
  /** Input file → sha256 of its content. */
  inputHashes: Record<string, string>;
}

/** Whether a bare import is bundled in: the workspace's own TypeScript packages are. */
const WORKSPACE_SCOPE = '@workbench';
const isWorkspacePackage = (specifier: string) => specifier.startsWith(`${WORKSPACE_SCOPE}/`);

/**
 * Each bundled module keeps seeing its own file as `import.meta.url`/`dirname`/`filename`, as it
 * does when run from source: modules find their data files (schemas, package.json) relative to
 * themselves, and the program finds the repository relative to itself. Inside `root`, the file is
 * named relative to the checkout the bundle is imported for; elsewhere absolutely (`outside`).
 */
function ownImportMeta(root: string | undefined, outside: string[]): Plugin {
  return {
    name: 'own-import-meta',
    setup(b) {
      b.onLoad({ filter: /\.(?:[cm]?ts|mjs)$/ }, (args) => {
        // Declared on the first line, so source maps stay exact below it; `define` (below) points
        // each module's import.meta.* at its own declarations.
        const inRoot = root !== undefined && isInside(root, args.path);
        if (root !== undefined && !inRoot) outside.push(args.path);
        const own = inRoot
          ? `const ${OWN_META.url} = ${ROOT_HELPERS.url}(${JSON.stringify(urlPath(relative(root, args.path)))}), ${OWN_META.dirname} = ${ROOT_HELPERS.path}(${JSON.stringify(urlPath(relative(root, dirname(args.path))) || '.')}), ${OWN_META.filename} = ${ROOT_HELPERS.path}(${JSON.stringify(urlPath(relative(root, args.path)))});`
          : `const ${OWN_META.url} = ${JSON.stringify(pathToFileURL(args.path).href)}, ${OWN_META.dirname} = ${JSON.stringify(dirname(args.path))}, ${OWN_META.filename} = ${JSON.stringify(args.path)};`;
        return { contents: own + readFileSync(args.path, 'utf8'), loader: args.path.endsWith('.mjs') ? 'js' : 'ts' };
      });
    },
  };
}

const isInside = (folder: string, path: string) => path.startsWith(`${folder}${sep}`);

/** Whether a workspace package the checkout's node_modules links lies outside the checkout. */
function workspacePackagesOutside(root: string): boolean {
  const scope = join(root, 'node_modules', WORKSPACE_SCOPE);
  if (!existsSync(scope)) return false;
  return readdirSync(scope).some((name) => {
    try {
      return !isInside(root, realpathSync(join(scope, name)));
    } catch {
      return false; // a dangling link resolves nothing
    }
  });
}

/** A relative path as a relative URL: each segment encoded. */
const urlPath = (path: string) => path.split(sep).map(encodeURIComponent).join('/');

const ROOT_HELPERS = { url: '__workbenchRootUrlOf', path: '__workbenchRootPathOf' };
/** First lines of a bundle built for a root: the checkout from the bundle's URL, and paths inside it. */
const ROOT_BANNER = [
  "import { fileURLToPath as __workbenchFileURLToPath } from 'node:url';",
  `const __workbenchRoot = new URL(import.meta.url).searchParams.get(${JSON.stringify(BUNDLE_ROOT_PARAM)});`,
  "if (!__workbenchRoot) throw new Error(`${import.meta.url} is shared by every checkout of its sources: import it by bundleModuleUrl(file, checkout)`);",
  `function ${ROOT_HELPERS.url}(path) { return new URL(path, __workbenchRoot).href; }`,
  `function ${ROOT_HELPERS.path}(path) { return __workbenchFileURLToPath(new URL(path, __workbenchRoot)).replace(/(?<=.)\\/$/, ''); }`,
].join('\n');

const OWN_META = { url: '__ownImportMetaUrl', dirname: '__ownImportMetaDirname', filename: '__ownImportMetaFilename' };

/**
 * npm packages stay outside the bundle: loaded at run time from node_modules, as from source.
 * With `nodeModules` (a portable build: the node_modules folder holding the cache), a package
 * there is imported relative to the bundle's folder, `bundleDir`; one elsewhere goes to `outside`.
 */
function externalPackages(pin: boolean, pinned: Set<string>, absent: Set<string>, portable?: { nodeModules: string | undefined; bundleDir: string; outside: string[] }): Plugin {
  return {
    name: 'external-packages',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === 'resolving' || isWorkspacePackage(args.path) || args.path.startsWith('node:')) return undefined;
        if (!pin) return { path: args.path, external: true };
        const found = await b.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
        if (found.errors.length) return { errors: found.errors };
        pinned.add(found.path);
        // A copy of the package installed nearer the importer later would win from source.
        const name = args.path.split('/').slice(0, args.path.startsWith('@') ? 2 : 1).join('/');
        for (let folder = args.resolveDir; ; folder = dirname(folder)) {
          const candidate = join(folder, 'node_modules', name);
          if (existsSync(candidate) || dirname(folder) === folder) break;
          absent.add(candidate);
        }
        if (!portable) return { path: found.path, external: true };
        if (portable.nodeModules && isInside(portable.nodeModules, found.path)) return { path: relative(portable.bundleDir, found.path).split(sep).join('/'), external: true };
        portable.outside.push(found.path);
        return { path: found.path, external: true };
      });
    },
  };
}

/** Writes a folder of files so that readers never see it half-written. */
function writeFolderAtomically(dir: string, files: { path: string; contents: Uint8Array }[]) {
  if (existsSync(dir)) return;
  const staging = `${dir}.${process.pid}-${randomUUID()}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  for (const file of files) {
    mkdirSync(dirname(join(staging, file.path)), { recursive: true });
    writeFileSync(join(staging, file.path), file.contents);
  }
  try {
    renameSync(staging, dir);
  } catch (error) {
    // Another process wrote the same content-addressed folder first: theirs is ours.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(dir)) throw error;
  }
}

/** Bundles the entries (ESM, Node 24, source maps) into a folder named by the output's hash. */
export async function bundle(request: BundleRequest): Promise<Bundle> {
  // Source maps name the sources relative to the bundle, and Node resolves them from the bundle's
  // real path: build at the real path, or a cache reached through a symlink (a worktree sharing
  // node_modules) would map every frame into the other checkout.
  mkdirSync(request.outRoot, { recursive: true });
  const outRoot = realpathSync(request.outRoot);
  const staging = join(outRoot, 'build');
  const root = request.root === undefined ? undefined : realpathSync(request.root);
  // Known before building: a checkout whose workspace packages link into another checkout (its
  // node_modules links that one's whole tree) has a bundle that reaches outside it.
  if (root !== undefined && workspacePackagesOutside(root)) return bundle({ ...request, root: undefined });
  const pinned = new Set<string>();
  const absent = new Set<string>();
  // What a portable build found outside its root; any of it makes the build one without a root.
  const outside: string[] = [];
  const nodeModules = outRoot.includes(`${sep}node_modules${sep}`) ? outRoot.slice(0, outRoot.lastIndexOf(`${sep}node_modules${sep}`) + `${sep}node_modules`.length) : undefined;
  const result = await build({
    entryPoints: request.entries,
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // A portable bundle reads its root from its own URL, which chunks it imported would not carry.
    splitting: root === undefined,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    sourcemap: 'linked',
    // Input paths in the metafile are relative to this; fixed, so they mean the same whatever folder the process is in.
    absWorkingDir: outRoot,
    logLevel: 'silent',
    define: { 'import.meta.url': OWN_META.url, 'import.meta.dirname': OWN_META.dirname, 'import.meta.filename': OWN_META.filename },
    plugins: [
      ownImportMeta(root, outside),
      // The bundle's folder sits beside the staging folder, at the same depth.
      externalPackages(request.pinExternals ?? false, pinned, absent, root === undefined ? undefined : { nodeModules, bundleDir: staging, outside }),
    ],
    // CommonJS dependencies bundled into ESM call `require`; give them Node's.
    banner: {
      js: ["import { createRequire as __workbenchCreateRequire } from 'node:module'; const require = __workbenchCreateRequire(import.meta.url);", ...(root === undefined ? [] : [ROOT_BANNER])].join('\n'),
    },
  });
  const inputs = [...Object.keys(result.metafile.inputs).map((input) => resolve(outRoot, input)), ...pinned];
  let files = result.outputFiles.map((file) => ({ path: relative(staging, file.path), contents: file.contents }));
  if (root !== undefined) {
    for (const path of absent) if (!isInside(root, path)) outside.push(path);
    files = files.map((file) => (file.path.endsWith('.map') ? { ...file, contents: sourcesRelativeToRoot(file.contents, staging, root, outside) } : file));
    // Something lies outside the checkout: build it for this checkout alone.
    if (outside.length > 0) return bundle({ ...request, root: undefined });
  }
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.path).update(file.contents);
  const dir = join(outRoot, hash.digest('hex').slice(0, 16));
  writeFolderAtomically(dir, files);
  return { dir, inputs, absent: [...absent], portable: root !== undefined };
}

/** A source map with its sources relative to the root instead of to the bundle's folder. */
function sourcesRelativeToRoot(contents: Uint8Array, mapDir: string, root: string, outside: string[]): Uint8Array {
  const map = JSON.parse(Buffer.from(contents).toString('utf8')) as { sources: string[] };
  map.sources = map.sources.map((source) => {
    const path = resolve(mapDir, source);
    if (!isInside(root, path)) outside.push(path);
    return relative(root, path).split(sep).join('/');
  });
  return Buffer.from(JSON.stringify({ ...map, [ROOT_RELATIVE_SOURCES]: true }));
}

/** A day: a process that started from an older bundle may still load its chunks until then. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** Drops bundles and build records no build has produced or used for a day, keeping the cache to a few files. */
function removeStaleBundles(outRoot: string, current: string) {
  for (const name of readdirSync(outRoot)) {
    const path = join(outRoot, name);
    // By name: the cache may be reached through a link, `current` is its real path.
    const bundleFolder = /^[0-9a-f]{16}$/.test(name) && name !== basename(current);
    const record = /^build-[0-9a-f]{16}\.json$/.test(name);
    if (!bundleFolder && !record) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > STALE_AFTER_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by another process meanwhile.
    }
  }
}

/**
 * `bundle`, reusing a recent output while every input file has the content it was built from
 * (and esbuild and the request are the same): a start costs hashing the inputs, not a build.
 */
export async function cachedBundle(request: BundleRequest): Promise<CachedBundle> {
  const current = currentBuild(request);
  if (current) return { dir: current.dir, inputs: Object.keys(current.inputs), absent: current.absent, inputHashes: current.inputs, portable: !!current.portable };
  const built = await bundle(request);
  removeStaleBundles(request.outRoot, built.dir);
  const { key, file: recordFile } = buildRecordOf(request, built.portable);
  const inputHashes = Object.fromEntries(built.inputs.map((file) => [file, contentHash(file)]));
  // A portable build names its inputs relative to its checkout, so any checkout can check them.
  const relativeToRoot = (path: string) => (built.portable ? relative(realpathSync(request.root!), path) : path);
  const record: BuildRecord = {
    key,
    dir: relative(realpathSync(request.outRoot), built.dir),
    inputs: Object.fromEntries(Object.entries(inputHashes).map(([file, hash]) => [relativeToRoot(file), hash])),
    absent: built.absent.map(relativeToRoot),
    ...(built.portable ? { portable: true } : {}),
  };
  const builds = [record, ...recordedBuilds(recordFile).filter((other) => other.key === key && other.dir !== record.dir)].slice(0, BUILDS_KEPT);
  const temporary = `${recordFile}.${process.pid}-${randomUUID()}.tmp`;
  writeFileSync(temporary, JSON.stringify({ builds }));
  renameSync(temporary, recordFile);
  return { ...built, inputHashes };
}

/** A program's bundle: the module to import instead of its entry file, and what it was built from. */
export interface ProgramBundle {
  module: string;
  /** What to import: the module's URL, carrying its checkout (`bundleModuleUrl`). */
  url: string;
  /** Source file (and pinned package entry) → sha256 of its content. */
  inputHashes: Record<string, string>;
}

const programBundles = new Map<string, Promise<ProgramBundle>>();

/**
 * A Pulumi program bundled into one ES module (its own files and the workspace libs it imports;
 * npm packages pinned to the files its folder resolves them to), once per process and program,
 * cached in `cacheRoot` across processes — and, with `root`, shared by every checkout of the same
 * sources that shares the cache (worktrees and temp copies linking node_modules).
 */
export function bundledProgram(programFile: string, cacheRoot: string, root?: string): Promise<ProgramBundle> {
  const memo = `${root ?? ''}\0${programFile}`;
  if (!programBundles.has(memo)) {
    // One cache folder per program, so programs sharing a cache root keep their own builds.
    const id = root === undefined ? programFile : relative(root, programFile);
    const outRoot = join(cacheRoot, createHash('sha256').update(id).digest('hex').slice(0, 16));
    const bundled = cachedBundle({ entries: { program: programFile }, outRoot, pinExternals: true, ...(root === undefined ? {} : { root }) }).then(({ dir, inputHashes }) => {
      const module = join(dir, 'program.mjs');
      return { module, url: bundleModuleUrl(module, root), inputHashes };
    });
    programBundles.set(memo, bundled);
  }
  return programBundles.get(memo)!;
}
