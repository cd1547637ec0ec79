// First: validate runs the policy pack in this process, which loads the SDK here too.
import './engine/defer-closure-modules.js';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
// Commands load their modules when they run: `--help` and a render do not pay for projen,
// the TypeScript compiler or Octokit's plugins they never use.
import { Command, InvalidArgumentError, Option } from 'commander';
import { createGitHubClient, describeGitHubError, GITHUB_ENVIRONMENT_HELP, MissingCredentialsError, requireGitHubCredentials } from './adapters/github.js';
import { type Environment, selectEnvironments, UsageError, ALL_ENVIRONMENTS } from './environments.js';
import { registerLabCommands } from './lab-cli.js';
import { LabInputError } from './labs/lab-input.js';
import { findRepoRoot } from './repo-root.js';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command()
  .name('workbench')
  .version(version, '-V, --version', 'print the workbench version')
  // Program options only before the command: `promote … --version <tag>` is promote's own option.
  .enablePositionalOptions()
  .description('Render, validate and diff the environments Flux deploys, from the Pulumi programs in platform/; promote releases; run training labs')
  .showHelpAfterError()
  // One convention for every command: 2 when the command line is wrong (commander's own errors
  // included: an unknown option, a missing argument), 1 when the work fails, 0 for help.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

const envOption = () =>
  new Option('--env <env...>', `environments to work on (default: all of ${ALL_ENVIRONMENTS.join(', ')})`);

program
  .command('render')
  .description(
    'render environments/<env>/ from platform/workloads and apps/*/workload.yaml, and plan the cloud program (platform/cloud) into environments/cloud/<stack>/inventory.yaml, checked by the policy pack; atomically',
  )
  .addOption(envOption())
  .option('--check', 'write nothing; exit 1 listing every stale, missing or hand-edited file', false)
  .option('--no-cloud', 'skip the cloud program: render only the Kubernetes objects')
  .option('--no-cache', 'run every program, even one whose inputs are all unchanged since a run kept in node_modules/.cache/workbench-render (also: WORKBENCH_RENDER_CACHE=off)')
  .action(async (options: { env?: string[]; check: boolean; cloud: boolean; cache: boolean }) => {
    // A variable rather than an option passed down: the render reads it wherever the engine is reached.
    if (!options.cache) process.env.WORKBENCH_RENDER_CACHE = 'off';
    const { renderCommand } = await import('./commands/render.js');
    const summary = await renderCommand({ repoRoot: findRepoRoot(), environments: selectEnvironments(options.env), check: options.check, cloud: options.cloud });
    process.exitCode = summary.ok ? 0 : 1;
  });

program
  .command('validate')
  .description('check rendered manifests: strict schemas (Kubernetes, Flux, cert-manager, external-secrets, prometheus-operator, spark-operator), kustomize builds, and policy')
  .addOption(envOption())
  .option(
    '--no-cache',
    'check every environment and plan, and build every manifest file with kustomize, even those whose exact bytes already passed, as kept in node_modules/.cache/workbench-validate (also: WORKBENCH_VALIDATE_CACHE=off)',
  )
  .action(async (options: { env?: string[]; cache: boolean }) => {
    if (!options.cache) process.env.WORKBENCH_VALIDATE_CACHE = 'off';
    const { validateCommand } = await import('./commands/validate.js');
    const summary = await validateCommand({ repoRoot: findRepoRoot(), environments: selectEnvironments(options.env) });
    process.exitCode = summary.ok ? 0 : 1;
  });

program
  .command('diff')
  .description('show, object by object, what rendering the working tree (or --head) changes in each environment compared with a git revision')
  .addOption(envOption())
  .option('--base <rev>', 'git revision to compare with', 'HEAD')
  .option('--head <rev>', 'render this commit (in a temporary worktree) instead of the working tree')
  .addOption(new Option('--format <format>', 'output format').choices(['terminal', 'markdown']).default('terminal'))
  .option('--exit-code', 'exit 1 when there are changes (like git diff --exit-code)', false)
  .action(async (options: { env?: string[]; base: string; head?: string; format: 'terminal' | 'markdown'; exitCode: boolean }) => {
    const { diffCommand } = await import('./commands/diff.js');
    const result = await diffCommand({
      repoRoot: findRepoRoot(),
      environments: selectEnvironments(options.env),
      base: options.base,
      head: options.head,
      format: options.format,
      color: process.stdout.isTTY && !process.env.NO_COLOR,
    });
    const changed = result.diffs.some((d) => d.changes.length > 0);
    process.exitCode = !result.ok ? 2 : options.exitCode && changed ? 1 : 0;
  });

