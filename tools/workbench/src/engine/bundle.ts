// Bundles TypeScript entry points into ES modules with esbuild, so that the CLI and the programs
// it runs start as plain JavaScript instead of being transpiled module by module at every start
// (tsx's loader cost ~2 s per process; see BENCHMARKS.md).
//
// Loaded by bin/workbench.mjs through Node's own type stripping, before anything else of the CLI
// exists: it imports only Node built-ins and esbuild, and uses erasable TypeScript only.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { type BuildRecord, buildRecordOf, contentHash, currentBuild } from './bundle-record.mjs';

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
}

export interface Bundle {
  /** The folder holding `<entry>.mjs` for every entry. */
  dir: string;
  /** Every source file bundled in, and every pinned external, absolute. */
  inputs: string[];
  /** Paths whose appearance would change what the bundle resolves (a package installed nearer). */
  absent: string[];
}

/** A bundle as the cache saw it: also the content hash of every input it was built from. */
export interface CachedBundle extends Bundle {
  /** Input file → sha256 of its content. */
  inputHashes: Record<string, string>;
}

/** Whether a bare import is bundled in: the workspace's own TypeScript packages are. */
const isWorkspacePackage = (specifier: string) => specifier.startsWith('@workbench/');

/**
 * Each bundled module keeps seeing its own file as `import.meta.url`/`dirname`/`filename`, as it
 * does when run from source: modules find their data files (schemas, package.json) relative to
 * themselves, and the program finds the repository relative to itself.
 */
function ownImportMeta(): Plugin {
  return {
    name: 'own-import-meta',
    setup(b) {
      b.onLoad({ filter: /\.(?:[cm]?ts|mjs)$/ }, (args) => {
        // Declared on the first line, so source maps stay exact below it; `define` (below) points
        // each module's import.meta.* at its own declarations.
        const own = `const ${OWN_META.url} = ${JSON.stringify(pathToFileURL(args.path).href)}, ${OWN_META.dirname} = ${JSON.stringify(dirname(args.path))}, ${OWN_META.filename} = ${JSON.stringify(args.path)};`;
        return { contents: own + readFileSync(args.path, 'utf8'), loader: args.path.endsWith('.mjs') ? 'js' : 'ts' };
      });
    },
  };
}

const OWN_META = { url: '__ownImportMetaUrl', dirname: '__ownImportMetaDirname', filename: '__ownImportMetaFilename' };

/** npm packages stay outside the bundle: loaded at run time from node_modules, as from source. */
function externalPackages(pin: boolean, pinned: Set<string>, absent: Set<string>): Plugin {
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
  const pinned = new Set<string>();
  const absent = new Set<string>();
  const result = await build({
    entryPoints: request.entries,
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
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
    plugins: [ownImportMeta(), externalPackages(request.pinExternals ?? false, pinned, absent)],
    // CommonJS dependencies bundled into ESM call `require`; give them Node's.
    banner: { js: "import { createRequire as __workbenchCreateRequire } from 'node:module'; const require = __workbenchCreateRequire(import.meta.url);" },
  });
  const files = result.outputFiles.map((file) => ({ path: relative(staging, file.path), contents: file.contents }));
  const hash = createHash('sha256');
  for (const file of files) hash.update(file.path).update(file.contents);
  const dir = join(outRoot, hash.digest('hex').slice(0, 16));
  writeFolderAtomically(dir, files);
  return { dir, inputs: [...Object.keys(result.metafile.inputs).map((input) => resolve(outRoot, input)), ...pinned], absent: [...absent] };
}

/** A day: a process that started from an older bundle may still load its chunks until then. */
const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/** Drops bundles and build records no build has produced or used for a day, keeping the cache to a few files. */
function removeStaleBundles(outRoot: string, current: string) {
  for (const name of readdirSync(outRoot)) {
    const path = join(outRoot, name);
    const bundleFolder = /^[0-9a-f]{16}$/.test(name) && path !== current;
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
 * `bundle`, reusing the last output while every input file has the content it was built from
 * (and esbuild and the request are the same): a start costs hashing the inputs, not a build.
 */
export async function cachedBundle(request: BundleRequest): Promise<CachedBundle> {
  const current = currentBuild(request);
  if (current) return { dir: current.dir, inputs: Object.keys(current.inputs), absent: current.absent, inputHashes: current.inputs };
  const { key, file: recordFile } = buildRecordOf(request);
  const built = await bundle(request);
  removeStaleBundles(request.outRoot, built.dir);
  const record: BuildRecord = { key, dir: built.dir, inputs: Object.fromEntries(built.inputs.map((file) => [file, contentHash(file)])), absent: built.absent };
  const temporary = `${recordFile}.${process.pid}-${randomUUID()}.tmp`;
  writeFileSync(temporary, JSON.stringify(record));
  renameSync(temporary, recordFile);
  return { ...built, inputHashes: record.inputs };
}

/** A program's bundle: the module to import instead of its entry file, and what it was built from. */
export interface ProgramBundle {
  module: string;
  /** Source file (and pinned package entry) → sha256 of its content. */
  inputHashes: Record<string, string>;
}

const programBundles = new Map<string, Promise<ProgramBundle>>();

/**
 * A Pulumi program bundled into one ES module (its own files and the workspace libs it imports;
 * npm packages pinned to the files its folder resolves them to), once per process and program,
 * cached in `cacheRoot` across processes.
 */
export function bundledProgram(programFile: string, cacheRoot: string): Promise<ProgramBundle> {
  if (!programBundles.has(programFile)) {
    // One cache folder per program, so programs sharing a cache root keep their own last build.
    const outRoot = join(cacheRoot, createHash('sha256').update(programFile).digest('hex').slice(0, 16));
    const bundled = cachedBundle({ entries: { program: programFile }, outRoot, pinExternals: true }).then(({ dir, inputHashes }) => ({ module: join(dir, 'program.mjs'), inputHashes }));
    programBundles.set(programFile, bundled);
  }
  return programBundles.get(programFile)!;
}
