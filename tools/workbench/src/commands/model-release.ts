import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MlflowClient } from '@workbench/ml-sdk/mlflow-client';
import { releasableVersions } from '@workbench/ml-sdk/model-registry';
import { MODEL_RELEASE_ENVIRONMENT, setModelPins, stackFilePath } from '@workbench/stack-config';
import type { Environment } from '../environments.js';
import { planModelRelease, servedModels } from '../promote/plan-model-release.js';
import { readStackState } from '../promote/stack-state.js';
import { renderedFolders, renderToDisk } from '../render/render-to-disk.js';
import { commitOnBranch } from '../workspace/commit-on-branch.js';

export interface ModelReleaseOptions {
  repoRoot: string;
  env: Environment;
  mlflow: MlflowClient;
  push: boolean;
  branch?: string;
  /** Show what would be pinned and the files that would change; commit nothing. */
  dryRun?: boolean;
  out?: (line: string) => void;
}

export class ModelReleaseError extends Error {}

/**
 * `workbench model release staging`: pins, for every model a service serves, the newest version
 * MLflow registered past its bar, re-renders the environment and commits both, as `workbench
 * release` does for images, in a temporary worktree.
 */
export async function modelReleaseCommand(options: ModelReleaseOptions): Promise<{ commit?: string; pinned: string[] }> {
  const out = options.out ?? ((line: string) => process.stdout.write(line + '\n'));
  const { repoRoot, env } = options;
  if (env !== MODEL_RELEASE_ENVIRONMENT) {
    throw new ModelReleaseError(`models are released into ${MODEL_RELEASE_ENVIRONMENT}, where they are retrained and registered; ${env} gets them by promotion: workbench promote ${MODEL_RELEASE_ENVIRONMENT} ${env} --model <customer>-<model>`);
  }
  const served = servedModels(repoRoot);
  if (served.length === 0) {
    out('No service in apps/ declares the model it serves (model: in workload.yaml): nothing to release.');
    return { pinned: [] };
  }
  const state = await readStackState(repoRoot, env, 'HEAD');
  const readings = Object.fromEntries(
    await Promise.all(
      served.map(async (model) => {
        out(`Reading ${model.registeredModel} from the MLflow registry…`);
        return [model.registeredModel, await releasableVersions(options.mlflow, model.registeredModel)] as const;
      }),
    ),
  );
  const plan = planModelRelease({ served, current: state.models, holds: state.holds, readings });
  for (const { model, line } of plan.report) out(`${model}: ${line}`);
  const pinned = Object.keys(plan.pins);
  if (pinned.length === 0) {
    out(`Nothing to release into ${env}.`);
    return { pinned };
  }
  const stackPath = stackFilePath(env);
  const branch = options.branch ?? 'main';
  const summary = pinned.map((name) => `${name} ${plan.pins[name]!.version}`).join(', ');
  const result = await commitOnBranch({
    repoRoot,
    branch,
    landing: options.dryRun ? { push: false, localBranch: false } : options.push ? { push: true, remote: 'origin' } : { push: false, localBranch: true },
    bot: 'workbench-model-release',
    message: `release(${env}): model ${summary} [skip ci]\n\n${pinned.map((name) => `${name}: version ${plan.pins[name]!.version}, sha256 ${plan.pins[name]!.sha256}`).join('\n')}\n`,
    out,
    async apply(dir) {
      const stackFile = join(dir, stackPath);
      await writeFile(stackFile, setModelPins(await readFile(stackFile, 'utf8'), plan.pins));
      const rendered = await renderToDisk(dir, [env], out);
      if (!rendered.ok) throw new ModelReleaseError(`rendering ${env} with the new model pins failed; nothing was committed:\n${rendered.problems.map((line) => `  ${line}`).join('\n')}`);
      return [stackPath, ...renderedFolders(env)];
    },
  });
  if (options.dryRun) {
    out(`Dry run: would pin ${summary} in ${stackPath} and commit on ${branch}; changed files:`);
    for (const file of result.files) out(`  ${file}`);
    return { pinned };
  }
  if (!result.commit) {
    out(`${env} already serves ${summary}: nothing to commit.`);
    return { pinned: [] };
  }
  out(`Pinned ${summary} in ${stackPath}, re-rendered environments/${env}, committed ${result.commit.slice(0, 12)} on ${branch}.`);
  return { commit: result.commit, pinned };
}
