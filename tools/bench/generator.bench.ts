import './without-render-cache.js';
import { stackFilePath } from '@workbench/stack-config';
// `npm run bench:generator`: wall time from `nx g @workbench/nx-plugin:customer-app` (which
// re-runs projen and the staging render) to a validated staging render of the new app, in a
// copy of this workspace and in the same workspace with 100 synthetic apps added. Appends to
// BENCHMARKS.md.
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT, publishBenchmark } from './benchmarks-file.js';
import { setReleasePins } from '../../libs/stack-config/src/index.js';
import { syntheticWorkload, withSyntheticQuota } from './synthetic-apps.js';

const ENV = { CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };

async function copyOfRepo(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'workbench-gen-bench-'));
  const { stdout } = await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO_ROOT });
  for (const file of stdout.split('\0').filter(Boolean)) {
    await mkdir(dirname(join(dir, file)), { recursive: true });
    await cp(join(REPO_ROOT, file), join(dir, file)).catch(() => undefined);
  }
  for (const folder of ['.', 'tools/workbench', 'libs/workload-spec']) {
    await symlink(join(REPO_ROOT, folder, 'node_modules'), join(dir, folder, 'node_modules'), 'dir').catch(() => undefined);
  }
  return dir;
}

/** 100 minimal Nx apps with workload.yaml files, pinned in staging and rendered, as a baseline. */
async function addSyntheticApps(dir: string, count: number) {
  const pins: Record<string, { image: string; tag: string; commit: string }> = {};
  for (let i = 0; i < count; i++) {
    const app = `synthetic-${String(i).padStart(3, '0')}`;
    const customer = `customer-${i % 10}`;
    await mkdir(join(dir, 'apps', app, 'src'), { recursive: true });
    await writeFile(join(dir, 'apps', app, 'workload.yaml'), syntheticWorkload(i, app));
    await writeFile(join(dir, 'apps', app, 'project.json'), JSON.stringify({ name: app, projectType: 'application', tags: ['type:app', `scope:${customer}`], targets: {} }));
    await writeFile(join(dir, 'apps', app, 'src', 'index.ts'), 'export const value = 1;\n');
    pins[app] = { image: `ghcr.io/workbench/${app}`, tag: 'sha-0123456789ab', commit: '0123456789abcdef0123456789abcdef01234567' };
  }
  const stack = join(dir, stackFilePath('staging'));
  await writeFile(stack, setReleasePins(withSyntheticQuota(await readFile(stack, 'utf8')), pins));
  await execa(join(dir, 'node_modules/.bin/projen'), [], { cwd: dir, env: ENV });
  await execa(join(dir, 'node_modules/.bin/workbench'), ['render', '--env', 'staging'], { cwd: dir, env: ENV });
}

async function measure(label: string, syntheticApps: number) {
  const dir = await copyOfRepo();
  try {
    if (syntheticApps) await addSyntheticApps(dir, syntheticApps);
    const started = performance.now();
    await execa(join(dir, 'node_modules/.bin/nx'), ['g', '@workbench/nx-plugin:customer-app', 'bench-scorer', '--customer', 'initech', '--kind', 'service', '--skip-install', '--no-interactive'], { cwd: dir, env: ENV });
    const generated = performance.now();
    await execa(join(dir, 'node_modules/.bin/workbench'), ['validate', '--env', 'staging'], { cwd: dir, env: ENV });
    const validated = performance.now();
    const rendered = await readFile(join(dir, 'environments/staging/apps/initech/deployment-bench-scorer.yaml'), 'utf8');
    if (!rendered.includes('bench-scorer')) throw new Error('the new app was not rendered');
    return { label, generateSeconds: (generated - started) / 1000, validateSeconds: (validated - generated) / 1000, totalSeconds: (validated - started) / 1000 };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const rows = [];
for (const [label, apps] of [['example workspace (3 apps)', 0], ['with 100 synthetic apps', 100]] as const) {
  process.stdout.write(`measuring: ${label} …\n`);
  const r = await measure(label, apps);
  rows.push(`| ${r.label} | ${r.generateSeconds.toFixed(1)} s | ${r.validateSeconds.toFixed(1)} s | ${r.totalSeconds.toFixed(1)} s |`);
}
await publishBenchmark({
  title: `New customer app: \`nx g\` to a validated render`,
  method: `\`nx g @workbench/nx-plugin:customer-app bench-scorer --customer initech --kind service --skip-install\` (writes the app, pins it in staging, re-runs projen and renders staging), then \`workbench validate --env staging\`.`,
  columns: ['workspace', '`nx g` incl. projen + render', 'validate staging', 'total'],
  rows,
});
