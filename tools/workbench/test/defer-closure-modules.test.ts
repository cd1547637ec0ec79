import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cachedBundle } from '../src/engine/bundle.js';
import { DEFERRED_MODULES } from '../src/engine/defer-closure-modules.js';

// Every program process starts with defer-closure-modules.ts preloaded: the SDK gets stand-ins
// for the modules it needs only to serialize functions. A stand-in must behave as the module, so
// a program that serializes a function still can, and the SDK must import each as declared.

const PRELOAD = fileURLToPath(new URL('../src/engine/defer-closure-modules.ts', import.meta.url));
const sdkRequire = createRequire(fileURLToPath(new URL('../../../platform/package.json', import.meta.url)));
const SDK_DIR = dirname(sdkRequire.resolve('@pulumi/pulumi/package.json'));

function sdkFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'vendor' ? [] : sdkFiles(path);
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

/** Runs a CommonJS script in a Node process the way program processes start: the bundled preload first, no tsx. */
async function runWithPreload(script: string, cwd: string): Promise<unknown> {
  const { dir } = await cachedBundle({ entries: { preload: PRELOAD }, outRoot: join(cwd, 'bundle') });
  const out = execFileSync(process.execPath, ['--import', pathToFileURL(join(dir, 'preload.mjs')).href, '-e', script], { cwd, encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1)!);
}

describe('modules the SDK loads only to serialize functions', () => {
  it('are imported by the installed SDK exactly as the stand-ins assume', () => {
    const imports = new Map<string, Set<string>>(Object.keys(DEFERRED_MODULES).map((name) => [name, new Set()]));
    for (const file of sdkFiles(SDK_DIR)) {
      const source = readFileSync(file, 'utf8');
      for (const name of imports.keys()) {
        for (const match of source.matchAll(new RegExp(`(__importDefault|__importStar)?\\(?require\\("${name.replace('/', '\\/')}"\\)`, 'g'))) {
          imports.get(name)!.add(match[1] ?? 'require');
        }
      }
    }
    expect(Object.fromEntries([...imports].map(([name, how]) => [name, [...how]]))).toEqual(
      Object.fromEntries(Object.entries(DEFERRED_MODULES).map(([name, how]) => [name, [how]])),
    );
    // __importDefault's stand-in says the module is CommonJS; it must be.
    for (const [name, how] of Object.entries(DEFERRED_MODULES)) {
      if (how === '__importDefault') expect((sdkRequire(name) as { __esModule?: boolean }).__esModule).toBeFalsy();
    }
  });

  it('are not loaded with the SDK, and load when a program serializes a function', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'workbench-defer-'));
    try {
      await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'serialized', version: '1.0.0', dependencies: {} }));
      const loadedNow = `Object.keys(require.cache).filter((f) => /node_modules\\/(typescript|@npmcli\\/arborist|normalize-package-data)\\//.test(f)).map((f) => f.match(/node_modules\\/(typescript|@npmcli\\/arborist|normalize-package-data)\\//)[1])`;
      const result = (await runWithPreload(
        `const pulumi = require(${JSON.stringify(SDK_DIR)});
         const before = [...new Set(${loadedNow})];
         (async () => {
           const serialized = await pulumi.runtime.serializeFunction(() => 6 * 7);
           const paths = await pulumi.runtime.computeCodePaths({ extraIncludePaths: [] });
           console.log(JSON.stringify({ before, after: [...new Set(${loadedNow})].sort(), text: serialized.text, paths: paths instanceof Map }));
         })();`,
        dir,
      )) as { before: string[]; after: string[]; text: string; paths: boolean };
      expect(result.before).toEqual([]);
      expect(result.text).toContain('6 * 7');
      expect(result.paths).toBe(true);
      expect(result.after).toEqual(['@npmcli/arborist', 'normalize-package-data', 'typescript']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
