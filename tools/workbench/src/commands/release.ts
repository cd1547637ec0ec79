import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { botIdentity, git, gitSucceeds } from '../ci/git.js';
import type { Environment } from '../environments.js';
import { readDigest, type ReleasePin, setReleasePins } from '@workbench/stack-config';
import { renderToDisk } from '../render/render-to-disk.js';

export interface ReleaseOptions {
  repoRoot: string;
  env: Environment;
  apps: string[];
  tag: string;
  commit: string;
  /** Image repository prefix; each app's image is `<registry>/<app>`. */
  registry: string;
  digestsDir?: string;
  push: boolean;
  branch?: string;
  out?: (line: string) => void;
}

export class ReleaseError extends Error {}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ReleaseError(message);
}

/**
 * Pins the released versions in the environment's stack config, re-renders the environment and
 * commits both (pushing when asked). Everything is checked before anything is written; a render
 * failure puts the stack file back.
 */
export async function releaseCommand(options: ReleaseOptions): Promise<{ commit?: string }> {
  const out = options.out ?? ((line: string) => process.stdout.write(line + '\n'));
  const { repoRoot, env } = options;
  if (options.apps.length === 0) {
    out('Nothing to release: no deployable app is affected.');
    return {};
  }
  check(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(options.tag) && options.tag !== 'latest', `--tag "${options.tag}" is not an image tag such as sha-3f2a9c1d0e4b (and never latest)`);
  check(/^[0-9a-f]{40}$/.test(options.commit), `--commit "${options.commit}" must be a full 40-character commit SHA`);
  check(/^[a-z0-9.-]+(:[0-9]+)?(\/[a-z0-9._-]+)*$/.test(options.registry), `--registry "${options.registry}" must be a registry and path such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/workbench`);
  for (const app of options.apps) {
    check(existsSync(join(repoRoot, 'apps', app, 'workload.yaml')), `--apps: "${app}" is not an app in apps/ (no apps/${app}/workload.yaml)`);
  }
  const stackPath = `platform/workloads/Pulumi.${env}.yaml`;
  const dirty = await git(repoRoot, ['status', '--porcelain', '--', stackPath, `environments/${env}`]);
  check(dirty === '', `${stackPath} or environments/${env} has uncommitted changes; commit or discard them first:\n${dirty}`);

  const pins: Record<string, ReleasePin> = {};
  for (const app of [...options.apps].sort()) {
    const digest = await readDigest(options.digestsDir, app);
    pins[app] = { image: `${options.registry}/${app}`, tag: options.tag, ...(digest ? { digest } : {}), commit: options.commit };
  }
  const stackFile = join(repoRoot, stackPath);
  const original = await readFile(stackFile, 'utf8');
  await writeFile(stackFile, setReleasePins(original, pins));
  const rendered = await renderToDisk(repoRoot, [env], out);
  if (!rendered.ok) {
    for (const line of rendered.problems) out(`  ${line}`);
    await writeFile(stackFile, original);
    throw new ReleaseError(`rendering ${env} with the new pins failed; ${stackPath} is unchanged`);
  }

  await git(repoRoot, ['add', '--', stackPath, `environments/${env}`]);
  if (await gitSucceeds(repoRoot, ['diff', '--cached', '--quiet'])) {
    out(`${env} already runs ${options.tag} of ${options.apps.join(', ')}: nothing to commit.`);
    return {};
  }
  const message = `release(${env}): ${options.apps.join(', ')} at ${options.tag} [skip ci]\n\nSource commit: ${options.commit}\n`;
  await git(repoRoot, [...(await botIdentity(repoRoot, 'workbench-release')), 'commit', '-q', '-m', message]);
  const commit = await git(repoRoot, ['rev-parse', 'HEAD']);
  out(`Pinned ${options.apps.join(', ')} at ${options.tag} in ${stackPath}, re-rendered environments/${env}, committed ${commit.slice(0, 12)}.`);
  if (options.push) await pushWithRebase(repoRoot, options.branch ?? 'main', out);
  return { commit };
}

/** Pushes; when main moved meanwhile, rebases onto it and tries again (three times). */
async function pushWithRebase(repoRoot: string, branch: string, out: (line: string) => void): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    if (await gitSucceeds(repoRoot, ['push', 'origin', `HEAD:${branch}`])) {
      out(`Pushed to origin/${branch}.`);
      return;
    }
    out(`origin/${branch} moved; rebasing and retrying (attempt ${attempt} of 3)`);
    await git(repoRoot, ['fetch', 'origin', branch]);
    await git(repoRoot, ['rebase', `origin/${branch}`]);
  }
  throw new ReleaseError(`could not push to origin/${branch} after 3 attempts; the release commit is local: push it by hand`);
}
