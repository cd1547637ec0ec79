import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Environment } from '../environments.js';
import { COMMIT_SHA, IMAGE_TAG, readDigest, REGISTRY_PREFIX, type ReleasePin, setReleasePins, stackFilePath } from '@workbench/stack-config';
import { renderedFolders, renderToDisk } from '../render/render-to-disk.js';
import { commitOnBranch } from '../workspace/commit-on-branch.js';

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
 * commits both on the branch (pushing when asked), in a temporary worktree: the checkout it runs
 * in is never touched. Everything is checked before anything is written.
 */
export async function releaseCommand(options: ReleaseOptions): Promise<{ commit?: string }> {
  const out = options.out ?? ((line: string) => process.stdout.write(line + '\n'));
  const { repoRoot, env } = options;
  if (options.apps.length === 0) {
    out('Nothing to release: no deployable app is affected.');
    return {};
  }
  check(IMAGE_TAG.test(options.tag) && options.tag !== 'latest', `--tag "${options.tag}" is not an image tag such as sha-3f2a9c1d0e4b (and never latest)`);
  check(COMMIT_SHA.test(options.commit), `--commit "${options.commit}" must be a full 40-character commit SHA`);
  check(REGISTRY_PREFIX.test(options.registry), `--registry "${options.registry}" must be a registry and path such as 123456789012.dkr.ecr.eu-west-1.amazonaws.com/workbench`);
  for (const app of options.apps) {
    check(existsSync(join(repoRoot, 'apps', app, 'workload.yaml')), `--apps: "${app}" is not an app in apps/ (no apps/${app}/workload.yaml)`);
  }
  const stackPath = stackFilePath(env);
  const pins: Record<string, ReleasePin> = {};
  for (const app of [...options.apps].sort()) {
    const digest = await readDigest(options.digestsDir, app);
    pins[app] = { image: `${options.registry}/${app}`, tag: options.tag, ...(digest ? { digest } : {}), commit: options.commit };
  }
  const branch = options.branch ?? 'main';
  const result = await commitOnBranch({
    repoRoot,
    branch,
    landing: options.push ? { push: true, remote: 'origin' } : { push: false, localBranch: true },
    bot: 'workbench-release',
    message: `release(${env}): ${options.apps.join(', ')} at ${options.tag} [skip ci]\n\nSource commit: ${options.commit}\n`,
    out,
    async apply(dir) {
      const stackFile = join(dir, stackPath);
      await writeFile(stackFile, setReleasePins(await readFile(stackFile, 'utf8'), pins));
      const rendered = await renderToDisk(dir, [env], out);
      if (!rendered.ok) throw new ReleaseError(`rendering ${env} with the new pins failed; nothing was committed:\n${rendered.problems.map((line) => `  ${line}`).join('\n')}`);
      return [stackPath, ...renderedFolders(env)];
    },
  });
  if (!result.commit) {
    out(`${env} already runs ${options.tag} of ${options.apps.join(', ')}: nothing to commit.`);
    return {};
  }
  out(`Pinned ${options.apps.join(', ')} at ${options.tag} in ${stackPath}, re-rendered environments/${env}, committed ${result.commit.slice(0, 12)} on ${branch}.`);
  return { commit: result.commit };
}