const ci = program.command('ci').description('commands the generated workflows call; each is one step');

ci.command('drift')
  .description('fail when .github/ or other projen-generated files differ from what .projenrc.ts generates')
  .action(async () => {
    const { checkProjenDrift, formatProjenDrift } = await import('./ci/projen-drift.js');
    const drift = await checkProjenDrift(findRepoRoot());
    const lines = formatProjenDrift(drift);
    if (lines.length === 0) {
      process.stdout.write('Generated files are current with .projenrc.ts\n');
      return;
    }
    process.stderr.write(`Generated files are out of date:\n${lines.map((l) => `  ${l}`).join('\n')}\n\nFix: run \`npx projen\` and commit the result.\n`);
    process.exitCode = 1;
  });

ci.command('shas')
  .description('derive the base and head commits of this run (pull request: merge base; push: last successful release)')
  .addOption(new Option('--event <event>', 'what triggered the run').choices(['pull_request', 'push']).makeOptionMandatory())
  .option('--base-branch <branch>', 'pull requests: the branch they target', 'main')
  .option('--workflow <file>', 'pushes: the workflow whose successful runs mark released commits', 'release.yml')
  .option('--branch <branch>', 'pushes: the branch released from', 'main')
  .addHelpText('after', `${GITHUB_ENVIRONMENT_HELP}\n  (for --event push only)`)
  .action(async (options: { event: 'pull_request' | 'push'; baseBranch: string; workflow: string; branch: string }) => {
    const { pullRequestShas, pushShas } = await import('./ci/shas.js');
    const { setOutputs } = await import('./ci/actions-output.js');
    const repoRoot = findRepoRoot();
    const range =
      options.event === 'pull_request'
        ? await pullRequestShas(repoRoot, options.baseBranch)
        : await pushShas({ repoRoot, github: createGitHubClient(), ...requireGitHubCredentials(), workflow: options.workflow, branch: options.branch });
    process.stdout.write(`base ${range.base}\nhead ${range.head}\ntag  ${range.tag}\nwhy  ${range.reason}\n`);
    await setOutputs({ base: range.base, head: range.head, tag: range.tag }, { NX_BASE: range.base, NX_HEAD: range.head });
  });

ci.command('affected')
  .description('list the projects Nx counts affected between two commits, each with the reason')
  .requiredOption('--base <sha>', 'base commit')
  .requiredOption('--head <sha>', 'head commit')
  .option('--deployable', 'only apps CI builds images for', false)
  .option('--output <name>', 'also set the JSON list of names as this step output')
  .option('--json', 'print JSON instead of a table', false)
  .action(async (options: { base: string; head: string; deployable: boolean; output?: string; json: boolean }) => {
    const { affectedProjects } = await import('./ci/affected.js');
    const { setOutputs } = await import('./ci/actions-output.js');
    const all = await affectedProjects(findRepoRoot(), options.base, options.head);
    const selected = options.deployable ? all.filter((p) => p.deployable) : all;
    if (options.json) process.stdout.write(JSON.stringify(selected, null, 2) + '\n');
    else for (const p of selected) process.stdout.write(`${p.project.padEnd(28)} ${p.type.padEnd(9)} ${p.reason}\n`);
    if (options.output) await setOutputs({ [options.output]: JSON.stringify(selected.map((p) => p.project)) });
  });

ci.command('report')
  .description('write the pull-request report from two commits: affected projects with reasons, what merging does (releases, changes live at merge, required approvals), each environment\'s manifest diff')
  .requiredOption('--base <sha>', 'base commit')
  .requiredOption('--head <sha>', 'head commit')
  .requiredOption('--output <file>', 'where to write the Markdown')
  .action(async (options: { base: string; head: string; output: string }) => {
    const { ciReportCommand } = await import('./commands/ci-report.js');
    const { default: writeFileAtomic } = await import('write-file-atomic');
    const report = await ciReportCommand(findRepoRoot(), { base: options.base, head: options.head });
    await writeFileAtomic(options.output, report.body);
    process.stdout.write(`Wrote ${options.output}: ${report.affected} of ${report.total} projects affected\n`);
  });

ci.command('comment')
  .description('create the pull request\'s report comment, or update the one already there')
  .requiredOption('--pr <number>', 'pull request number', (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a pull request number such as 42');
    return n;
  })
  .requiredOption('--body-file <file>', 'the Markdown to post')
  .addHelpText('after', GITHUB_ENVIRONMENT_HELP)
  .action(async (options: { pr: number; bodyFile: string }) => {
    const { upsertComment } = await import('./ci/comment.js');
    const { REPORT_MARKER } = await import('./ci/pr-report.js');
    const repository = requireGitHubCredentials();
    const body = await readFile(options.bodyFile, 'utf8');
    const result = await upsertComment(createGitHubClient(), { ...repository, issueNumber: options.pr }, body, REPORT_MARKER);
    process.stdout.write(`Comment ${result.action}: ${result.url}\n`);
  });

