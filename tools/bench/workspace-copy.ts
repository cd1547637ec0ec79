// A copy of this workspace for benchmarks that drive the real commands, optionally grown by
// synthetic Nx apps pinned in staging and rendered.
import { cp, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stackFilePath } from '@workbench/stack-config';
import { execa } from 'execa';
import { setReleasePins } from '../../libs/stack-config/src/index.js';
import { REPO_ROOT } from './benchmarks-file.js';
import { syntheticWorkload, withSyntheticQuota } from './synthetic-apps.js';

export const ENV = { CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0' };

/** The working tree's files (tracked and untracked, not ignored) in a temp folder, sharing the installed packages. */
export async function copyOfRepo(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'workbench-bench-'));
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

/** `count` minimal Nx apps (a workload.yaml, a README, a Dockerfile, code importing a lib), pinned in staging, then projen and the staging render. */
export async function addSyntheticApps(dir: string, count: number): Promise<void> {
  const pins: Record<string, { image: string; tag: string; commit: string }> = {};
  for (let i = 0; i < count; i++) {
    const app = `synthetic-${String(i).padStart(3, '0')}`;
    const customer = `customer-${i % 10}`;
    await mkdir(join(dir, 'apps', app, 'src'), { recursive: true });
    await writeFile(join(dir, 'apps', app, 'workload.yaml'), syntheticWorkload(i, app));
    await writeFile(join(dir, 'apps', app, 'project.json'), JSON.stringify({ name: app, projectType: 'application', tags: ['type:app', `scope:${customer}`], targets: {} }));
    await writeFile(join(dir, 'apps', app, 'src', 'index.ts'), "import { loadConfig } from '@workbench/platform-sdk';\nexport const config = loadConfig;\n");
    await writeFile(join(dir, 'apps', app, 'README.md'), `# ${app}\n\nSynthetic app ${i} of ${customer}.\n\n## Run it\n\n\`npm start\`\n`);
    await writeFile(join(dir, 'apps', app, 'Dockerfile'), 'FROM node:24-bookworm-slim AS build\nFROM node:24-bookworm-slim\nUSER 1000:1000\n');
    pins[app] = { image: `ghcr.io/workbench/${app}`, tag: 'sha-0123456789ab', commit: '0123456789abcdef0123456789abcdef01234567' };
  }
  const stack = join(dir, stackFilePath('staging'));
  await writeFile(stack, setReleasePins(withSyntheticQuota(await readFile(stack, 'utf8')), pins));
  await execa(join(dir, 'node_modules/.bin/projen'), [], { cwd: dir, env: ENV });
  await execa(join(dir, 'node_modules/.bin/workbench'), ['render', '--env', 'staging'], { cwd: dir, env: ENV });
}
