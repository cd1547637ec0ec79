// `npm run bench`: affected-only builds on a synthetic workspace of 100 apps and 20 libs.
// Builds the workspace in a temp dir (sharing this repo's node_modules), commits it, then for a
// one-app change and a one-lib change measures `nx show projects --affected` and compares
// `nx affected -t test` with `nx run-many -t test`, both without cache, in the same run.
// Results are appended to BENCHMARKS.md with the date and machine.
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT, publishBenchmark } from './benchmarks-file.js';

const APPS = 100;
const LIBS = 20;
const ENV = { CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };

// A fixed-seed generator, so every run builds the same dependency graph.
let seed = 7;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(items: T[], count: number) => [...items].sort(() => random() - 0.5).slice(0, count);

async function write(root: string, path: string, content: string) {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}

/** Libs form layers (each may use up to two earlier libs); apps use one to three libs. */
async function buildWorkspace(root: string) {
  const libs = Array.from({ length: LIBS }, (_, i) => `lib-${String(i).padStart(2, '0')}`);
  const apps = Array.from({ length: APPS }, (_, i) => `app-${String(i).padStart(3, '0')}`);
  const nxJson = JSON.parse(await readFile(join(REPO_ROOT, 'nx.json'), 'utf8'));
  await write(root, 'nx.json', JSON.stringify(nxJson, null, 2));
  await write(root, 'package.json', JSON.stringify({ name: 'synthetic', private: true, type: 'module' }, null, 2));
  const paths = Object.fromEntries(libs.map((lib) => [`@synthetic/${lib}`, [`libs/${lib}/src/index.ts`]]));
  // Synthetic libs are not npm workspaces, so vitest resolves them through aliases instead.
  const alias = Object.fromEntries(libs.map((lib) => [`@synthetic/${lib}`, `${root}/libs/${lib}/src/index.ts`]));
  await write(root, 'vitest.config.ts', `export default { resolve: { alias: ${JSON.stringify(alias)} } };\n`);
  const base = JSON.parse(await readFile(join(REPO_ROOT, 'tsconfig.base.json'), 'utf8'));
  base.compilerOptions.paths = paths;
  await write(root, 'tsconfig.base.json', JSON.stringify(base, null, 2));

  const project = (name: string, type: 'app' | 'lib', deps: string[]) => {
    const folder = `${type}s/${name}`;
    const imports = deps.map((d, i) => `import { value as v${i} } from '@synthetic/${d}';`).join('\n');
    const sum = ['1', ...deps.map((_, i) => `v${i}`)].join(' + ');
    return Promise.all([
      write(root, `${folder}/project.json`, JSON.stringify({ name, projectType: type === 'app' ? 'application' : 'library', tags: [`type:${type}`, 'scope:shared'], targets: { test: {} } })),
      write(root, `${folder}/src/index.ts`, `${imports}\nexport const value = ${sum};\n`),
      write(root, `${folder}/src/index.test.ts`, `import { expect, it } from 'vitest';\nimport { value } from './index.js';\nit('computes', () => expect(value).toBeGreaterThan(0));\n`),
    ]);
  };
  await Promise.all(libs.map((lib, i) => project(lib, 'lib', pick(libs.slice(0, i), Math.min(i, Math.floor(random() * 3))))));
  await Promise.all(apps.map((app) => project(app, 'app', pick(libs, 1 + Math.floor(random() * 3)))));
  await symlink(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  await write(root, '.gitignore', 'node_modules\n.nx\n');
  const git = (args: string[]) => execa('git', args, { cwd: root });
  await git(['init', '-q', '-b', 'main']);
  await git(['add', '-A']);
  await git(['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'base']);
  return { libs, apps };
}

async function timed(root: string, args: string[]) {
  const started = performance.now();
  const result = await execa(join(root, 'node_modules/.bin/nx'), args, { cwd: root, env: ENV });
  return { seconds: (performance.now() - started) / 1000, stdout: String(result.stdout) };
}

async function measureChange(root: string, label: string, file: string) {
  await execa('git', ['checkout', '-q', '-B', label, 'main'], { cwd: root });
  await writeFile(join(root, file), (await readFile(join(root, file), 'utf8')) + '// change\n');
  await execa('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-qam', label], { cwd: root });
  const range = ['--base=main', '--head=HEAD'];
  const show = await timed(root, ['show', 'projects', '--affected', ...range, '--json']);
  const affected = (JSON.parse(show.stdout) as string[]).length;
  const affectedTest = await timed(root, ['affected', '-t', 'test', ...range, '--skip-nx-cache', '--outputStyle=static', '--parallel=2']);
  return { label, showSeconds: show.seconds, affected, affectedTestSeconds: affectedTest.seconds };
}

async function main() {
  const root = await mkdtemp(join(tmpdir(), 'workbench-bench-'));
  try {
    process.stdout.write(`building synthetic workspace (${APPS} apps, ${LIBS} libs) in ${root}\n`);
    const { libs, apps } = await buildWorkspace(root);
    const total = libs.length + apps.length;
    process.stdout.write('measuring one-app change\n');
    const appChange = await measureChange(root, 'one-app', `apps/${apps[42]}/src/index.ts`);
    process.stdout.write('measuring one-lib change\n');
    const libChange = await measureChange(root, 'one-lib', `libs/${libs[5]}/src/index.ts`);
    process.stdout.write('measuring full run-many baseline\n');
    await execa('git', ['checkout', '-q', 'main'], { cwd: root });
    const full = await timed(root, ['run-many', '-t', 'test', '--skip-nx-cache', '--outputStyle=static', '--parallel=2']);
    const rows = [appChange, libChange].map(
      (c) =>
        `| ${c.label} change | ${c.showSeconds.toFixed(2)} s | ${c.affected} / ${total} | ${c.affectedTestSeconds.toFixed(1)} s | ${full.seconds.toFixed(1)} s | ${(full.seconds / c.affectedTestSeconds).toFixed(1)}× |`,
    );
    await publishBenchmark({
      title: `Affected-only on a synthetic workspace (${APPS} apps, ${LIBS} libs)`,
      method: `Nx without daemon or cache; tests run with \`--parallel=2\`.`,
      columns: ['change', '`nx show projects --affected`', 'projects affected', '`nx affected -t test`', '`nx run-many -t test` (baseline, same run)', 'speed-up'],
      rows,
    });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

await main();