program
  .command('release')
  .description('pin released app versions in an environment\'s stack config, re-render it, and commit on a branch — in a temporary worktree, never touching this checkout')
  .argument('<env>', `environment (${ALL_ENVIRONMENTS.join(', ')})`)
  .requiredOption('--apps <json>', 'JSON list of apps, as `workbench ci affected --output` writes it')
  .requiredOption('--tag <tag>', 'the image tag CI pushed, e.g. sha-3f2a9c1d0e4b')
  .requiredOption('--commit <sha>', 'the source commit the images were built from')
  .requiredOption('--registry <registry>', 'image repository prefix; images are <registry>/<app>')
  .option('--digests <dir>', 'folder with one file per app holding its image digest')
  .option('--push', 'push the commit to origin (made again on the new tip if the branch moved); without it, the local branch moves (unless checked out here)', false)
  .option('--branch <branch>', 'branch the release commit goes on', 'main')
  .action(async (env: string, options: { apps: string; tag: string; commit: string; registry: string; digests?: string; push: boolean; branch: string }) => {
    let apps: unknown;
    try {
      apps = JSON.parse(options.apps);
    } catch {
      throw new UsageError(`--apps must be a JSON list such as '["acme-churn-api"]', got ${options.apps}`);
    }
    if (!Array.isArray(apps) || !apps.every((a) => typeof a === 'string')) throw new UsageError(`--apps must be a JSON list of app names, got ${options.apps}`);
    const [environment] = selectEnvironments([env]);
    const { releaseCommand } = await import('./commands/release.js');
    await releaseCommand({
      repoRoot: findRepoRoot(),
      env: environment!,
      apps,
      tag: options.tag,
      commit: options.commit,
      registry: options.registry,
      ...(options.digests ? { digestsDir: options.digests } : {}),
      push: options.push,
      branch: options.branch,
    });
  });

/**
 * Where promotion pull requests go. Checked before anything is written: a real run needs both
 * variables; a dry run calls no API and needs neither.
 */
const githubTarget = (dryRun: boolean) => {
  const repository = dryRun ? { owner: process.env.GITHUB_REPOSITORY?.split('/')[0] ?? 'owner', repo: process.env.GITHUB_REPOSITORY?.split('/')[1] ?? 'repo' } : requireGitHubCredentials();
  return { github: createGitHubClient(), ...repository, dryRun };
};

program
  .command('promote')
  .description('open (or update) a pull request that moves verified versions from one environment to another')
  .argument('<from>', `source environment (${ALL_ENVIRONMENTS.join(', ')})`)
  .argument('<to>', 'target environment')
  .option('--app <app...>', 'promote only these apps (a deliberate promotion: releases their holds)')
  .option('--apps <list>', 'the same as --app, as one comma- or space-separated list (for workflow inputs)')
  .option('--model <model...>', 'promote only these models (<customer>-<model>, as in workloads:models; releases their holds); naming apps or models narrows the promotion to them')
  .option('--models <list>', 'the same as --model, as one comma- or space-separated list (for workflow inputs)')
  .option('--version <tag>', 'with one --app and --hotfix: promote this build instead of the one running in <from>')
  .option('--commit <sha>', 'with --version: the commit that build came from')
  .option('--hotfix', 'allow an unverified version or a frozen target; needs --reason', false)
  .option('--reason <why>', 'why this hotfix is needed (goes into the pull request)')
  .option('--base-branch <branch>', 'branch the pull request targets', 'main')
  .option('--dry-run', 'print the branch, the changed files and the pull request body; push nothing, call no API', false)
  .addHelpText('after', GITHUB_ENVIRONMENT_HELP)
  .action(async (from: string, to: string, options: { app?: string[]; apps?: string; model?: string[]; models?: string; version?: string; commit?: string; hotfix: boolean; reason?: string; baseBranch: string; dryRun: boolean }) => {
    const [source] = selectEnvironments([from]);
    const [target] = selectEnvironments([to]);
    if (options.hotfix && !options.reason) throw new UsageError('--hotfix needs --reason "<why>"');
    const apps = [...(options.app ?? []), ...(options.apps ?? '').split(/[\s,]+/).filter(Boolean)];
    const models = [...(options.model ?? []), ...(options.models ?? '').split(/[\s,]+/).filter(Boolean)];
    const { promoteCommand } = await import('./commands/promote.js');
    await promoteCommand({
      repoRoot: findRepoRoot(),
      ...githubTarget(options.dryRun),
      from: source as Environment,
      to: target as Environment,
      ...(apps.length ? { apps } : {}),
      ...(models.length ? { models } : {}),
      ...(options.version ? { version: { tag: options.version, commit: options.commit ?? '' } } : {}),
      ...(options.hotfix ? { hotfix: { reason: options.reason ?? '' } } : {}),
      baseBranch: options.baseBranch,
    });
  });

