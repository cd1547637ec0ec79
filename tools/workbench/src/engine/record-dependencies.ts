// Runs inside the program's process: records every file, folder and environment variable the
// program reads, and whether it read the clock, so that the render cache knows exactly which
// inputs a result came from (as a compiler's dependency file does). Whatever the recorder cannot
// see through (a file handle, a stream, the whole environment enumerated) marks the run untracked,
// and an untracked run is never reused.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileFingerprint, fingerprint, type FingerprintFs, type ReadKind } from './input-fingerprint.js';

export interface RecordedDependencies {
  /** `<kind>:<absolute path>` → fingerprint when the program read it. */
  reads: Record<string, string>;
  /** Environment variable → its value when first read (null: unset). */
  env: Record<string, string | null>;
  /** Why the run cannot be reused, when it read something the recorder cannot follow. */
  untracked: string[];
  /** The program asked for the current time: its result may change with it. */
  clockRead: boolean;
}

/**
 * Variables the Pulumi runtime sets in the program's own process (config, stack, engine
 * addresses): their values come from the job, which keys the cache already.
 */
const ENGINE_VARIABLE = /^PULUMI_/;

type AnyFunction = (...args: never[]) => unknown;

/**
 * Installed packages (and the bundles cached beside them) are inputs of the key already: npm's
 * lock of node_modules and the content of every bundled source. Module loading reads them by the
 * thousand; fingerprinting each would cost more than the run.
 */
const isInstalledPackage = (path: string) => path.includes(`${sep}node_modules${sep}`);

function toPath(path: unknown): string | undefined {
  if (typeof path === 'string') return resolve(path);
  if (path instanceof URL) return path.protocol === 'file:' ? fileURLToPath(path) : undefined;
  if (Buffer.isBuffer(path)) return resolve(path.toString());
  return undefined;
}

/** The encoding a readFile call asked for, and whether it asked for anything but a plain read. */
function readOptions(options: unknown): { encoding?: BufferEncoding; plain: boolean } {
  if (options === undefined || options === null) return { plain: true };
  if (typeof options === 'string') return { encoding: options as BufferEncoding, plain: true };
  const { encoding, flag, ...rest } = options as { encoding?: BufferEncoding | null; flag?: string };
  return { ...(encoding ? { encoding } : {}), plain: (flag === undefined || flag === 'r') && Object.keys(rest).every((key) => key === 'signal') };
}

