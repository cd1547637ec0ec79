import { Command, Option } from 'commander';
import { diffCommand } from './commands/diff.js';
import { renderCommand } from './commands/render.js';
import { validateCommand } from './commands/validate.js';
import { selectEnvironments, UsageError, ALL_ENVIRONMENTS } from './environments.js';
import { findRepoRoot } from './repo-root.js';

const program = new Command()
  .name('workbench')
  .description('Render, validate and diff the environments Flux deploys, from the Pulumi programs in platform/')
  .showHelpAfterError();

const envOption = () =>
  new Option('--env <env...>', `environments to work on (default: all of ${ALL_ENVIRONMENTS.join(', ')})`);

program
  .command('render')
  .description('render environments/<env>/ from platform/workloads and apps/*/workload.yaml, atomically')
  .addOption(envOption())
  .option('--check', 'write nothing; exit 1 listing every stale, missing or hand-edited file', false)
  .action(async (options: { env?: string[]; check: boolean }) => {
    const summary = await renderCommand({ repoRoot: findRepoRoot(), environments: selectEnvironments(options.env), check: options.check });
    process.exitCode = summary.ok ? 0 : 1;
  });

program
  .command('validate')
  .description('check rendered manifests: strict schemas (Kubernetes, Flux, cert-manager, external-secrets, prometheus-operator, spark-operator), kustomize builds, and policy')
  .addOption(envOption())
  .action(async (options: { env?: string[] }) => {
    const summary = await validateCommand({ repoRoot: findRepoRoot(), environments: selectEnvironments(options.env) });
    process.exitCode = summary.ok ? 0 : 1;
  });

program
  .command('diff')
  .description('show, object by object, what rendering the working tree changes in each environment compared with a git revision')
  .addOption(envOption())
  .option('--base <rev>', 'git revision to compare with', 'HEAD')
  .addOption(new Option('--format <format>', 'output format').choices(['terminal', 'markdown']).default('terminal'))
  .option('--exit-code', 'exit 1 when there are changes (like git diff --exit-code)', false)
  .action(async (options: { env?: string[]; base: string; format: 'terminal' | 'markdown'; exitCode: boolean }) => {
    const result = await diffCommand({
      repoRoot: findRepoRoot(),
      environments: selectEnvironments(options.env),
      base: options.base,
      format: options.format,
      color: process.stdout.isTTY && !process.env.NO_COLOR,
    });
    const changed = result.diffs.some((d) => d.changes.length > 0);
    process.exitCode = !result.ok ? 2 : options.exitCode && changed ? 1 : 0;
  });

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`workbench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