program
  .command('rollback')
  .description('open a pull request that returns an app or a model to a version that ran before, and holds it there')
  .argument('<env>', 'environment')
  .option('--app <app>', 'the app to roll back')
  .option('--model <model>', 'the model to roll back (<customer>-<model>, as in workloads:models)')
  .option('--to <version>', 'the version to return to (an image tag, or a model version); default: the one before the current')
  .requiredOption('--reason <why>', 'why: recorded with the hold and in the pull request')
  .option('--base-branch <branch>', 'branch the pull request targets', 'main')
  .option('--dry-run', 'print the branch, the changed files and the pull request body; push nothing, call no API', false)
  .addHelpText('after', GITHUB_ENVIRONMENT_HELP)
  .action(async (env: string, options: { app?: string; model?: string; to?: string; reason: string; baseBranch: string; dryRun: boolean }) => {
    const [environment] = selectEnvironments([env]);
    if (!options.app === !options.model) throw new UsageError('name what to roll back: --app <app> or --model <customer>-<model>, one of them');
    const { rollbackCommand } = await import('./commands/promote.js');
    await rollbackCommand({
      repoRoot: findRepoRoot(),
      ...githubTarget(options.dryRun),
      env: environment!,
      ...(options.app ? { app: options.app } : { model: options.model! }),
      ...(options.to ? { to: options.to } : {}),
      reason: options.reason,
      baseBranch: options.baseBranch,
    });
  });

program
  .command('rerun')
  .description('re-run a job, cron or Spark job the GitOps way: a re-run count in the environment\'s stack config renders a new run object Flux applies — committed directly, or a pull request where changes are reviewed (production)')
  .argument('<app>', 'the app (a job, cron or spark-job)')
  .requiredOption('--env <env>', `environment (${ALL_ENVIRONMENTS.join(', ')})`)
  .requiredOption('--reason <why>', 'why it runs again: recorded in the stack config, the commit and workbench history')
  .option('--base-branch <branch>', 'branch the re-run is committed to, or the pull request targets', 'main')
  .option('--dry-run', 'make and show the change in a throwaway worktree; push nothing, call no API', false)
  .addHelpText('after', GITHUB_ENVIRONMENT_HELP)
  .action(async (app: string, options: { env: string; reason: string; baseBranch: string; dryRun: boolean }) => {
    const [environment] = selectEnvironments([options.env]);
    const { REVIEWED_ENVIRONMENTS, rerunCommand } = await import('./commands/rerun.js');
    // A pull request needs credentials: checked before anything is written.
    const github = REVIEWED_ENVIRONMENTS.includes(environment!) ? githubTarget(options.dryRun) : {};
    await rerunCommand({ repoRoot: findRepoRoot(), env: environment!, app, reason: options.reason, baseBranch: options.baseBranch, dryRun: options.dryRun, ...github });
  });

program
  .command('status')
  .description('which version of each app and model runs in each environment, how far production is behind staging, holds, active freezes')
  .option('--json', 'machine-readable output', false)
  .action(async (options: { json: boolean }) => {
    const { formatStatus, statusCommand } = await import('./commands/status.js');
    const status = await statusCommand({ repoRoot: findRepoRoot() });
    process.stdout.write(options.json ? JSON.stringify(status, null, 2) + '\n' : formatStatus(status));
  });

program
  .command('history')
  .description('the audit trail of an environment from git: when, who, which versions, which pull request')
  .argument('<env>', 'environment')
  .option('--app <app>', 'only changes of this app')
  .option('--model <model>', 'only changes of this model (<customer>-<model>)')
  .option('--json', 'machine-readable output', false)
  .action(async (env: string, options: { app?: string; model?: string; json: boolean }) => {
    const [environment] = selectEnvironments([env]);
    const { formatHistory, historyCommand } = await import('./commands/history.js');
    const entries = await historyCommand({ repoRoot: findRepoRoot(), env: environment!, ...(options.app ? { app: options.app } : {}), ...(options.model ? { model: options.model } : {}) });
    process.stdout.write(options.json ? JSON.stringify(entries, null, 2) + '\n' : formatHistory(entries));
  });