/** Starts recording; `stop` restores `fs`, `process.env` and `Date` and returns what was read. */
export function recordDependencies(): { stop(): RecordedDependencies } {
  const recorded: RecordedDependencies = { reads: {}, env: {}, untracked: [], clockRead: false };
  const original: FingerprintFs & Record<string, AnyFunction> = {
    readFileSync: fs.readFileSync,
    readdirSync: fs.readdirSync,
    statSync: fs.statSync,
    lstatSync: fs.lstatSync,
    existsSync: fs.existsSync,
    accessSync: fs.accessSync,
    openSync: fs.openSync,
    createReadStream: fs.createReadStream,
    opendirSync: fs.opendirSync,
    readFile: fs.readFile,
    readdir: fs.readdir,
    stat: fs.stat,
    open: fs.open,
  } as never;
  const originalPromises = { ...fs.promises } as unknown as Record<string, AnyFunction>;

  const note = (kind: ReadKind, path: string, value: string) => {
    if (isInstalledPackage(path)) return;
    // The first read counts: what the program saw first is what it computed from.
    recorded.reads[`${kind}:${path}`] ??= value;
  };
  // Node's own fs functions call each other (readFileSync opens the file): while the recorder
  // fingerprints a path, the calls it makes are its own, not the program's.
  let fingerprinting = false;
  const untracked = (what: string) => {
    if (!fingerprinting) recorded.untracked.push(what);
  };
  const observe = (kind: ReadKind, path: unknown) => {
    if (fingerprinting) return;
    const absolute = toPath(path);
    if (absolute === undefined) untracked(`a ${kind} read of ${String(path)}`);
    else if (!isInstalledPackage(absolute)) {
      fingerprinting = true;
      try {
        note(kind, absolute, fingerprint(original, kind, absolute));
      } finally {
        fingerprinting = false;
      }
    }
  };
  /** Opening a file to read it (Node's module loader does, for every module): a read of its content. */
  const opening =
    (name: string, call: AnyFunction) =>
    (path: unknown, flags?: unknown, ...rest: unknown[]) => {
      if (flags === undefined || flags === 'r' || flags === fs.constants.O_RDONLY) observe('file', path);
      else untracked(`${name}(${String(path)}, ${String(flags)})`);
      return call(path as never, flags as never, ...(rest as never[]));
    };

  const readFileSync = (path: unknown, options?: unknown) => {
    const absolute = toPath(path);
    const { encoding, plain } = readOptions(options);
    if (absolute === undefined || !plain) {
      untracked(`readFileSync(${String(path)})`);
      return (original.readFileSync as AnyFunction)(path as never, options as never);
    }
    if (fingerprinting) return (original.readFileSync as AnyFunction)(path as never, options as never);
    let content: Buffer;
    try {
      fingerprinting = true;
      content = original.readFileSync(absolute);
    } catch (error) {
      fingerprinting = false;
      observe('file', absolute);
      throw error;
    } finally {
      fingerprinting = false;
    }
    note('file', absolute, fileFingerprint(content));
    return encoding ? content.toString(encoding) : content;
  };
  const readFilePromise = async (path: unknown, options?: unknown) => {
    const absolute = toPath(path);
    const { encoding, plain } = readOptions(options);
    if (absolute === undefined || !plain) {
      untracked(`readFile(${String(path)})`);
      return originalPromises.readFile!(path as never, options as never);
    }
    let content: Buffer;
    try {
      content = (await originalPromises.readFile!(absolute as never)) as Buffer;
    } catch (error) {
      observe('file', absolute);
      throw error;
    }
    note('file', absolute, fileFingerprint(content));
    return encoding ? content.toString(encoding) : content;
  };
  /** Calls the original, then records the path it looked at (also when it throws). */
  const observing =
    (kind: ReadKind, call: AnyFunction, recursiveUntracked = false) =>
    (path: unknown, ...rest: unknown[]) => {
      if (recursiveUntracked && (rest[0] as { recursive?: boolean } | undefined)?.recursive) untracked(`a recursive listing of ${String(path)}`);
      else observe(kind, path);
      return call(path as never, ...(rest as never[]));
    };
  const refusing = (name: string, call: AnyFunction) => (...args: unknown[]) => {
    untracked(`${name}(${String(args[0])})`);
    return call(...(args as never[]));
  };

  const patches: [Record<string, unknown>, string, unknown][] = [
    [fs, 'readFileSync', readFileSync],
    [fs, 'readdirSync', observing('dir', original.readdirSync as AnyFunction, true)],
    [fs, 'statSync', observing('stat', original.statSync as AnyFunction)],
    [fs, 'lstatSync', observing('stat', original.lstatSync!)],
    [fs, 'existsSync', observing('stat', original.existsSync!)],
    [fs, 'accessSync', observing('stat', original.accessSync!)],
    [fs, 'openSync', opening('openSync', original.openSync!)],
    [fs, 'createReadStream', refusing('createReadStream', original.createReadStream!)],
    [fs, 'opendirSync', refusing('opendirSync', original.opendirSync!)],
    [fs, 'readFile', refusing('readFile', original.readFile!)],
    [fs, 'readdir', refusing('readdir', original.readdir!)],
    [fs, 'stat', refusing('stat', original.stat!)],
    [fs, 'open', opening('open', original.open!)],
    [fs.promises, 'readFile', readFilePromise],
    [fs.promises, 'readdir', observing('dir', originalPromises.readdir!, true)],
    [fs.promises, 'stat', observing('stat', originalPromises.stat!)],
    [fs.promises, 'lstat', observing('stat', originalPromises.lstat!)],
    [fs.promises, 'access', observing('stat', originalPromises.access!)],
    [fs.promises, 'open', opening('open', originalPromises.open!)],
    [fs.promises, 'opendir', refusing('opendir', originalPromises.opendir!)],
  ];
  const saved = patches.map(([target, name]) => [target, name, target[name]] as const);
  for (const [target, name, replacement] of patches) target[name] = replacement;
  // ES modules that imported these names see the patched functions only after this.
  syncBuiltinESMExports();

  const realEnv = process.env;
  const noteVariable = (key: string | symbol) => {
    if (typeof key === 'string' && !ENGINE_VARIABLE.test(key) && !(key in recorded.env)) recorded.env[key] = realEnv[key] ?? null;
  };
  process.env = new Proxy(realEnv, {
    get(target, key) {
      noteVariable(key);
      return Reflect.get(target, key);
    },
    has(target, key) {
      noteVariable(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      untracked('the whole environment (process.env enumerated)');
      return Reflect.ownKeys(target);
    },
  });

  const RealDate = Date;
  const markClock = () => (recorded.clockRead = true);
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      if (args.length === 0) markClock();
      return Reflect.construct(target, args, newTarget) as object;
    },
    apply() {
      markClock();
      return RealDate();
    },
    get(target, key, receiver) {
      if (key === 'now') {
        return () => {
          markClock();
          return RealDate.now();
        };
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });

  return {
    stop() {
      for (const [target, name, value] of saved) target[name] = value;
      syncBuiltinESMExports();
      process.env = realEnv;
      globalThis.Date = RealDate;
      return recorded;
    },
  };
}