const model = program.command('model').description('models travel like images: pin the versions MLflow registered past their bar (promote, rollback, status and history cover models too)');
model
  .command('release')
  .description(`pin, for every model a service serves, the newest version registered in MLflow past its bar; re-render and commit, in a temporary worktree (models are released into staging and promoted from there)`)
  .argument('<env>', 'environment (staging)')
  .option('--push', 'push the commit to origin (made again on the new tip if the branch moved); without it, the local branch moves (unless checked out here)', false)
  .option('--branch <branch>', 'branch the release commit goes on', 'main')
  .option('--dry-run', 'read the registry and show what would be pinned and which files would change; commit nothing', false)
  .addHelpText('after', '\nEnvironment:\n  MLFLOW_TRACKING_URI    the MLflow tracking server (required)\n  MLFLOW_TRACKING_TOKEN  its bearer token, when it needs one')
  .action(async (env: string, options: { push: boolean; branch: string; dryRun: boolean }) => {
    const [environment] = selectEnvironments([env]);
    const { mlflowFromEnv } = await import('@workbench/ml-sdk/mlflow-client');
    const mlflow = mlflowFromEnv();
    if (!mlflow) throw new MissingCredentialsError('MLFLOW_TRACKING_URI is not set: set it to the MLflow tracking server, e.g. https://mlflow.staging.example.com (and MLFLOW_TRACKING_TOKEN when it needs one)');
    const { modelReleaseCommand } = await import('./commands/model-release.js');
    await modelReleaseCommand({ repoRoot: findRepoRoot(), env: environment!, mlflow, push: options.push, branch: options.branch, dryRun: options.dryRun });
  });

const cloud = program.command('cloud').description('the cloud program (platform/cloud): what day zero and the workflows need');
cloud
  .command('vars')
  .description('print the GitHub repository variables the workflows read (account, region, registry, roles, state backend), from platform/cloud/Pulumi.shared.yaml')
  .addOption(new Option('--format <format>', 'table, gh (`gh variable set` commands to run), or json').choices(['table', 'gh', 'json']).default('table'))
  .action(async (options: { format: 'table' | 'gh' | 'json' }) => {
    const { cloudVarsCommand } = await import('./commands/cloud-vars.js');
    process.stdout.write(cloudVarsCommand({ repoRoot: findRepoRoot(), format: options.format }));
  });

registerLabCommands(program);

/** Every command path the CLI has (`render`, `lab create`, …): what `portal build --check` accepts in a guide. */
const commandPaths = (command: Command, prefix = ''): string[] =>
  command.commands.flatMap((sub) => [`${prefix}${sub.name()}`, ...commandPaths(sub, `${prefix}${sub.name()} `)]);

const portal = program.command('portal').description('the portal: one static site with the catalog, environments, platform, labs, templates and guides, generated from the repository');
portal
  .command('build')
  .description('write the portal (static HTML with offline search, Backstage entities, status.json) from the repository, replacing --out atomically; fails first on a guide link, heading or command that does not exist')
  .option('--out <dir>', 'where to write the site', 'dist/portal')
  .option('--base-path <path>', 'the path the site is served under (GitHub Pages: /<repository>/)', '/')
  .option('--remote <remote>', 'the git remote lab branches live on', 'origin')
  .option('--check', 'build nothing: exit 1 listing every guide link to a file or heading, and every command, that does not exist', false)
  .action(async (options: { out: string; basePath: string; remote: string; check: boolean }) => {
    if (!/^\/([\w.~-]+\/)*$/.test(options.basePath)) throw new UsageError(`--base-path ${options.basePath}: expected a path that starts and ends with /, e.g. / or /workbench/`);
    const { PortalCheckError, PortalOutputError, portalBuildCommand, portalCheckCommand } = await import('./commands/portal.js');
    const repoRoot = findRepoRoot();
    const commands = commandPaths(program);
    try {
      process.stdout.write(options.check ? portalCheckCommand({ repoRoot, commands }) : await portalBuildCommand({ repoRoot, commands, out: options.out, basePath: options.basePath, remote: options.remote }));
    } catch (error) {
      if (error instanceof PortalOutputError) throw new UsageError(error.message);
      if (!(error instanceof PortalCheckError)) throw error;
      process.stderr.write(`workbench: ${error.message}`);
      process.exitCode = 1;
    }
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`workbench: ${describeGitHubError(error)}\n`);
  process.exitCode = error instanceof UsageError || error instanceof LabInputError || error instanceof MissingCredentialsError ? 2 : 1;
});
